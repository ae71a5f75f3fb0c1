from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe


def root_redirect(request):
    """Send visitors to their own language (from Accept-Language), English by default."""
    language = translation.get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{language if language == 'cy' else 'en'}/")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says: send them the SVG.

    Not permanent, since the static file's hashed name changes when it does; a day's cache.
    """
    response = HttpResponseRedirect(static("core/favicon.svg"))
    patch_cache_control(response, public=True, max_age=86_400)
    return response


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
