"""An invalidation under real concurrency, against PostgreSQL: signers confirming, the counter
counting and two runs of the same invalidation (the reaper's and the original) all at once.

Threads with their own connections commit for real (see tests/signatures/test_concurrency.py);
SQLite serialises writers, so there is no race to lose there and these are skipped.
"""

import contextlib

import factory
import pytest

from deiseb.integrity import services
from deiseb.integrity.models import Invalidation
from deiseb.petitions.models import PetitionEvent
from deiseb.signatures import services as signing
from deiseb.signatures.counting import count_signatures, reconcile_counts
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, SignatureFactory, moderator
from tests.helpers import postgres_only
from tests.signatures.test_concurrency import deal, in_threads, looping, stored_counts

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def confirm_all(tokens):
    for token in tokens:
        # One struck out first no longer confirms: its link says so.
        with contextlib.suppress(signing.ConfirmError):
            signing.confirm_signature(signing.find_signature(token))


def run_to_the_end(invalidation_id):
    while not services.invalidate_next_batch(invalidation_id):
        pass


def test_an_invalidation_racing_confirmations_and_the_counter_leaves_exact_counts(settings):
    settings.INVALIDATION_BATCH_SIZE = 25
    petition = OpenPetitionFactory()
    SignatureFactory.create_batch(
        150, petition=petition, email=factory.Sequence(lambda n: f"bot{n}@flood.example")
    )
    SignatureFactory.create_batch(150, petition=petition)
    mo = moderator()
    invalidation = services.create_invalidation(
        by=mo, summary="Flood", email_domain="flood.example"
    )
    services.start_invalidation(invalidation, by=mo)
    tokens = list(Signature.objects.values_list("token", flat=True))
    counted = []

    errors = in_threads(
        [
            *(lambda hand=hand: confirm_all(hand) for hand in deal(tokens, 10)),
            lambda: run_to_the_end(invalidation.pk),
            lambda: run_to_the_end(invalidation.pk),
        ],
        background=[looping(count_signatures, counted)],
    )

    assert errors == []
    count_signatures()
    invalidation.refresh_from_db()
    assert (invalidation.state, invalidation.invalidated_count) == ("completed", 150)
    flood = Signature.objects.filter(email_domain="flood.example")
    assert set(flood.values_list("state", flat=True)) == {"invalidated"}
    confirmed = Signature.objects.filter(petition=petition, state="validated")
    assert confirmed.count() == 150
    assert stored_counts(petition) == (150, {}, {"GB-WLS": 150})
    assert reconcile_counts() == 0
    assert PetitionEvent.objects.filter(verb="invalidate_signatures").count() == 1
    assert Invalidation.objects.get().counts_by_petition == {str(petition.pk): 150}
