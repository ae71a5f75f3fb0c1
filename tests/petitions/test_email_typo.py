"""A creator who types a mistyped email domain is asked about it, and the answer sticks."""

import pytest

from deiseb.petitions.models import Petition
from tests.factories import constituency
from tests.petitions.test_create import fill_in_petition

pytestmark = pytest.mark.django_db


def test_the_creator_is_asked_and_the_choice_survives_check_your_answers(client):
    constituency()
    asked = fill_in_petition(client, email="charlie@outlok.com")
    assert asked.status_code == 200
    assert "Did you mean charlie@outlook.com?" in asked.content.decode()

    kept = fill_in_petition(client, email="charlie@outlok.com", email_choice="charlie@outlok.com")
    assert kept.status_code == 302
    review = client.get("/en/petitions/new/check-your-answers/")
    assert review.status_code == 200  # the stored answers pass again, not sent back to change
    assert "charlie@outlok.com" in review.content.decode()
    client.post("/en/petitions/new/check-your-answers/")
    assert Petition.objects.get().creator_email == "charlie@outlok.com"


def test_changing_the_details_later_does_not_ask_again(client):
    constituency()
    fill_in_petition(client, email="charlie@gmial.com", email_choice="charlie@gmail.com")
    page = client.get("/en/petitions/new/about-you/?change=1").content.decode()
    assert 'value="charlie@gmail.com"' in page
    assert "Did you mean" not in page


def test_a_kept_address_is_not_questioned_again_on_change(client):
    constituency()
    fill_in_petition(client, email="charlie@outlok.com", email_choice="charlie@outlok.com")
    page = client.get("/en/petitions/new/about-you/?change=1").content.decode()
    assert '<input type="hidden" name="email_choice" value="charlie@outlok.com">' in page
    again = fill_in_petition(client, email="charlie@outlok.com", email_choice="charlie@outlok.com")
    assert again.status_code == 302
