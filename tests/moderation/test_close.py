"""Petitions close on their date; a day later they are referred or closed as insufficient."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from deiseb.moderation.services import close_petitions, publish_petition
from deiseb.petitions.models import Petition
from tests.factories import (
    ClosedPetitionFactory,
    SponsoredPetitionFactory,
    ValidatedSignatureFactory,
    moderator,
)

pytestmark = pytest.mark.django_db
LONDON = datetime.timezone(datetime.timedelta(0))


def test_it_closes_at_the_end_of_the_chosen_day():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=LONDON), tick=False):
        petition = SponsoredPetitionFactory(duration_days=30)
        publish_petition(petition, by=moderator())
        petition.refresh_from_db()
        assert timezone.localtime(petition.closes_at).date() == datetime.date(2026, 3, 31)
    with time_machine.travel(datetime.datetime(2026, 3, 31, 22, 0, tzinfo=LONDON), tick=False):
        assert close_petitions()["closed"] == 0  # 23:00 in Wales (BST): still open
    with time_machine.travel(datetime.datetime(2026, 3, 31, 23, 30, tzinfo=LONDON), tick=False):
        assert close_petitions()["closed"] == 1
    petition.refresh_from_db()
    assert petition.state == Petition.State.CLOSED
    assert petition.closed_at == petition.closes_at


def closed_with(signatures: int, **kwargs) -> Petition:
    petition = ClosedPetitionFactory(**kwargs)
    ValidatedSignatureFactory(petition=petition, kind="creator", email="charlie@example.com")
    ValidatedSignatureFactory.create_batch(signatures - 1, petition=petition)
    return petition


def test_it_waits_a_day_then_refers_a_petition_at_the_threshold(
    settings, run_tasks, django_capture_on_commit_callbacks
):
    settings.PETITION_REFERRAL_THRESHOLD = 5
    now = timezone.now()
    petition = closed_with(5, closed_at=now - datetime.timedelta(hours=23))
    assert close_petitions(now) == {"closed": 0, "referred": 0, "insufficient": 0}

    later = now + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert close_petitions(later) == {"closed": 0, "referred": 1, "insufficient": 0}
    petition.refresh_from_db()
    assert petition.referred_at == later
    assert petition.signature_count == 5  # counted before deciding
    assert petition.state == Petition.State.CLOSED
    assert petition.referral_threshold_reached_at is not None
    run_tasks()
    assert [m.to for m in mail.outbox] == [["charlie@example.com"]]
    assert "Petitions Committee" in mail.outbox[0].subject
    assert close_petitions(later)["referred"] == 0  # idempotent


def test_below_the_threshold_it_is_closed_as_insufficient(
    run_tasks, django_capture_on_commit_callbacks
):
    petition = closed_with(3, closed_at=timezone.now() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert close_petitions()["insufficient"] == 1
    petition.refresh_from_db()
    assert petition.state == Petition.State.REJECTED
    assert petition.rejection.reason_id == "insufficient"
    run_tasks()
    assert "not accepted" in mail.outbox[0].subject


def test_thresholds_are_frozen_when_the_petition_is_created(settings):
    petition = SponsoredPetitionFactory()
    settings.PETITION_REFERRAL_THRESHOLD = 1_000_000
    petition.refresh_from_db()
    assert petition.referral_threshold == 250
