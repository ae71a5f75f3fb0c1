"""The storm the issue names: a flood from five addresses and one domain among honest signers.

1,000 signatures from 5 IP addresses, all at one email domain, mixed with 1,000 from distinct
addresses, every one signed and confirmed through the real views (each process's hot reads kept,
as production keeps them) and the worker. Then: the shadow-banned never count, the five
addresses and the domain are logged as trending, an invalidation by the domain removes exactly
its matches, and every count equals a COUNT(*).
"""

import datetime
import random

import pytest
import time_machine
from django.db.models import Count
from django.test import Client, TestCase

from deiseb.integrity import services as integrity
from deiseb.integrity.models import TrendingAddress
from deiseb.integrity.trending import log_trending
from deiseb.signatures.counting import count_signatures, reconcile_counts
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.factories import OpenPetitionFactory, constituency, moderator
from tests.helpers import localised, run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]

STORM_IPS = [f"203.0.113.{n}" for n in range(1, 6)]
STORM_DOMAIN = "storm.example"
PER_FLOODER = 200
HONEST = 1_000
STORM_HOUR = datetime.datetime(2026, 6, 10, 14, 0, tzinfo=datetime.UTC)


def signer(n: int, *, flood: bool) -> tuple[dict, str]:
    """A signer's form and the address they sign from."""
    if flood:
        email, ip = f"bot{n}@{STORM_DOMAIN}", STORM_IPS[n % len(STORM_IPS)]
    else:
        email, ip = f"person{n}@mail{n % 40}.example", f"10.{n // 250}.{n % 250}.7"
    form = {
        "name": f"Signer {n}",
        "email": email,
        "country": "GB-WLS",
        "postcode": "CF10 1AA",
        "notify_by_email": "on",
    }
    return form, ip


def counts_agree_with_the_table(petition) -> int:
    """The stored counts are what COUNT(*) of confirmed signatures says; returns the total."""
    petition.refresh_from_db()
    confirmed = Signature.objects.filter(petition=petition, state=Signature.State.VALIDATED)
    assert petition.signature_count == confirmed.count()
    by_constituency = dict(confirmed.values_list("constituency").annotate(n=Count("pk")).order_by())
    stored = dict(
        ConstituencyCount.objects.filter(petition=petition).values_list("constituency", "count")
    )
    assert {key: n for key, n in stored.items() if n} == by_constituency
    by_country = dict(confirmed.values_list("country").annotate(n=Count("pk")).order_by())
    stored = dict(CountryCount.objects.filter(petition=petition).values_list("country", "count"))
    assert {key: n for key, n in stored.items() if n} == by_country
    assert reconcile_counts([petition.pk]) == 0
    return petition.signature_count


def test_a_storm_from_five_addresses_and_one_domain(settings, local_cache):
    settings.RATE_LIMIT_SIGNING_PER_IP = 0  # the visible 429 is for gross floods; test the silent
    constituency()  # CF10 1AA, in Wales
    with time_machine.travel(STORM_HOUR + datetime.timedelta(minutes=5), tick=False):
        petition = OpenPetitionFactory()
        people = [signer(n, flood=True) for n in range(PER_FLOODER * len(STORM_IPS))]
        people += [signer(n, flood=False) for n in range(HONEST)]
        random.Random(2016).shuffle(people)
        client = Client()
        sign = localised("en", "signatures:sign", petition.pk)
        for form, ip in people:
            response = client.post(sign, form, REMOTE_ADDR=ip)
            assert response.status_code == 302  # the same answer for everyone
        run_queued_tasks("signing")  # the worker records each; the mail it sends is not tested

        signatures = Signature.objects.filter(petition=petition)
        assert signatures.count() == len(people)  # nothing dropped: the banned are stored
        for n, (token, ip) in enumerate(
            signatures.order_by("pk").values_list("token", "ip_address")
        ):
            link = localised("en", "signatures:confirm", token)
            if n % 10 == 0:  # the button's page, for a sample of flooders and honest alike
                assert client.get(link, REMOTE_ADDR=ip).status_code == 200
            assert client.post(link, REMOTE_ADDR=ip).status_code == 302  # pressed: thank you
        count_signatures()

    flood = signatures.filter(email_domain=STORM_DOMAIN)
    fraudulent = signatures.filter(state=Signature.State.FRAUDULENT)
    # Each flooding address got its first signature through; every other one is shadow-banned.
    assert set(fraudulent.values_list("email_domain", flat=True)) == {STORM_DOMAIN}
    assert fraudulent.count() == PER_FLOODER * len(STORM_IPS) - len(STORM_IPS)
    assert not fraudulent.filter(count_batch__isnull=False).exists()
    assert counts_agree_with_the_table(petition) == HONEST + len(STORM_IPS)

    with time_machine.travel(STORM_HOUR + datetime.timedelta(hours=1, minutes=1), tick=False):
        log_trending()
    trending = TrendingAddress.objects.filter(petition=petition)
    assert set(trending.filter(kind="ip").values_list("value", "count")) == {
        (ip, PER_FLOODER) for ip in STORM_IPS
    }
    assert list(trending.filter(kind="domain").values_list("value", "count")) == [
        (STORM_DOMAIN, PER_FLOODER * len(STORM_IPS))
    ]

    mo = moderator()
    matching = set(flood.values_list("pk", flat=True))
    invalidation = integrity.create_invalidation(
        by=mo, summary="A flood from one domain", petition=petition, email_domain=STORM_DOMAIN
    )
    assert invalidation.matching_count == len(matching)
    with TestCase.captureOnCommitCallbacks(execute=True):  # as its commit would queue the task
        integrity.start_invalidation(invalidation, by=mo)
    run_queued_tasks("default")
    invalidation.refresh_from_db()
    assert invalidation.invalidated_count == len(matching)
    struck = set(signatures.filter(state=Signature.State.INVALIDATED).values_list("pk", flat=True))
    assert struck == matching  # exactly its matches, no honest signer
    count_signatures()
    assert counts_agree_with_the_table(petition) == HONEST
