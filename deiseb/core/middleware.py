"""Per-language hostnames: petitions.example.wales speaks English, deisebau.example.cymru Welsh."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect


def language_of_path(path: str) -> str | None:
    prefix = path.lstrip("/").split("/", 1)[0]
    return prefix if prefix in dict(settings.LANGUAGES) else None


class LanguageHostMiddleware:
    """Keep each language on its own host when hosts are configured; otherwise do nothing.

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
