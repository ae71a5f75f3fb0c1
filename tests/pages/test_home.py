"""The front page: a search box, and trending and popular lists that do not repeat each other."""

import re

import pytest

from tests.factories import OpenPetitionFactory, ValidatedSignatureFactory
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    return re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)[1]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_home_page_searches_the_petitions(client, language):
    html = client.get(f"/{language}/").content.decode()
    form = re.search(r'<form method="get" action="([^"]+)" role="search".*?</form>', html, re.S)
    assert form[1] == localised(language, "petitions:list")
    assert 'type="search" name="q"' in form[0]
    answer = client.get(form[1], {"q": "buses"})
    assert answer.status_code == 200


def test_popular_leaves_out_what_is_already_trending(client):
    busy = OpenPetitionFactory(action_en="Busy and big", signature_count=9000)
    quiet = OpenPetitionFactory(action_en="Big but quiet", signature_count=5000)
    ValidatedSignatureFactory(petition=busy)
    html = client.get("/en/").content.decode()
    assert busy.action_en in section(html, "trending")
    popular = section(html, "popular")
    assert quiet.action_en in popular and busy.action_en not in popular
    assert "other than those trending" in popular


def test_with_nothing_trending_popular_holds_the_biggest(client):
    big = OpenPetitionFactory(action_en="Big but quiet", signature_count=5000)
    popular = section(client.get("/en/").content.decode(), "popular")
    assert big.action_en in popular and "other than those trending" not in popular
