from django.conf import settings
from django.utils.translation import get_language

# Which link of the header's navigation a page belongs under, by its URL's namespace or name.
SECTIONS = {
    "petitions": "petitions",
    "signatures": "petitions",
    "syndication": "petitions",
    "parliament:members": "members",
    "parliament:member": "members",
    "parliament": "debates",
    "open_data": "data",
    "opendata": "data",
    "pages:data": "data",
    "pages:help": "help",
}


def section(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return SECTIONS.get(match.view_name) or SECTIONS.get(match.namespace, "")


def site(request):
    return {
        "parliament_name": (
            settings.PARLIAMENT_NAME_CY if get_language() == "cy" else settings.PARLIAMENT_NAME_EN
        ),
        "demo_outbox": settings.DEMO_OUTBOX,
        "section": section(request),
    }
