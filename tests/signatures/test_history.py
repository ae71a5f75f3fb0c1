"""Hourly history: the counter keeps each hour as it counts, and every change keeps it exact."""

import datetime

import pytest
from django.utils import timezone

from deiseb.signatures import history
from deiseb.signatures.counting import count_signatures, invalidate_signatures, reconcile_counts
from deiseb.signatures.models import HourlyConstituencyCount, HourlyCount, HourlyCountryCount
from tests.factories import OpenPetitionFactory, ValidatedSignatureFactory, constituency

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NINE = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def at(hours: float, base=NINE) -> datetime.datetime:
    return base + datetime.timedelta(hours=hours)


def sign(petition, when, n=1, **kwargs):
    return ValidatedSignatureFactory.create_batch(n, petition=petition, validated_at=when, **kwargs)


def stored(model, petition, *keys):
    return {
        tuple(values[:-1]) if len(values) > 2 else values[0]: values[-1]
        for values in model.objects.filter(petition=petition).values_list(*keys, "count")
    }


def test_signatures_land_in_the_hour_they_were_confirmed_not_counted():
    petition = OpenPetitionFactory()
    sign(petition, at(0.1), 3)
    sign(petition, at(0.9))
    sign(petition, at(2.5), 2)
    count_signatures()  # counted now, long after: the hours are still 09:00 and 11:00

    assert history.hours(petition) == [(NINE, 4), (at(2), 2)]
    assert history.hourly(petition) == [
        history.Point(NINE, 4, 4),
        history.Point(at(1), 0, 4),
        history.Point(at(2), 2, 6),
    ]


def test_a_later_batch_adds_to_the_same_hour():
    petition = OpenPetitionFactory()
    sign(petition, at(0.2), 2)
    count_signatures()
    sign(petition, at(0.7), 5)
    count_signatures()
    assert stored(HourlyCount, petition, "hour") == {NINE: 7}


def test_hours_by_constituency_and_country_sum_to_the_breakdowns():
    cardiff = constituency()
    petition = OpenPetitionFactory()
    sign(petition, at(0.5), 3, constituency=cardiff)
    sign(petition, at(1.5), 2, constituency=cardiff)
    sign(petition, at(1.5), 4, country_id="FR", postcode="")
    count_signatures()

    assert stored(HourlyConstituencyCount, petition, "hour", "constituency") == {
        (NINE, cardiff.code): 3,
        (at(1), cardiff.code): 2,
    }
    assert stored(HourlyCountryCount, petition, "hour", "country") == {
        (NINE, "GB-WLS"): 3,
        (at(1), "GB-WLS"): 2,
        (at(1), "FR"): 4,
    }
    petition.refresh_from_db()
    assert sum(stored(HourlyCount, petition, "hour").values()) == petition.signature_count == 9


def test_an_invalidated_signature_leaves_the_hour_it_was_confirmed_in():
    cardiff = constituency()
    petition = OpenPetitionFactory()
    early = sign(petition, at(0.5), 2, constituency=cardiff)
    sign(petition, at(3.5), 1, constituency=cardiff)
    count_signatures()

    invalidate_signatures([early[0].pk])

    assert stored(HourlyCount, petition, "hour") == {NINE: 1, at(3): 1}
    by_seat = stored(HourlyConstituencyCount, petition, "hour", "constituency")
    assert by_seat[(NINE, cardiff.code)] == 1
    assert stored(HourlyCountryCount, petition, "hour", "country")[(NINE, "GB-WLS")] == 1


def test_an_uncounted_signature_invalidated_changes_no_hour():
    petition = OpenPetitionFactory()
    sign(petition, at(0.5), 2)
    count_signatures()
    (late,) = sign(petition, at(0.6))
    invalidate_signatures([late.pk])
    count_signatures()
    assert stored(HourlyCount, petition, "hour") == {NINE: 2}


def test_reconciliation_repairs_a_drifted_hour_and_removes_a_stray_one():
    cardiff = constituency()
    petition = OpenPetitionFactory()
    sign(petition, at(0.5), 3, constituency=cardiff)
    count_signatures()
    HourlyCount.objects.filter(petition=petition).update(count=10)
    HourlyCount.objects.create(petition=petition, hour=at(5), count=4)
    HourlyConstituencyCount.objects.filter(petition=petition).delete()

    assert reconcile_counts([petition.pk]) == 1
    assert stored(HourlyCount, petition, "hour") == {NINE: 3}
    assert stored(HourlyConstituencyCount, petition, "hour", "constituency") == {
        (NINE, cardiff.code): 3
    }
    assert reconcile_counts([petition.pk]) == 0


def test_daily_folds_hours_into_local_days_across_the_clocks_going_back():
    petition = OpenPetitionFactory()
    # 25 October 2026: the clocks go back at 02:00 BST. 23:30 UTC on the 24th is 00:30 BST on
    # the 25th; 23:30 UTC on the 25th is 23:30 GMT, still the 25th.
    sign(petition, datetime.datetime(2026, 10, 24, 22, 30, tzinfo=UTC))  # 23:30 BST, the 24th
    sign(petition, datetime.datetime(2026, 10, 24, 23, 30, tzinfo=UTC), 2)
    sign(petition, datetime.datetime(2026, 10, 25, 23, 30, tzinfo=UTC), 3)
    sign(petition, datetime.datetime(2026, 10, 27, 12, 0, tzinfo=UTC))
    count_signatures()

    assert history.daily(petition) == [
        history.Point(datetime.date(2026, 10, 24), 1, 1),
        history.Point(datetime.date(2026, 10, 25), 5, 6),
        history.Point(datetime.date(2026, 10, 26), 0, 6),
        history.Point(datetime.date(2026, 10, 27), 1, 7),
    ]


def test_a_petition_with_no_counted_signatures_has_no_history():
    petition = OpenPetitionFactory()
    sign(petition, timezone.now())  # confirmed, not yet counted
    assert history.hourly(petition) == []
    assert history.daily(petition) == []
