"""What a list tells a reader at a glance: each petition's state and day, each tab's count, and,
after a search, which other lists hold matches."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import (
    ClosedPetitionFactory,
    DebatedPetitionFactory,
    DebateFactory,
    OpenPetitionFactory,
    RejectedPetitionFactory,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<li class="petition-card">(.*?)</li>', re.S)
TAB = re.compile(r'<a href="\?state=(\w+)[^"]*"[^>]*>[^<]*<span class="tab-count">\((\d+)\)</span>')


def page(client, language="en", query=""):
    response = client.get(localised(language, "petitions:list", query=query))
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, action: str) -> str:
    return " ".join(next(c for c in CARD.findall(html) if action in c).split())


def tabs(html: str) -> dict[str, int]:
    return {name: int(count) for name, count in TAB.findall(html)}


def test_a_card_says_whether_it_is_open_closed_rejected_or_debated(client):
    day = datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC)
    OpenPetitionFactory(action_en="Open one", opened_at=day)
    ClosedPetitionFactory(action_en="Closed one", closes_at=day)
    RejectedPetitionFactory(action_en="Rejected one", action_cy="Un a wrthodwyd", rejected_at=day)
    debated = DebatedPetitionFactory(action_en="Debated one")
    DebateFactory(date=datetime.date(2026, 5, 6)).petitions.add(debated)
    html = page(client, query="state=all")
    assert '<span class="tag">Open</span> Opened on 4 March 2026' in card(html, "Open one")
    assert "Closed</span> Closed on 4 March 2026" in card(html, "Closed one")
    assert "Rejected</span> Rejected on 4 March 2026" in card(html, "Rejected one")
    assert "Debated</span> Debated on 6 May 2026" in card(html, "Debated one")
    welsh = page(client, "cy", query="state=all")
    assert "4 Mawrth 2026" in card(welsh, "Un a wrthodwyd")


def test_a_debate_still_to_come_is_not_given_as_the_day_it_was_debated(client):
    debated = DebatedPetitionFactory(action_en="Debated one")
    DebateFactory(date=datetime.date(2026, 5, 6)).petitions.add(debated)
    DebateFactory(date=timezone.localdate() + datetime.timedelta(days=30)).petitions.add(debated)
    assert "Debated on 6 May 2026" in card(page(client, query="state=debated"), "Debated one")


def test_tabs_count_their_petitions_and_with_a_search_their_matches(client):
    OpenPetitionFactory(action_en="Fund the town library")
    OpenPetitionFactory(action_en="Plant more trees")
    ClosedPetitionFactory(action_en="Save the village library")
    RejectedPetitionFactory(action_en="Ban library fines")
    counts = tabs(page(client))
    assert counts == {
        "open": 2, "referred": 0, "debated": 0, "not_debated": 0, "completed": 0,
        "rejected": 1, "all": 4,
    }  # fmt: skip
    counts = tabs(page(client, query="q=library"))
    assert (counts["open"], counts["rejected"], counts["all"]) == (1, 1, 3)


def test_a_search_from_the_open_list_says_where_the_closed_matches_are(client):
    OpenPetitionFactory(action_en="Stop dog grooming cruelty")
    debated = DebatedPetitionFactory(action_en="Regulate dog grooming")
    RejectedPetitionFactory(action_en="Ban dog grooming")
    html = page(client, query="q=grooming")
    text = " ".join(html.split())
    assert "3 petitions match “grooming”. 2 of them are closed" in text
    assert "1 of them has been debated in the Senedd." in text
    elsewhere = re.search(r'<ul class="search-elsewhere">(.*?)</ul>', html, re.S).group(1)
    links = dict(re.findall(r'<a href="\?state=(\w+)&amp;q=grooming">([^<]+)</a>', elsewhere))
    assert links == {
        "referred": "Referred to the Petitions Committee",
        "debated": "Debated in the Senedd",
        "rejected": "Rejected petitions",
    }
    assert debated.action_en in card(page(client, query="state=debated&q=grooming"), "Regulate")


def test_a_search_of_one_list_that_finds_nothing_points_at_the_lists_that_do(client):
    OpenPetitionFactory(action_en="Stop dog grooming cruelty")
    html = " ".join(page(client, query="state=rejected&q=grooming").split())
    assert "No petitions in this list match your search." in html
    assert "Petitions in other lists also match “grooming”:" in html
    assert '<a href="?state=open&amp;q=grooming">Open petitions</a> (1)' in html


def test_a_search_matching_nothing_anywhere_says_so_and_lists_no_others(client):
    OpenPetitionFactory(action_en="Stop dog grooming cruelty")
    html = page(client, query="q=xylophones")
    assert "No petitions match your search. Try other words, or another list." in html
    assert "search-elsewhere" not in html


def test_only_an_open_petition_shows_its_next_goal(client):
    open_one = OpenPetitionFactory(signature_count=20)
    closed = ClosedPetitionFactory(signature_count=20)
    detail = localised("en", "petitions:detail", open_one.pk)
    assert "Next goal:" in client.get(detail).content.decode()
    detail = localised("en", "petitions:detail", closed.pk)
    assert "Next goal" not in client.get(detail).content.decode()
