"""A signer's Members of the Senedd, for the page that thanks them for signing.

That page belongs to the signatures app, below this one; its template loads this tag so that
signatures need not import the record (see the layers in pyproject.toml).
"""

from django import template
from django.utils import timezone

from deiseb.core.caching import remembered
from deiseb.parliament.queries import members_held_on, seats_for

register = template.Library()


@register.simple_tag
def senedd_members(constituency) -> dict:
    """Today's seats for the constituency, and whether today's members are held at all.

    Without the day's members a constituency with no seat means the list is missing here (the
    members file may predate an election), not that the place has nobody to speak for it.
    """
    today = timezone.localdate()

    def look_up():
        seats = list(seats_for(constituency, today)) if constituency else []
        return {"seats": seats, "held": bool(seats) or members_held_on(today)}

    # Every confirmed signature shows this page: each process keeps the answer a moment.
    where = constituency.pk if constituency else ""
    return remembered(f"parliament:members:{where}:{today.isoformat()}", look_up)
