"""The thank-you page after signing: share links, and the signer's Members of the Senedd."""

import datetime
import re

import pytest

from tests.factories import (
    MemberFactory,
    OpenPetitionFactory,
    PartyFactory,
    SeatFactory,
    SignatureFactory,
    TermFactory,
    constituency,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return constituency()


@pytest.fixture
def signature(place):
    return SignatureFactory(
        petition=OpenPetitionFactory(), constituency=place, email="suzie@example.com"
    )


def seventh_senedd():
    return TermFactory(
        number=7,
        name_en="Seventh Senedd",
        name_cy="Seithfed Senedd",
        start_date=datetime.date(2026, 5, 8),
        end_date=None,
    )


def thank_you(client, signature, language="en") -> str:
    response = client.post(f"/{language}/signatures/{signature.token}/confirm/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_offers_share_links_to_the_petition_page_not_to_itself(client, signature):
    html = thank_you(client, signature)
    links = re.findall(r'<ul class="share-links">(.*?)</ul>', html, re.S)[0]
    page = f"http%3A//testserver/en/petitions/{signature.petition.pk}/"
    assert f"https://wa.me/?text={page}" in links
    assert "facebook.com/sharer" in links and "mailto:" in links
    assert signature.token not in links
    assert "suzie" not in links and "CF10" not in links


def test_it_names_the_members_for_the_signers_constituency(client, signature, place):
    term = seventh_senedd()
    party = PartyFactory(name_en="Plaid Cymru")
    for name in ("Rhian Roberts", "Dafydd Davies"):
        SeatFactory(
            member=MemberFactory(name_en=name, slug=name.lower().replace(" ", "-")),
            term=term,
            party=party,
            constituency=place,
            start_date=term.start_date,
            end_date=None,
        )
    html = thank_you(client, signature)
    assert "The Members of the Senedd for Caerdydd Penarth are:" in html
    assert '<a href="/en/members/rhian-roberts/">Rhian Roberts</a>, Plaid Cymru' in html
    assert "Dafydd Davies" in html


def test_without_todays_members_it_says_the_list_is_not_held(client, signature):
    SeatFactory()  # the Sixth Senedd's members only: the file predates the election
    html = thank_you(client, signature)
    assert "is not held by the petitions site yet" in html
    assert "No Members of the Senedd are recorded" not in html


def test_with_todays_members_but_none_here_it_says_none_are_recorded(client, signature):
    term = seventh_senedd()
    SeatFactory(
        term=term,
        constituency=constituency("W09000099", "Elsewhere", postcodes=()),
        start_date=term.start_date,
        end_date=None,
    )
    html = thank_you(client, signature)
    assert "No Members of the Senedd are recorded for Caerdydd Penarth." in html


def test_a_signer_from_abroad_is_not_told_about_members(client):
    signature = SignatureFactory(country_id="FR", postcode="")
    html = thank_you(client, signature)
    assert "Your Members of the Senedd" not in html
    assert '<ul class="share-links">' in html
