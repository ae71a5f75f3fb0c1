"""The record's part of the petition's page: its timeline, with what followed the petition.

The page belongs to the petitions app, below this one; its template loads this tag so that
petitions need not import the record (see the layers in pyproject.toml).
"""

from django import template

from deiseb.parliament.queries import petition_timeline as timeline

register = template.Library()


@register.simple_tag
def petition_timeline(petition):
    return timeline(petition)
