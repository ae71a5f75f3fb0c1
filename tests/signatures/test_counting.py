"""Counting in batches: exact totals per petition, constituency and country; drift repaired."""

import pytest

from deiseb.petitions.models import Petition
from deiseb.signatures.counting import (
    count_signatures,
    invalidate_signature,
    invalidate_signatures,
    reconcile_counts,
)
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.factories import (
    OpenPetitionFactory,
    SignatureFactory,
    ValidatedSignatureFactory,
    constituency,
)

pytestmark = pytest.mark.django_db


def counts(petition):
    petition.refresh_from_db()
    return (
        petition.signature_count,
        dict(petition.constituency_counts.values_list("constituency_id", "count")),
        dict(petition.country_counts.values_list("country_id", "count")),
    )


def test_only_confirmed_signatures_count_and_each_only_once(django_assert_max_num_queries):
    cardiff = constituency()
    petition = OpenPetitionFactory()
    ValidatedSignatureFactory.create_batch(7, petition=petition, constituency=cardiff)
    ValidatedSignatureFactory.create_batch(2, petition=petition, country_id="FR", postcode="")
    SignatureFactory.create_batch(4, petition=petition)  # pending: not counted

    assert count_signatures() == 9
    assert counts(petition) == (9, {cardiff.code: 7}, {"GB-WLS": 7, "FR": 2})
    assert count_signatures() == 0
    assert counts(petition)[0] == 9


def test_one_update_per_petition_not_per_signature(django_assert_max_num_queries):
    petition = OpenPetitionFactory(referral_threshold=1_000)
    ValidatedSignatureFactory.create_batch(300, petition=petition)
    # claim + the petition's totals + its update and threshold check + one INSERT … ON
    # CONFLICT for each of the five breakdowns (+ savepoints), whatever the size; crossing a
    # threshold adds its verb once
    with django_assert_max_num_queries(12):
        assert count_signatures() == 300
    petition.refresh_from_db()
    assert petition.signature_count == 300


def test_batches_add_up(settings):
    settings.COUNT_BATCH_SIZE = 7
    petition = OpenPetitionFactory()
    ValidatedSignatureFactory.create_batch(30, petition=petition)
    assert count_signatures() == 30
    assert counts(petition)[0] == 30


def test_crossing_a_threshold_is_stamped_once():
    petition = OpenPetitionFactory(referral_threshold=5, debate_threshold=8)
    ValidatedSignatureFactory.create_batch(4, petition=petition)
    count_signatures()
    petition.refresh_from_db()
    assert petition.referral_threshold_reached_at is None

    ValidatedSignatureFactory.create_batch(2, petition=petition)
    count_signatures()
    petition.refresh_from_db()
    reached = petition.referral_threshold_reached_at
    assert reached is not None and petition.debate_threshold_reached_at is None

    ValidatedSignatureFactory.create_batch(3, petition=petition)
    count_signatures()
    petition.refresh_from_db()
    assert petition.referral_threshold_reached_at == reached
    assert petition.debate_threshold_reached_at is not None


def test_reconciliation_repairs_drift_and_leaves_good_counts_alone():
    cardiff = constituency()
    petition, other = OpenPetitionFactory(), OpenPetitionFactory()
    ValidatedSignatureFactory.create_batch(5, petition=petition, constituency=cardiff)
    ValidatedSignatureFactory.create_batch(2, petition=other)
    count_signatures()
    Petition.objects.filter(pk=petition.pk).update(signature_count=99)
    ConstituencyCount.objects.filter(petition=petition).update(count=1)
    CountryCount.objects.filter(petition=petition).delete()

    assert reconcile_counts() == 1
    assert counts(petition) == (5, {cardiff.code: 5}, {"GB-WLS": 5})
    assert counts(other)[0] == 2
    assert reconcile_counts() == 0


def test_reconciliation_ignores_signatures_the_counter_has_not_reached():
    petition = OpenPetitionFactory()
    ValidatedSignatureFactory.create_batch(3, petition=petition)
    assert reconcile_counts() == 0  # nothing counted yet, nothing to repair
    assert count_signatures() == 3
    assert counts(petition)[0] == 3


def test_invalidation_is_the_only_way_down():
    petition = OpenPetitionFactory()
    signatures = ValidatedSignatureFactory.create_batch(3, petition=petition)
    count_signatures()
    invalidate_signature(Signature.objects.get(pk=signatures[0].pk))
    assert counts(petition)[0] == 2
    assert counts(petition)[2] == {"GB-WLS": 2}
    invalidate_signature(Signature.objects.get(pk=signatures[0].pk))  # twice: no change
    assert counts(petition)[0] == 2


def test_a_batch_takes_counted_ones_off_and_leaves_the_rest_uncounted():
    """Counted, not yet counted and pending signatures struck out together: the counts agree
    with the table afterwards, and the counter never adds the uncounted ones later."""
    petition = OpenPetitionFactory()
    counted = ValidatedSignatureFactory.create_batch(3, petition=petition)
    count_signatures()
    uncounted = ValidatedSignatureFactory.create_batch(2, petition=petition)
    pending = SignatureFactory(petition=petition)
    keep = ValidatedSignatureFactory(petition=petition)
    struck = [*counted[:2], *uncounted, pending]
    assert invalidate_signatures([s.pk for s in struck]) == 5
    assert invalidate_signatures([s.pk for s in struck]) == 0  # again: nothing to do
    count_signatures()
    assert counts(petition)[0] == 2  # counted[2] and keep
    assert reconcile_counts() == 0
    assert set(Signature.objects.validated().values_list("pk", flat=True)) == {
        counted[2].pk,
        keep.pk,
    }


def test_count_json_gives_the_live_count_and_thresholds(client):
    petition = OpenPetitionFactory()
    ValidatedSignatureFactory.create_batch(3, petition=petition)
    count_signatures()
    response = client.get(f"/petitions/{petition.pk}/count.json")
    assert response.status_code == 200
    assert response.json()["signature_count"] == 3
    assert response.json()["referral_threshold"] == 250
    assert response.json()["debate_threshold"] == 10_000
    assert "max-age=5" in response["Cache-Control"]
    assert "stale-while-revalidate" in response["Cache-Control"]


def test_count_json_does_not_leak_unpublished_petitions(client):
    from tests.factories import SponsoredPetitionFactory

    petition = SponsoredPetitionFactory()
    assert client.get(f"/petitions/{petition.pk}/count.json").status_code == 404
    assert client.get("/petitions/999999/count.json").status_code == 404


def test_invalidating_reads_whether_it_was_counted_from_the_database():
    petition = OpenPetitionFactory()
    stale_copy = ValidatedSignatureFactory(petition=petition)
    ValidatedSignatureFactory(petition=petition)
    count_signatures()  # counts both; stale_copy.count_batch is still None in memory
    invalidate_signature(stale_copy)
    assert counts(petition)[0] == 1
    assert reconcile_counts() == 0


def test_last_signed_at_never_moves_back(settings):
    import datetime

    from django.utils import timezone

    settings.COUNT_BATCH_SIZE = 1
    petition = OpenPetitionFactory()
    now = timezone.now()
    ValidatedSignatureFactory(petition=petition, validated_at=now)
    ValidatedSignatureFactory(petition=petition, validated_at=now - datetime.timedelta(hours=1))
    count_signatures()
    petition.refresh_from_db()
    assert petition.last_signed_at == now
