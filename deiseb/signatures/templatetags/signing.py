"""Where a petition's signers are, for the petition's page.

The page belongs to the petitions app, below this one; its template loads these tags so that
petitions need not import signatures (see the layers in pyproject.toml).
"""

from django import template

from deiseb.signatures import queries

register = template.Library()


@register.simple_tag
def wales_share(petition) -> queries.Share:
    return queries.share_from_wales(petition)


@register.simple_tag
def top_constituencies(petition, limit: int = 5):
    return queries.top_constituencies(petition, limit)
