"""The admin index warns when the postcode data that signing needs is not loaded."""

from django import template

from deiseb.geography.services import geography_status_message

register = template.Library()


@register.simple_tag
def geography_warning():
    return geography_status_message()
