"""Every error on the signing and supporting forms names its field, in the summary too."""

import re

import pytest

from tests.factories import OpenPetitionFactory, SponsoredPetitionFactory, constituency

pytestmark = pytest.mark.django_db


def summary(response) -> list[str]:
    """The error summary's messages, in order."""
    block = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    items = re.findall(r"<li>(.*?)</li>", block[0])
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def test_a_blank_signature_names_each_missing_field(client):
    constituency()
    petition = OpenPetitionFactory()
    response = client.post(f"/en/petitions/{petition.pk}/sign/", {"country": ""})
    assert response.status_code == 200
    messages = summary(response)
    assert messages == ["Enter your name", "Enter your email address", "Choose your country"]
    assert "This field is required." not in response.content.decode()


def test_a_uk_signer_without_a_postcode_is_asked_for_one(client):
    petition = OpenPetitionFactory()
    response = client.post(f"/en/petitions/{petition.pk}/sign/", {"country": "GB-WLS"})
    assert summary(response) == [
        "Enter your name",
        "Enter your email address",
        "Enter your postcode. You need one to sign from the UK.",
    ]


def test_an_unknown_country_is_named(client):
    petition = OpenPetitionFactory()
    response = client.post(
        f"/en/petitions/{petition.pk}/sign/",
        {"name": "Suzie", "email": "suzie@example.com", "country": "XX-NOPE"},
    )
    assert summary(response) == ["Choose your country from the list"]


def test_the_supporter_form_names_its_fields_too(client):
    petition = SponsoredPetitionFactory()
    url = f"/en/petitions/{petition.pk}/support/{petition.sponsor_token}/"
    response = client.post(url, {"country": "GB-WLS", "postcode": "CF10 1AA"})
    assert summary(response) == ["Enter your name", "Enter your email address"]
