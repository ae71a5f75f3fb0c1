"""Signing rates under real concurrency, against PostgreSQL: a burst from one address at one
instant is counted as a burst, not let through because no attempt saw the others."""

import pytest

from deiseb.ratelimits.models import SigningRates
from deiseb.signatures import services
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, constituency
from tests.helpers import postgres_only
from tests.signatures.test_concurrency import in_threads

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ATTEMPTS = 12


def test_simultaneous_signatures_from_one_address_are_counted_against_each_other():
    constituency()
    petition = OpenPetitionFactory()
    SigningRates.current()  # made now: its first INSERT would make the attempts queue

    def attempt(n):
        return lambda: services.sign_petition(
            petition,
            name=f"Signer {n}",
            email=f"signer{n}@example.com",
            postcode="CF10 1AA",
            country_code="GB-WLS",
            notify_by_email=False,
            language="en",
            ip_address="203.0.113.5",
        )

    errors = in_threads([attempt(n) for n in range(ATTEMPTS)])
    assert errors == []
    states = sorted(Signature.objects.filter(petition=petition).values_list("state", flat=True))
    assert states == ["fraudulent"] * (ATTEMPTS - 1) + ["pending"]
