"""A moderator's figures for one petition: duplicates, unconfirmed, pace, throwaway domains."""

import datetime

import pytest
import time_machine

from deiseb.integrity.stats import petition_stats
from tests.factories import OpenPetitionFactory, SignatureFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 30, 14, 25, tzinfo=datetime.UTC)


def ago(**delta) -> datetime.datetime:
    return NOW - datetime.timedelta(**delta)


@pytest.fixture
def petition():
    with time_machine.travel(NOW - datetime.timedelta(days=3), tick=False):
        return OpenPetitionFactory()


@pytest.fixture
def world(petition):
    """Ten signatures: a household, a Gmail alias, throwaways, every state, over the hours."""
    other = OpenPetitionFactory()
    sign = SignatureFactory
    # Sian and Gareth sign from one inbox (the household rule); si.an@ is another inbox.
    sign(
        petition=petition,
        email="sian@example.com",
        name="Sian",
        state="validated",
        created_at=ago(hours=30),
    )
    sign(
        petition=petition,
        email="sian@example.com",
        name="Gareth",
        slot=2,
        state="validated",
        created_at=ago(hours=3),
    )
    sign(
        petition=petition,
        email="Si.An+deiseb@Example.com",  # dots count outside Gmail
        name="S Jones",
        state="validated",
        created_at=ago(hours=3),
    )
    sign(petition=petition, email="a.b@gmail.com", state="validated", created_at=ago(minutes=20))
    sign(  # the same Gmail inbox, as a second person in the household
        petition=petition,
        email="ab+x@googlemail.com",
        name="Bryn",
        slot=2,
        state="pending",
        created_at=ago(minutes=10),
    )
    sign(
        petition=petition,
        email="x@mailinator.com",
        disposable=True,
        state="pending",
        created_at=ago(minutes=5),
    )
    sign(
        petition=petition,
        email="y@mailinator.com",
        disposable=True,
        state="fraudulent",
        created_at=ago(minutes=5),
    )
    sign(
        petition=petition,
        email="z@example.net",
        state="fraudulent",
        created_at=ago(hours=22, minutes=30),
    )
    sign(petition=petition, email="w@example.net", state="invalidated", created_at=ago(hours=25))
    sign(petition=petition, email="v@example.net", state="pending", created_at=ago(hours=3))
    sign(petition=other, email="sian@example.com", created_at=ago(minutes=1))  # elsewhere
    return petition


def test_it_counts_every_signature_by_state(world):
    stats = petition_stats(world, now=NOW)
    assert (stats.total, stats.validated, stats.pending, stats.fraudulent, stats.invalidated) == (
        10,
        4,
        3,
        2,
        1,
    )
    assert stats.pending_percent == 30.0


def test_duplicates_are_signatures_beyond_the_first_for_one_canonical_email(world):
    # sian@example.com twice, ab@gmail.com twice (a googlemail alias); si.an@example.com once
    assert petition_stats(world, now=NOW).duplicate_emails == 2


def test_it_gives_the_share_of_disposable_domains(world):
    stats = petition_stats(world, now=NOW)
    assert (stats.disposable, stats.disposable_percent) == (2, 20.0)


def test_it_counts_signatures_in_each_of_the_last_24_hours(world):
    per_hour = petition_stats(world, now=NOW).per_hour
    assert len(per_hour) == 24
    assert per_hour[0][0] == datetime.datetime(2026, 11, 29, 15, 0, tzinfo=datetime.UTC)
    assert per_hour[-1] == (datetime.datetime(2026, 11, 30, 14, 0, tzinfo=datetime.UTC), 4)
    counted = {hour.hour: count for hour, count in per_hour if count}
    # 14:00 four (20, 10, 5 and 5 minutes ago), 11:00 three, 15:55 yesterday one; 25 h ago: out
    assert counted == {14: 4, 11: 3, 15: 1}
    assert sum(count for _, count in per_hour) == 8
    assert petition_stats(world, now=NOW).busiest_hour == 4


def test_an_unsigned_petition_has_zeros_not_errors(petition):
    stats = petition_stats(petition, now=NOW)
    assert (stats.total, stats.pending_percent, stats.disposable_percent) == (0, 0.0, 0.0)
    assert stats.duplicate_emails == 0
    assert {count for _, count in stats.per_hour} == {0}


@pytest.mark.parametrize("size", [10, 200])
def test_two_queries_however_many_signatures(petition, size, django_assert_num_queries):
    SignatureFactory.create_batch(size, petition=petition, created_at=ago(minutes=30))
    with django_assert_num_queries(2):
        stats = petition_stats(petition, now=NOW)
    assert stats.total == size
