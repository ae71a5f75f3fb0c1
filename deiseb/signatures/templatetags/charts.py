"""The chart of signatures over time, for the petition's page.

The page belongs to the petitions app, below this one: tags rather than its view building them,
so that petitions need not import signatures (see the layers in pyproject.toml).
"""

from django import template

from deiseb.signatures import charts

register = template.Library()


@register.inclusion_tag("signatures/chart.html")
def signature_chart(petition) -> dict:
    return {"chart": charts.signature_chart(petition), "petition": petition}

