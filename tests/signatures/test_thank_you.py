"""The thank-you page after signing: share links, and the signer's Members of the Senedd."""

import datetime
import re

import pytest

from deiseb.petitions.models import Petition
from tests.factories import (
    MemberFactory,
    OpenPetitionFactory,
    PartyFactory,
    SeatFactory,
    SignatureFactory,
    TermFactory,
    constituency,
)
from tests.helpers import localised

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
    """Press the button, and follow it to the thank-you page (one for every signer of the
    petition in their constituency: it names no one and holds no token)."""
    response = client.post(f"/{language}/signatures/{signature.token}/confirm/", follow=True)
    assert response.status_code == 200
    ((where, status),) = response.redirect_chain
    assert status == 302 and signature.token not in where
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


def test_the_thank_you_page_shows_no_members_for_an_unknown_place(client, signature):
    url = localised("en", "signatures:signed", signature.petition.pk, query="area=nowhere")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your signature has been added" in html and "Your Members of the Senedd" not in html


def test_there_is_no_thank_you_page_for_an_unpublished_petition(client):
    hidden = SignatureFactory().petition
    Petition.objects.filter(pk=hidden.pk).update(state=Petition.State.HIDDEN)
    assert client.get(localised("cy", "signatures:signed", hidden.pk)).status_code == 404
