"""Invalidations run in batches, take exactly their matches off every count, and can be
cancelled between batches or run again after a worker died without subtracting twice."""

from io import StringIO

import factory
import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase

from deiseb.audit.models import AuditEntry
from deiseb.integrity import services
from deiseb.integrity.models import Invalidation
from deiseb.integrity.tasks import run_invalidation
from deiseb.petitions.models import PetitionEvent
from deiseb.signatures.counting import count_signatures, reconcile_counts
from deiseb.signatures.models import Signature
from tests.factories import (
    OpenPetitionFactory,
    SignatureFactory,
    ValidatedSignatureFactory,
    constituency,
    moderator,
)
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two petitions signed from a flood domain and from ordinary addresses, all counted."""
    cardiff = constituency()
    first, second = OpenPetitionFactory(), OpenPetitionFactory()
    for petition, flood in ((first, 7), (second, 3)):
        ValidatedSignatureFactory.create_batch(
            flood,
            petition=petition,
            email=factory_email("flood.example"),
            constituency=cardiff,
        )
        ValidatedSignatureFactory.create_batch(4, petition=petition, constituency=cardiff)
        SignatureFactory(petition=petition, email=factory_email("flood.example"))  # pending
        SignatureFactory(
            petition=petition, email=factory_email("flood.example"), state="fraudulent"
        )
    count_signatures()
    return first, second


def factory_email(domain):
    return factory.Sequence(lambda n: f"bot{n}@{domain}")


def confirmed_counts(petition):
    """What the stored counts say, and what COUNT(*) over confirmed signatures says."""
    petition.refresh_from_db()
    confirmed = Signature.objects.filter(petition=petition, state="validated")
    stored = (
        petition.signature_count,
        dict(petition.constituency_counts.filter(count__gt=0).values_list("constituency", "count")),
        dict(petition.country_counts.filter(count__gt=0).values_list("country", "count")),
    )
    true = (
        confirmed.count(),
        dict(_grouped(confirmed.exclude(constituency=None), "constituency")),
        dict(_grouped(confirmed, "country")),
    )
    return stored, true


def _grouped(signatures, key):
    return signatures.order_by().values_list(key).annotate(n=Count("pk"))


def started(by, **criteria):
    """Created and started, its first task queued as the commit would queue it."""
    invalidation = services.create_invalidation(by=by, summary="Flood from one domain", **criteria)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.start_invalidation(invalidation, by=by)


def test_an_invalidation_by_domain_removes_exactly_its_matches(world, settings):
    settings.INVALIDATION_BATCH_SIZE = 4
    first, second = world
    mo = moderator()
    draft = services.create_invalidation(by=mo, summary="Flood", email_domain="flood.example")
    assert draft.state == Invalidation.State.DRAFT
    assert draft.matching_count == 7 + 3 + 2 + 2  # confirmed, pending and fraudulent
    with TestCase.captureOnCommitCallbacks(execute=True):
        invalidation = services.start_invalidation(draft, by=mo)
    assert invalidation.state == Invalidation.State.RUNNING

    run_queued_tasks()

    invalidation.refresh_from_db()
    assert invalidation.state == Invalidation.State.COMPLETED
    assert invalidation.invalidated_count == 14
    assert invalidation.counts_by_petition == {str(first.pk): 9, str(second.pk): 5}
    flood = Signature.objects.filter(email_domain="flood.example")
    assert set(flood.values_list("state", flat=True)) == {"invalidated"}
    assert (
        Signature.objects.exclude(email_domain="flood.example").filter(state="invalidated").count()
        == 0
    )
    for petition in (first, second):
        stored, true = confirmed_counts(petition)
        assert stored == true
        assert stored[0] == 4
    assert reconcile_counts() == 0  # nothing had drifted
    events = PetitionEvent.objects.filter(verb="invalidate_signatures").order_by("petition_id")
    assert [(e.petition_id, e.by, e.notes) for e in events] == [
        (first.pk, mo, "Flood: 9 signatures invalidated."),
        (second.pk, mo, "Flood: 5 signatures invalidated."),
    ]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.START_INVALIDATION)
    assert entry.object_id == str(invalidation.pk)
    assert entry.changes == {"matching_count": [None, 14]}
    assert "email_domain: flood.example" in entry.notes


def test_cancelling_stops_it_between_batches(world, settings):
    settings.INVALIDATION_BATCH_SIZE = 4
    first, _second = world
    mo = moderator()
    invalidation = started(mo, petition=first, email_domain="flood.example")
    assert services.invalidate_next_batch(invalidation.pk) is False  # one batch, as a worker
    services.cancel_invalidation(invalidation, by=mo)

    run_queued_tasks()  # the queued run finds it cancelled and stops

    invalidation.refresh_from_db()
    assert invalidation.state == Invalidation.State.CANCELLED
    assert invalidation.invalidated_count == 4
    assert Signature.objects.filter(petition=first, state="invalidated").count() == 4
    assert (
        Signature.objects.filter(petition=first, email_domain="flood.example")
        .exclude(state="invalidated")
        .count()
        == 5
    )
    stored, true = confirmed_counts(first)
    assert stored == true
    event = PetitionEvent.objects.get(verb="invalidate_signatures")
    assert event.notes == (
        "Flood from one domain: 4 signatures invalidated before the invalidation was cancelled."
    )
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CANCEL_INVALIDATION).count() == 1
    with pytest.raises(services.InvalidationRefused):
        services.cancel_invalidation(invalidation, by=mo)


def test_running_again_after_a_worker_died_does_not_subtract_twice(world, settings):
    settings.INVALIDATION_BATCH_SIZE = 3
    first, second = world
    mo = moderator()
    invalidation = started(mo, email_domain="flood.example")
    # A worker struck out two batches and died before it queued the next; the reaper puts its
    # task back, so the same run is queued twice over.
    services.invalidate_next_batch(invalidation.pk)
    services.invalidate_next_batch(invalidation.pk)
    run_invalidation.enqueue(invalidation.pk)

    run_queued_tasks()

    invalidation.refresh_from_db()
    assert invalidation.state == Invalidation.State.COMPLETED
    assert invalidation.invalidated_count == 14
    for petition in (first, second):
        stored, true = confirmed_counts(petition)
        assert stored == true == (4, stored[1], {"GB-WLS": 4})
    assert PetitionEvent.objects.filter(verb="invalidate_signatures").count() == 2
    assert reconcile_counts() == 0


def test_a_started_invalidation_cannot_start_again():
    mo = moderator()
    SignatureFactory(name="Spam Bot")
    invalidation = started(mo, name="spam bot")
    with pytest.raises(services.InvalidationRefused):
        services.start_invalidation(invalidation, by=mo)
    run_queued_tasks()
    invalidation.refresh_from_db()
    assert (invalidation.state, invalidation.invalidated_count) == ("completed", 1)
    with pytest.raises(services.InvalidationRefused):
        services.cancel_invalidation(invalidation, by=mo)


def test_the_command_finishes_a_run_whose_task_was_lost(world, settings):
    settings.INVALIDATION_BATCH_SIZE = 5
    first, _second = world
    mo = moderator()
    invalidation = services.create_invalidation(by=mo, summary="Lost", petition=first)
    services.start_invalidation(invalidation, by=mo)  # its task never queued (no commit here)
    out = StringIO()
    call_command("run_invalidations", stdout=out)
    invalidation.refresh_from_db()
    assert (invalidation.state, invalidation.invalidated_count) == ("completed", 13)
    assert out.getvalue().splitlines()[-1] == f"{invalidation.pk}: Completed, 13 invalidated"
    assert confirmed_counts(first)[0] == (0, {}, {})
