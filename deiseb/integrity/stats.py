"""A petition's signatures as a moderator weighs them: duplicates, unconfirmed, pace, throwaways.

Two queries whatever the petition's size: one aggregate over its signatures, and one count per
hour of the last day. Every state is included (fraudulent and invalidated too), since the figures
describe who tried to sign, not the count.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.utils import timezone

from deiseb.integrity.trending import HOUR, hour_start
from deiseb.signatures.models import Signature

HOURS_SHOWN = 24


@dataclass(frozen=True)
class PetitionStats:
    total: int
    pending: int
    validated: int
    fraudulent: int
    invalidated: int
    distinct_emails: int
    disposable: int
    # (start of the hour, signatures created in it), oldest first, the current hour last.
    per_hour: list[tuple[datetime.datetime, int]]

    @property
    def duplicate_emails(self) -> int:
        """Signatures sharing a canonical email with an earlier one (households included)."""
        return self.total - self.distinct_emails

    @property
    def pending_percent(self) -> float:
        return 100 * self.pending / self.total if self.total else 0.0

    @property
    def disposable_percent(self) -> float:
        return 100 * self.disposable / self.total if self.total else 0.0

    @property
    def busiest_hour(self) -> int:
        return max((count for _, count in self.per_hour), default=0)


def petition_stats(petition, now=None) -> PetitionStats:
    now = now or timezone.now()
    states = Signature.State
    signatures = Signature.objects.filter(petition=petition)
    figures = signatures.aggregate(
        total=Count("id"),
        pending=Count("id", filter=Q(state=states.PENDING)),
        validated=Count("id", filter=Q(state=states.VALIDATED)),
        fraudulent=Count("id", filter=Q(state=states.FRAUDULENT)),
        invalidated=Count("id", filter=Q(state=states.INVALIDATED)),
        distinct_emails=Count("canonical_email", distinct=True),
        disposable=Count("id", filter=Q(disposable=True)),
    )
    hours = [hour_start(now) - HOUR * back for back in range(HOURS_SHOWN - 1, -1, -1)]
    counted = {
        row["hour"]: row["count"]
        for row in signatures.filter(created_at__gte=hours[0])
        .annotate(hour=TruncHour("created_at", tzinfo=datetime.UTC))
        .values("hour")
        .annotate(count=Count("id"))
        .order_by()
    }
    return PetitionStats(**figures, per_hour=[(hour, counted.get(hour, 0)) for hour in hours])
