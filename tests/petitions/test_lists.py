"""The public lists: tabs, paging and search in both languages, and what bad input gets."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from deiseb.petitions.models import Petition
from tests.factories import (
    ClosedPetitionFactory,
    CompletedPetitionFactory,
    DebatedPetitionFactory,
    HiddenPetitionFactory,
    NotDebatedPetitionFactory,
    OpenPetitionFactory,
    ReferredPetitionFactory,
    RejectedPetitionFactory,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def listed(client, language="en", **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return client.get(localised(language, "petitions:list", query=query))


def test_each_tab_holds_its_own_petitions():
    now = timezone.now()
    open_one = OpenPetitionFactory()
    referred = ReferredPetitionFactory(referred_at=now)
    debated = DebatedPetitionFactory(referred_at=now)
    not_debated = NotDebatedPetitionFactory(referred_at=now)
    completed = CompletedPetitionFactory(completed_at=now)  # referred before it was completed
    rejected = RejectedPetitionFactory(rejected_at=now)
    HiddenPetitionFactory(action_en="hidden one", action_cy="cudd")
    expected = {
        "open": {open_one},
        "referred": {referred, debated, not_debated, completed},
        "debated": {debated},
        "not_debated": {not_debated},
        "completed": {completed},
        "rejected": {rejected},
        "all": {open_one, referred, debated, not_debated, completed, rejected},
    }
    for tab, petitions in expected.items():
        assert set(Petition.objects.listed(tab)) == petitions, tab


def test_tabs_render_and_mark_the_current_one(client):
    RejectedPetitionFactory(rejected_at=timezone.now(), action_en="No")
    page = listed(client, state="rejected").content.decode()
    assert 'href="?state=rejected" aria-current="page"' in page
    assert "<h1>Rejected petitions</h1>" in page
    welsh = listed(client, "cy", state="rejected").content.decode()
    assert "<h1>Deisebau a wrthodwyd</h1>" in welsh


def test_an_unknown_tab_shows_the_open_list(client):
    OpenPetitionFactory(action_en="Open and listed")
    response = listed(client, state="<script>")
    assert response.status_code == 200
    assert "Open and listed" in response.content.decode()


def test_paging_keeps_the_tab_and_query(client, settings):
    settings.PETITIONS_PER_PAGE = 2
    for n in range(5):
        OpenPetitionFactory(action_en=f"Buses for village {n}", signature_count=100 - n)
    first = listed(client, q="buses").content.decode()
    assert "Page 1 of 3" in first
    assert "?state=open&amp;q=buses&amp;page=2" in first
    last = listed(client, q="buses", page="99").content.decode()
    assert "Page 3 of 3" in last and "Buses for village 4" in last
    assert listed(client, page="not-a-number").status_code == 200


def test_search_finds_english_words_in_any_form(client):
    OpenPetitionFactory(
        action_en="Protect libraries from closure", action_cy="Diogelu llyfrgelloedd"
    )
    OpenPetitionFactory(action_en="Fund rural buses", action_cy="Ariannu bysiau gwledig")
    page = listed(client, q="library")
    html = page.content.decode()
    assert "Protect libraries from closure" in html
    assert "Fund rural buses" not in html
    assert "1 petition matches" in html


def test_search_finds_welsh_words_on_a_welsh_page(client):
    OpenPetitionFactory(action_en="Fund rural buses", action_cy="Ariannu bysiau gwledig")
    html = listed(client, "cy", q="bysiau").content.decode()
    assert "Ariannu bysiau gwledig" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="accent folding is PostgreSQL's")
def test_welsh_search_ignores_accents():
    OpenPetitionFactory(action_en="Save the opera house", action_cy="Achub y tŷ opera")
    assert Petition.objects.search("ty opera").count() == 1
    assert Petition.objects.search("TŶ").count() == 1
    assert Petition.objects.search("ty bach").count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_the_best_match_comes_first():
    OpenPetitionFactory(
        action_en="Mention of ferries",
        signature_count=900,
        background_en="Something else entirely, and ferries once.",
    )
    best = OpenPetitionFactory(
        action_en="Ferries to Ireland from Holyhead ferries", signature_count=1
    )
    assert Petition.objects.search("ferries").first() == best


@pytest.mark.parametrize(
    "query",
    ["", "   ", "'", '"', "&|!():*", "\\", "%_", "a" * 5000, "DROP TABLE petitions;--", "🙂"],
)
def test_odd_searches_never_fail(client, query):
    OpenPetitionFactory()
    for language in ("en", "cy"):
        response = client.get(localised(language, "petitions:list"), {"q": query})
        assert response.status_code == 200


def test_a_search_that_is_too_long_says_so_in_welsh(client):
    response = client.get(localised("cy", "petitions:list"), {"q": "a" * 300})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chwiliwch am hyd at 200 o nodau" in html


def test_a_nul_byte_is_refused_politely(client):
    response = client.get(localised("en", "petitions:list"), {"q": "bus\x00es"})
    assert response.status_code == 400  # PostgreSQL cannot search for it, so no view sees it
    assert "We could not read that request" in response.content.decode()


def test_lists_are_cacheable_by_a_cdn(client):
    OpenPetitionFactory()
    response = listed(client)
    assert "public" in response["Cache-Control"]
    assert "stale-while-revalidate=" in response["Cache-Control"]
    assert response.has_header("ETag")
    again = client.get(response.request["PATH_INFO"] + "?", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_closed_petitions_are_not_in_the_open_list(client):
    ClosedPetitionFactory(action_en="Closed one", closes_at=timezone.now() - datetime.timedelta(1))
    assert "Closed one" not in listed(client).content.decode()
