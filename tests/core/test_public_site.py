"""The home page, per-language hostnames and the cache rules shared by public pages."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import DebatedPetitionFactory, OpenPetitionFactory, ValidatedSignatureFactory

pytestmark = pytest.mark.django_db


def test_home_shows_what_is_trending_in_the_last_hour(client):
    hot = OpenPetitionFactory(action_en="Hot right now", signature_count=10)
    cold = OpenPetitionFactory(action_en="Big but quiet", signature_count=9000)
    for _ in range(3):
        ValidatedSignatureFactory(petition=hot)
    ValidatedSignatureFactory(
        petition=cold, validated_at=timezone.now() - datetime.timedelta(hours=2)
    )
    html = client.get("/en/").content.decode()
    trending = html[html.index("Trending in the last hour") : html.index("Popular petitions")]
    assert "Hot right now" in trending and "3 signatures in the last hour" in trending
    assert "Big but quiet" not in trending


def test_home_totals_and_thresholds_follow_the_data_and_settings(client, settings):
    settings.PETITION_REFERRAL_THRESHOLD = 500
    OpenPetitionFactory(signature_count=7)
    DebatedPetitionFactory(signature_count=300, action_en="Debated one")
    html = client.get("/en/").content.decode()
    assert "Petitions with 500 signatures" in html
    assert "<strong>307</strong>" in html
    assert "Recently debated" in html and "Debated one" in html


def test_language_hosts_redirect_to_their_own_language(client, settings):
    settings.LANGUAGE_HOSTS = {"en": "petitions.example.wales", "cy": "deisebau.example.cymru"}
    settings.ALLOWED_HOSTS = ["petitions.example.wales", "deisebau.example.cymru"]
    from django.test import Client

    welsh_host = Client(HTTP_HOST="deisebau.example.cymru")
    assert welsh_host.get("/")["Location"] == "/cy/"
    moved = welsh_host.get("/en/petitions/")
    assert moved.status_code == 301
    assert moved["Location"] == "http://petitions.example.wales/en/petitions/"
    page = welsh_host.get("/cy/deisebau/").content.decode()
    assert 'href="http://petitions.example.wales/en/petitions/"' in page


def test_without_language_hosts_links_stay_relative(client):
    page = client.get("/cy/deisebau/").content.decode()
    assert 'href="/en/petitions/" lang="en"' in page
