from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers


def root_redirect(request):
    """Send visitors to their own language (from Accept-Language), English by default."""
    language = translation.get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{language if language == 'cy' else 'en'}/")


def bad_request(request, exception=None):
    """The 400 page, for handler400 and BadInputMiddleware.

    Not Django's default: that one checks the CSRF token first, which re-reads a form body Django
    could not read, and fails again. Never cached, since the request was one person's own.
    """
    response = render(request, "400.html", status=400)
    add_never_cache_headers(response)
    return response


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
