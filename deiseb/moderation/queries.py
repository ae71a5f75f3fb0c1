"""How long petitions wait for moderation: the queue's facets and the moderation lag.

The lag (from reaching enough supporters to the first decision: publish, reject or hide) is
read from the petition's history rather than stored. The history is append-only and written
by every path that decides a petition (the staff pages, the demo, a sysadmin's shell), so the
lag cannot drift from it, needs no backfill for petitions decided before this was written, and
a later re-moderation never overwrites the first decision. The cost is a join on PetitionEvent
for the average, bounded by its time window.
"""

import datetime

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deiseb.petitions.models import Petition, PetitionEvent

DECISIONS = ("publish", "reject", "hide")
# The average on the queue page is over recent decisions: it says how the team is doing now.
LAG_WINDOW = datetime.timedelta(days=30)

# The queue's facets, in the order the page shows them.
FACETS = {
    "recent": _("Recent"),
    "nearly_overdue": _("Nearly overdue"),
    "overdue": _("Overdue"),
}


def _facet_conditions(now) -> dict[str, Q]:
    nearly = now - datetime.timedelta(days=settings.MODERATION_NEARLY_OVERDUE_DAYS)
    overdue = now - datetime.timedelta(days=settings.MODERATION_OVERDUE_DAYS)
    return {
        "recent": Q(sponsored_at__gt=nearly) | Q(sponsored_at__isnull=True),
        "nearly_overdue": Q(sponsored_at__gt=overdue, sponsored_at__lte=nearly),
        "overdue": Q(sponsored_at__lte=overdue),
    }


def queue(facet: str = "", *, now=None):
    """The petitions in moderation, oldest first, each annotated with its `facet`."""
    conditions = _facet_conditions(now or timezone.now())
    petitions = (
        Petition.objects.in_moderation()
        .annotate(
            facet=Case(
                *(When(condition, then=Value(name)) for name, condition in conditions.items()),
                output_field=CharField(),
            )
        )
        .order_by("sponsored_at", "pk")
    )
    return petitions.filter(conditions[facet]) if facet in conditions else petitions


def facet_counts(*, now=None) -> dict[str, int]:
    """{facet: how many petitions in moderation it holds}, and "all", in one query."""
    conditions = _facet_conditions(now or timezone.now())
    return Petition.objects.in_moderation().aggregate(
        all=Count("pk"),
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()},
    )


def decisions():
    """Decisions taken on a petition in the queue (not a later takedown or re-moderation)."""
    return PetitionEvent.objects.filter(
        verb__in=DECISIONS, state_before__in=Petition.MODERATION_STATES
    )


def moderation_lag(petition: Petition) -> datetime.timedelta | None:
    """From reaching enough supporters to the first decision; None if not yet decided.

    Reads the prefetched history when the caller has it (the staff petition page does).
    """
    first = min(
        (event for event in petition.events.all() if _is_decision(event)),
        key=lambda event: event.pk,
        default=None,
    )
    if first is None or petition.sponsored_at is None:
        return None
    return first.created_at - petition.sponsored_at


def _is_decision(event: PetitionEvent) -> bool:
    return event.verb in DECISIONS and event.state_before in Petition.MODERATION_STATES


def average_lag(*, now=None) -> tuple[datetime.timedelta | None, int]:
    """The mean lag of first decisions taken in the last LAG_WINDOW, and how many there were."""
    since = (now or timezone.now()) - LAG_WINDOW
    earlier = decisions().filter(petition=OuterRef("petition"), pk__lt=OuterRef("pk"))
    result = (
        decisions()
        .filter(created_at__gte=since, petition__sponsored_at__isnull=False)
        .exclude(Exists(earlier))
        .aggregate(
            lag=Avg(
                ExpressionWrapper(
                    F("created_at") - F("petition__sponsored_at"), output_field=DurationField()
                )
            ),
            decided=Count("pk"),
        )
    )
    return result["lag"], result["decided"]
