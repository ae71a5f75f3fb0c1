"""Reads for the public pages; each costs one query whatever the number of signatures."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from deiseb.geography.models import Country
from deiseb.petitions.models import Petition
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature


@dataclass(frozen=True)
class Share:
    count: int
    percent: int


def share_from_wales(petition: Petition) -> Share:
    """How many counted signatures came from Wales: the Committee weighs this."""
    count = (
        CountryCount.objects.filter(petition=petition, country_id=Country.WALES)
        .values_list("count", flat=True)
        .first()
    ) or 0
    total = petition.signature_count
    return Share(count, round(100 * count / total) if total else 0)


def top_constituencies(petition: Petition, limit: int = 5):
    return (
        ConstituencyCount.objects.filter(petition=petition, count__gt=0)
        .select_related("constituency")
        .order_by("-count", "constituency__name_en")[:limit]
    )


def popular_in(constituency, limit: int = 20):
    """Open petitions with the most signatures from one constituency."""
    return (
        ConstituencyCount.objects.filter(
            constituency=constituency,
            count__gt=0,
            petition__in=Petition.objects.listed("open"),
        )
        .select_related("petition")
        .order_by("-count")[:limit]
    )


def trending(now: datetime.datetime | None = None, limit: int = 5) -> list[tuple[Petition, int]]:
    """Open petitions by signatures confirmed in the last window (an hour by default)."""
    since = (now or timezone.now()) - datetime.timedelta(minutes=settings.TRENDING_WINDOW_MINUTES)
    recent = dict(
        Signature.objects.validated()
        .filter(validated_at__gte=since, petition__in=Petition.objects.listed("open"))
        .values_list("petition")
        .annotate(n=Count("pk"))
        .order_by("-n")[:limit]
    )
    petitions = Petition.objects.in_bulk(list(recent))
    return [(petitions[pk], n) for pk, n in recent.items() if pk in petitions]
