"""Rate limits: a flood from one connection, or at one inbox, is refused or quietened, and
nothing is half-saved or silently dropped."""

from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache

from deiseb.petitions.models import Petition
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, constituency
from tests.helpers import localised, run_queued_tasks
from tests.petitions.test_create import fill_in_petition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def sign(client, petition, n, language="en", **extra):
    data = {
        "name": f"Signer {n}",
        "email": f"signer{n}@example.com",
        "country": "GB-WLS",
        "postcode": "CF10 1AA",
    }
    response = client.post(localised(language, "signatures:sign", petition.pk), data, **extra)
    run_queued_tasks()
    return response


def test_a_flood_from_one_connection_is_refused_with_a_clear_message(client, settings):
    settings.RATE_LIMIT_SIGNING_PER_IP = 2
    constituency()
    petition = OpenPetitionFactory()
    assert [sign(client, petition, n).status_code for n in (1, 2)] == [302, 302]
    refused = sign(client, petition, 3, "cy")
    assert refused.status_code == 429
    html = unescape(refused.content.decode())
    assert "Does dim wedi'i gadw" in html and 'value="Signer 3"' in html
    assert Signature.objects.count() == 2
    assert sign(client, petition, 4, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_behind_a_proxy_the_address_it_saw_is_counted(client, settings):
    settings.RATE_LIMIT_SIGNING_PER_IP = 1
    settings.BEHIND_PROXY = True
    constituency()
    petition = OpenPetitionFactory()
    first = {"HTTP_X_FORWARDED_FOR": "spoofed, 198.51.100.1"}
    assert sign(client, petition, 1, **first).status_code == 302
    assert sign(client, petition, 2, HTTP_X_FORWARDED_FOR="other, 198.51.100.1").status_code == 429
    assert sign(client, petition, 3, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_signing_again_and_again_cannot_flood_an_inbox(client, settings):
    settings.RATE_LIMIT_EMAILS_PER_INBOX = 3
    constituency()
    petition = OpenPetitionFactory()
    for _ in range(6):
        assert sign(client, petition, 1).status_code == 302
    assert Signature.objects.count() == 1
    assert len(mail.outbox) == 3  # the first link, then two resends; the page is the same


def test_the_inbox_limit_counts_across_every_petition(client, settings):
    """150 attempts over 5 petitions once sent 25 emails to one inbox."""
    settings.RATE_LIMIT_EMAILS_PER_INBOX = 3
    constituency()
    petitions = OpenPetitionFactory.create_batch(5)
    for _ in range(30):
        for petition in petitions:
            assert sign(client, petition, 1).status_code == 302
    assert Signature.objects.count() == 5  # every petition's signature is kept
    # Each new signature's link always goes, and five already fill the inbox's limit of three.
    assert len(mail.outbox) == 5


def test_creating_many_petitions_from_one_connection_is_refused_and_nothing_saved(client, settings):
    settings.RATE_LIMIT_CREATING_PER_IP = 1
    constituency()
    fill_in_petition(client)
    assert client.post(localised("en", "petitions:new_review")).status_code == 302
    fill_in_petition(client)
    refused = client.post(localised("en", "petitions:new_review"))
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert Petition.objects.count() == 1
