"""Signatures never confirmed are deleted after UNCONFIRMED_RETENTION_DAYS; no count moves."""

import datetime

import pytest
from django.utils import timezone

from deiseb.audit.models import AuditEntry
from deiseb.core.models import OutboundEmail
from deiseb.retention import services
from deiseb.signatures import emails
from deiseb.signatures.counting import count_signatures, reconcile_counts
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, SignatureFactory, ValidatedSignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(settings):
    settings.UNCONFIRMED_RETENTION_DAYS = 30
    return OpenPetitionFactory()


def aged(petition, days, **fields):
    signature = SignatureFactory(petition=petition, **fields)
    emails.confirm_signature(signature)
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return signature


def test_only_pending_signatures_past_the_limit_go_and_their_emails_with_them(petition):
    old = aged(petition, 31, name="Olwen Old", email="olwen@example.org")
    young = aged(petition, 29, name="Ieuan Young", email="ieuan@example.org")
    fraudulent = aged(petition, 40, state=Signature.State.FRAUDULENT)
    confirmed = ValidatedSignatureFactory(petition=petition)
    Signature.objects.filter(pk=confirmed.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=90)
    )
    count_signatures()
    petition.refresh_from_db()
    assert petition.signature_count == 1

    assert services.delete_unconfirmed() == 1

    remaining = set(Signature.objects.values_list("pk", flat=True))
    assert remaining == {young.pk, fraudulent.pk, confirmed.pk}
    assert old.pk not in remaining
    petition.refresh_from_db()
    assert petition.signature_count == 1 and reconcile_counts([petition.pk]) == 0
    olwen = OutboundEmail.objects.filter(body_text__contains=old.token)
    assert not olwen.exists() and not OutboundEmail.objects.filter(to=old.email).exists()
    assert OutboundEmail.objects.filter(to="ieuan@example.org", body_text__contains=young.token)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE_UNCONFIRMED)
    assert entry.actor is None and entry.changes == {"deleted": [0, 1]}


def test_the_limit_is_exactly_the_setting(petition, settings):
    settings.UNCONFIRMED_RETENTION_DAYS = 7
    now = timezone.now()
    on_the_day = aged(petition, 0)
    Signature.objects.filter(pk=on_the_day.pk).update(created_at=now - datetime.timedelta(days=7))
    aged(petition, 8)
    assert services.delete_unconfirmed(now) == 1
    assert services.delete_unconfirmed(now + datetime.timedelta(seconds=1)) == 1
    assert not Signature.objects.exists()


def test_it_deletes_in_batches_and_audits_once(petition):
    for _ in range(5):
        aged(petition, 60)
    steps = []
    assert services.delete_unconfirmed(batch_size=2, progress=steps.append) == 5
    assert steps == [2, 2, 1]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE_UNCONFIRMED).count() == 1


def test_nothing_to_delete_writes_no_audit_entry(petition):
    aged(petition, 1)
    assert services.delete_unconfirmed() == 0
    assert not AuditEntry.objects.exists()
