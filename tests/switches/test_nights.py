"""Each night signing is paused adds a day to every open petition's closing date, once."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from deiseb.core.scheduler import SCHEDULE
from deiseb.petitions.models import PetitionEvent
from deiseb.petitions.services import credit_paused_nights
from deiseb.switches.models import CreditedNight, Pause
from tests.factories import ClosedPetitionFactory, OpenPetitionFactory

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


DAY = datetime.date(2026, 3, 10)


def paused(start, end=None) -> Pause:
    return Pause.objects.create(switch="signing", started_at=start, ended_at=end)


def open_petition(closes_on=DAY + datetime.timedelta(days=20), opened=None):
    opened = opened or at(DAY, 9) - datetime.timedelta(days=10)
    return OpenPetitionFactory(opened_at=opened, closes_at=end_of(closes_on))


def test_a_paused_night_gives_every_open_petition_a_day(sam):
    petition, other = open_petition(), open_petition(DAY + datetime.timedelta(days=3))
    closed = ClosedPetitionFactory()
    closed_closes = closed.closes_at
    paused(at(DAY, 18))
    assert credit_paused_nights(at(DAY + datetime.timedelta(days=1), 0, 15)) == 1
    for row, closes_on in (
        (petition, DAY + datetime.timedelta(days=21)),
        (other, DAY + datetime.timedelta(days=4)),
    ):
        row.refresh_from_db()
        assert row.closes_at == end_of(closes_on)
        event = row.events.get(verb="extend_closing")
        assert (event.state_before, event.state_after) == ("open", "open")
        assert event.changes["closes_at"][1] == end_of(closes_on).isoformat()
    closed.refresh_from_db()
    assert closed.closes_at == closed_closes and not closed.events.filter(verb="extend_closing")
    night = CreditedNight.objects.get()
    assert (night.night, night.petitions) == (DAY + datetime.timedelta(days=1), 2)


def test_running_again_the_same_night_credits_nothing_more():
    petition = open_petition()
    paused(at(DAY, 18))
    now = at(DAY + datetime.timedelta(days=1), 0, 15)
    credit_paused_nights(now)
    assert credit_paused_nights(now + datetime.timedelta(hours=5)) == 0
    petition.refresh_from_db()
    assert petition.closes_at == end_of(DAY + datetime.timedelta(days=21))
    assert PetitionEvent.objects.filter(verb="extend_closing").count() == 1


def test_nights_the_job_missed_are_caught_up_once_each():
    petition = open_petition()
    paused(at(DAY, 18), at(DAY + datetime.timedelta(days=3), 9))  # three midnights
    assert credit_paused_nights(at(DAY + datetime.timedelta(days=5), 12)) == 3
    petition.refresh_from_db()
    assert petition.closes_at == end_of(DAY + datetime.timedelta(days=23))


def test_a_pause_within_one_day_or_after_midnight_gives_nothing():
    petition = open_petition()
    paused(at(DAY, 9), at(DAY, 17))
    paused(at(DAY + datetime.timedelta(days=1), 0, 30))  # paused after that midnight
    assert credit_paused_nights(at(DAY + datetime.timedelta(days=1), 6)) == 0
    petition.refresh_from_db()
    assert petition.closes_at == end_of(DAY + datetime.timedelta(days=20))


def test_a_petition_opened_after_the_midnight_is_not_given_that_night():
    paused(at(DAY, 18))
    late = open_petition(opened=at(DAY + datetime.timedelta(days=1), 8))
    credit_paused_nights(at(DAY + datetime.timedelta(days=1), 9))
    late.refresh_from_db()
    assert late.closes_at == end_of(DAY + datetime.timedelta(days=20))


def test_a_petition_still_closes_at_the_end_of_a_day_across_the_clock_change():
    spring = datetime.date(2026, 3, 28)  # clocks go forward in the night of the 29th
    petition = open_petition(closes_on=spring + datetime.timedelta(days=5), opened=at(spring, 1))
    paused(at(spring, 12))
    credit_paused_nights(at(spring + datetime.timedelta(days=2), 12))
    petition.refresh_from_db()
    local = timezone.localtime(petition.closes_at)
    assert (local.date(), local.time()) == (spring + datetime.timedelta(days=7), datetime.time.max)


def test_a_paused_petition_due_to_close_tonight_stays_open():
    """Credited at each midnight, it never becomes due while signing is paused."""
    from deiseb.petitions.services import close_due_petitions

    petition = open_petition(closes_on=DAY + datetime.timedelta(days=1))
    paused(at(DAY, 18))
    for night in range(1, 4):
        midnight_passed = at(DAY + datetime.timedelta(days=night), 0, 5)
        credit_paused_nights(midnight_passed)
        close_due_petitions(midnight_passed)
    petition.refresh_from_db()
    assert petition.is_open and petition.closes_at == end_of(DAY + datetime.timedelta(days=4))


def test_the_job_is_scheduled_and_is_a_command(capsys):
    assert "deiseb.petitions.tasks.credit_paused_nights" in {job.task_path for job in SCHEDULE}
    petition = open_petition()
    paused(at(DAY, 18))
    with time_machine.travel(at(DAY + datetime.timedelta(days=1), 1), tick=False):
        call_command("credit_paused_nights")
    assert "nights credited: 1" in capsys.readouterr().out
    petition.refresh_from_db()
    assert petition.closes_at == end_of(DAY + datetime.timedelta(days=21))
