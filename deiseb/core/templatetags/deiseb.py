from django import template
from django.conf import settings
from django.urls import translate_url

from deiseb.lib import postcodes

register = template.Library()


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """The current page in another language (same page, other prefix)."""
    request = context.get("request")
    if request is None:
        return f"/{language}/"
    url = translate_url(request.get_full_path(), language)
    if url == request.get_full_path() and not url.startswith(f"/{language}/"):
        url = f"/{language}/"
    host = settings.LANGUAGE_HOSTS.get(language)
    return f"{request.scheme}://{host}{url}" if host else url


@register.filter
def percent_of(value, total) -> int:
    try:
        return min(100, int(100 * int(value) / int(total))) if int(total) else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def postcode(value) -> str:
    """A stored postcode ("CF101AA") as people write it ("CF10 1AA")."""
    return postcodes.format_postcode(value) if value else ""
