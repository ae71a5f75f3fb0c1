"""{% embed_snippet petition %}: the <iframe> code a campaigner copies onto their own site."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.inclusion_tag("opendata/includes/embed_snippet.html", takes_context=True)
def embed_snippet(context, petition):
    """The code as text: escaped once here for the pasted HTML, and again (force_escape, as it
    is marked safe) by the template to show it in the text box.

    It names the frame's address in full, so it works pasted on any site.
    """
    url = context["request"].build_absolute_uri(reverse("syndication:embed", args=[petition.pk]))
    code = format_html(
        '<iframe src="{}" title="{}" width="320" height="220" style="border: 0"></iframe>',
        url,
        petition.action,
    )
    return {"petition": petition, "code": code}
