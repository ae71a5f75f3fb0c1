"""Per-language hostnames, and input no view should ever see refused at the door."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponsePermanentRedirect
from django.http.multipartparser import MultiPartParserError
from django.utils import translation

from deiseb.core.views import bad_request
from deiseb.lib.text import MAX_ID


def language_of_path(path: str) -> str | None:
    prefix = path.lstrip("/").split("/", 1)[0]
    return prefix if prefix in dict(settings.LANGUAGES) else None


class LanguageHostMiddleware:
    """Per-language hostnames: petitions.example.wales speaks English, deisebau.example.cymru Welsh.

    Keep each language on its own host when hosts are configured; otherwise do nothing.

    A page asked for on the other language's host moves, permanently, to its own host, so search
    engines and shared links settle on one address per page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.hosts = settings.LANGUAGE_HOSTS
        self.languages = {host: language for language, host in self.hosts.items()}

    def __call__(self, request):
        if self.hosts:
            host = request.get_host().split(":")[0]
            host_language = self.languages.get(host)
            path_language = language_of_path(request.path)
            if host_language and request.path == "/":
                return HttpResponsePermanentRedirect(f"/{host_language}/")
            if host_language and path_language and path_language != host_language:
                target = self.hosts[path_language]
                return HttpResponsePermanentRedirect(
                    f"{request.scheme}://{target}{request.get_full_path()}"
                )
        return self.get_response(request)


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Browsers send forms in UTF-8 and declare no charset; Django decodes the query by the declared
# one too, and refuses a form body in any other with an exception.
ACCEPTED_CHARSET = "utf-8"
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)


def _has_nul(pairs) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in pairs)


def _unreadable(request) -> bool:
    """NUL anywhere a view or the database could read it, or a body in a charset we don't take."""
    charset = request.content_params.get("charset")
    if charset is not None and charset.strip().lower() != ACCEPTED_CHARSET:
        return True
    headers = [value for key, value in request.META.items() if key.startswith("HTTP_")]
    if "\x00" in request.path or any("\x00" in str(value) for value in headers):
        return True
    cookies = ((name, [value]) for name, value in request.COOKIES.items())
    if _has_nul(request.GET.lists()) or _has_nul(cookies):
        return True
    is_form = request.method == "POST" and request.content_type in FORM_CONTENT_TYPES
    return is_form and _has_nul(request.POST.lists())


def _too_big_for_the_database(query) -> bool:
    """A whole number in a lookup (?pk__in=1,2) that no 64-bit column could hold."""
    return any(
        _INTEGER.fullmatch(part) and abs(int(part)) > MAX_ID
        for _key, values in query.lists()
        for value in values
        for part in value.split(",")
    )


def bad_request_page(request, language: str | None = None):
    """The 400 page, in the page's language, never kept by a shared cache."""
    if language is None:
        return bad_request(request)
    with translation.override(language):
        response = bad_request(request)
        response.headers.setdefault("Content-Language", language)
        return response


class BadInputMiddleware:
    """Answer 400 for input that would otherwise end as a server error, before anything reads it.

    PostgreSQL cannot store or even compare text holding a NUL byte, so one in a path, query,
    cookie, header or form raises an error deep in whichever query meets it. Django refuses a
    form body declared in a charset other than UTF-8 with an exception that its own 400 page
    raises again (the page re-reads the form to check the CSRF token). And the admin puts its
    list's query string straight into SQL, where SQLite cannot bind an integer beyond 64 bits.
    Refusing these here, early, is one rule instead of a guard in every view; the page is
    rendered in the language of the path, as LocaleMiddleware has not run yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            unreadable = _unreadable(request)
        except (BadRequest, SuspiciousOperation, MultiPartParserError, OSError):
            unreadable = True  # a broken multipart body, too many fields, a dropped connection
        if unreadable:
            language = language_of_path(request.path) or settings.LANGUAGE_CODE
            return bad_request_page(request, language)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if "admin" in request.resolver_match.namespaces and _too_big_for_the_database(request.GET):
            return bad_request_page(request)
        return None
