"""A term whose members are not held (the members file predates the election): each page says so
and stays usable, and nothing is invented."""

import datetime

import pytest

from deiseb.parliament.models import Vote
from tests.factories import MotionFactory, TermFactory, clerk, constituency
from tests.helpers import localised
from tests.parliament.chamber import chamber

pytestmark = pytest.mark.django_db

SEVENTH_DATE = datetime.date(2026, 6, 10)


@pytest.fixture
def senedd():
    """The Sixth Senedd with its members, then the Seventh with none recorded, and a motion
    debated in the Seventh (moved by a member of the Sixth, who is still a Member)."""
    sixth = chamber()
    seventh = TermFactory(
        number=7,
        name_en="Seventh Senedd",
        name_cy="Seithfed Senedd",
        start_date=datetime.date(2026, 5, 7),
        end_date=None,
        members=96,
    )
    motion = MotionFactory(debate__date=SEVENTH_DATE, mover=sixth["ann"])
    return sixth, seventh, motion


@pytest.fixture
def cara(client):
    client.force_login(clerk())
    return client


def division_page(motion, language="en") -> str:
    return localised(language, "record:new_division", motion.pk)


# -- the members page -------------------------------------------------------------------------


def test_the_members_page_shows_the_latest_term_with_members_and_names_the_missing_one(
    client, senedd
):
    sixth, _seventh, _motion = senedd
    response = client.get(localised("en", "parliament:members"))  # today is in the Seventh
    html = response.content.decode()
    assert response.status_code == 200
    assert "No members have been recorded yet" not in html
    assert "The members of the Seventh Senedd are not held here yet" in html
    assert "shows the Sixth Senedd" in html
    for member in sixth.members.values():
        assert member.name_en in html


def test_asking_for_the_missing_term_says_so_and_shows_the_last_one_held(client, senedd):
    html = client.get(localised("en", "parliament:members", query="term=7")).content.decode()
    assert "The members of the Seventh Senedd are not held here yet" in html
    assert "Ann" in html
    held = client.get(localised("en", "parliament:members", query="term=6")).content.decode()
    assert "not held here yet" not in held and "Ann" in held


def test_the_members_page_says_it_in_welsh_too(client, senedd):
    response = client.get(localised("cy", "parliament:members"))
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="cy">' in html
    assert "Seithfed Senedd" in html and "Chweched Senedd" in html


# -- the quick division ----------------------------------------------------------------------


def test_the_division_page_offers_counts_alone_and_says_members_are_not_recorded(cara, senedd):
    _sixth, _seventh, motion = senedd
    response = cara.get(division_page(motion))
    html = response.content.decode()
    assert response.status_code == 200
    assert "import the members first" not in html
    assert "recorded by its counts alone" in html
    assert "how each member voted will not be recorded" in html
    assert 'name="for_count"' in html and 'name="party_' not in html


def counts(**overrides) -> dict:
    data = {
        "position": "1",
        "question": "motion",
        "amendment": "",
        "for_count": "50",
        "abstain_count": "2",
        "against_count": "40",
        "casting_vote": "",
        "casting_member": "",
        "save": "1",
    }
    return data | overrides


def test_a_clerk_records_a_division_by_counts_alone(cara, senedd):
    _sixth, _seventh, motion = senedd
    response = cara.post(division_page(motion), counts())
    assert response.status_code == 302
    vote = Vote.objects.get(motion=motion)
    assert (vote.for_count, vote.abstain_count, vote.against_count) == (50, 2, 40)
    assert vote.result == Vote.Result.AGREED
    assert not vote.members_recorded and not vote.member_votes.exists()


def test_counts_alone_must_all_be_given(cara, senedd):
    _sixth, _seventh, motion = senedd
    response = cara.post(division_page(motion), counts(for_count="", against_count=""))
    assert response.status_code == 400
    assert "Enter all three counts" in response.content.decode()
    assert not Vote.objects.filter(motion=motion).exists()


def test_counts_beyond_the_new_senedd_are_refused(cara, senedd):
    _sixth, _seventh, motion = senedd
    response = cara.post(division_page(motion), counts(for_count="90", against_count="10"))
    assert response.status_code == 400
    assert "the Senedd had 96 members" in response.content.decode()


# -- how did my members vote -----------------------------------------------------------------


def test_my_members_says_the_list_is_not_held_and_still_gives_the_result(client, senedd):
    _sixth, _seventh, motion = senedd
    place = constituency()
    client.force_login(clerk())
    assert client.post(division_page(motion), counts()).status_code == 302
    client.logout()
    page = localised("en", "parliament:my_members_result", motion.debate.pk, place.code)
    html = client.get(page).content.decode()
    assert "The list of members of the Seventh Senedd is not held here yet" in html
    assert "No members are recorded for this constituency" not in html
    assert "had 0 members" not in html
    assert "For 50, Abstain 2, Against 40" in html
    assert "<table>" not in html.split("Try another postcode")[0].split("</h1>")[1]
