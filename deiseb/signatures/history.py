"""A petition's signatures over time, read from the rows the counter keeps by the hour.

The counter buckets each signature by the UTC hour it was confirmed in (`counting.BREAKDOWNS`), so
these series sum to the petition's counted signatures; paper signatures have no hour and are not
in them. Charts want every period, so `hourly` and `daily` fill the quiet ones with zeros; the
open data lists only the hours that have signatures (`hours`, `hours_by`).
"""

import datetime
from typing import NamedTuple

from django.utils import timezone

from deiseb.petitions.models import Petition
from deiseb.signatures.models import HourlyConstituencyCount, HourlyCount, HourlyCountryCount

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


class Point(NamedTuple):
    """`count` signatures confirmed in the period starting `at`; `total` the running total."""

    at: datetime.datetime | datetime.date
    count: int
    total: int


def hours(petition: Petition) -> list[tuple[datetime.datetime, int]]:
    """(hour, signatures) for each hour that has any, oldest first."""
    return list(
        HourlyCount.objects.filter(petition=petition, count__gt=0)
        .order_by("hour")
        .values_list("hour", "count")
    )


def running(periods) -> list[Point]:
    total = 0
    points = []
    for at, count in periods:
        total += count
        points.append(Point(at, count, total))
    return points


def hourly(petition: Petition) -> list[Point]:
    """Every hour from the first signature's to the last counted one, quiet hours as zeros."""
    counted = dict(hours(petition))
    if not counted:
        return []
    first, last = min(counted), max(counted)
    every = (first + step * HOUR for step in range(int((last - first) / HOUR) + 1))
    return running((hour, counted.get(hour, 0)) for hour in every)


def daily(petition: Petition) -> list[Point]:
    """Every local day (settings.TIME_ZONE) from the first signature's to the last counted one.

    UTC hours fall whole into local days wherever the offset is whole hours, as in the UK.
    """
    by_day: dict[datetime.date, int] = {}
    for hour, count in hours(petition):
        day = timezone.localtime(hour).date()
        by_day[day] = by_day.get(day, 0) + count
    if not by_day:
        return []
    first, last = min(by_day), max(by_day)
    days = ((first + step * DAY) for step in range((last - first).days + 1))
    return running((day, by_day.get(day, 0)) for day in days)


BY = {
    "constituency": (HourlyConstituencyCount, "constituency"),
    "country": (HourlyCountryCount, "country"),
}


def hours_by(petition: Petition, by: str):
    """The hourly rows broken down by constituency or country, with the place, oldest first."""
    model, place = BY[by]
    return (
        model.objects.filter(petition=petition, count__gt=0)
        .select_related(place)
        .order_by("hour", f"{place}_id")
    )
