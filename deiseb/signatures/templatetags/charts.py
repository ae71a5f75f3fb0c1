"""The chart of signatures over time and the share image's tags, for the petition's page.

The page belongs to the petitions app, below this one: tags rather than its view building them,
so that petitions need not import signatures (see the layers in pyproject.toml).
"""

from django import template
from django.conf import settings
from django.urls import reverse

from deiseb.signatures import charts

register = template.Library()


@register.inclusion_tag("signatures/chart.html")
def signature_chart(petition) -> dict:
    return {"chart": charts.signature_chart(petition), "petition": petition}


@register.inclusion_tag("signatures/share_meta.html", takes_context=True)
def share_meta(context, petition) -> dict:
    """Open Graph tags, so a posted link shows the petition's share image and title.

    Absolute addresses from SITE_URL, as social sites' crawlers need; the image is the page's
    own language's.
    """
    request = context["request"]
    image = reverse("signatures:share_image", args=[petition.pk])
    return {
        "petition": petition,
        "parliament_name": context.get("parliament_name", ""),
        "page_url": f"{settings.SITE_URL}{request.path}",
        "image_url": None if petition.is_rejected else f"{settings.SITE_URL}{image}",
    }
