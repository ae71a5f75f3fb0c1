"""The map of where signers live, for the petition's page (which the petitions app owns).

A tag, so that petitions need not import signatures (see the layers in pyproject.toml).
"""

from django import template

from deiseb.signatures import maps

register = template.Library()


@register.inclusion_tag("signatures/map.html")
def signature_map(petition) -> dict:
    """Nothing for a petition the public cannot see, a rejected one, or one with no counts.

    The same two queries either way, so the page's cost does not depend on its signatures.
    """
    shown = None
    if petition.is_published and not petition.is_rejected:
        drawn = maps.signature_map(petition)
        shown = drawn if drawn.total or drawn.elsewhere else None
    return {
        "map": shown,
        "no_signatures_fill": maps.NO_SIGNATURES_FILL,
        "no_figure_fill": maps.NO_FIGURE_FILL,
    }
