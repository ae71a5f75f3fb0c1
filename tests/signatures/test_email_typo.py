"""A signer who types gmial.com is asked "Did you mean …@gmail.com?", without JavaScript,
and loses nothing they typed; they may take the suggestion or keep their own address."""

import pytest

from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, SponsoredPetitionFactory, constituency
from tests.helpers import localised, run_queued_tasks

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "Suzie Signer",
    "email": "suzie@gmial.com",
    "country": "GB-WLS",
    "postcode": "CF10 1AA",
    "notify_by_email": "on",
}


@pytest.fixture
def petition():
    constituency()
    return OpenPetitionFactory()


def post(client, petition, language="en", **fields):
    response = client.post(
        localised(language, "signatures:sign", petition.pk), {**DETAILS, **fields}
    )
    run_queued_tasks()
    return response


def test_a_typo_is_questioned_and_every_answer_kept(client, petition):
    response = post(client, petition)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Did you mean suzie@gmail.com?" in html
    assert 'name="email_choice" id="id_email_choice_0" value="suzie@gmail.com"' in html
    assert 'value="suzie@gmial.com"' in html
    assert 'value="Suzie Signer"' in html and 'value="CF10 1AA"' in html
    assert 'name="notify_by_email" id="id_notify_by_email" checked' in html
    assert Signature.objects.count() == 0


def test_the_question_is_asked_in_welsh_too(client, petition):
    html = post(client, petition, "cy").content.decode()
    assert 'value="suzie@gmail.com"' in html and 'name="email_choice"' in html


def test_taking_the_suggestion_signs_with_it(client, petition):
    response = post(client, petition, email_choice="suzie@gmail.com")
    assert response.status_code == 302
    assert Signature.objects.get().email == "suzie@gmail.com"


def test_keeping_the_address_as_typed_signs_with_it(client, petition):
    response = post(client, petition, email_choice="suzie@gmial.com")
    assert response.status_code == 302
    assert Signature.objects.get().email == "suzie@gmial.com"


def test_a_new_address_typed_over_the_old_choice_is_checked_afresh(client, petition):
    response = post(client, petition, email="suzie@hotmial.com", email_choice="suzie@gmail.com")
    assert "Did you mean suzie@hotmail.com?" in response.content.decode()
    assert Signature.objects.count() == 0


def test_a_choice_is_kept_when_the_page_returns_for_another_answer(client, petition):
    response = post(client, petition, email_choice="suzie@gmail.com", postcode="")
    html = response.content.decode()
    assert "Enter your postcode" in html
    assert '<input type="hidden" name="email_choice" value="suzie@gmail.com">' in html
    assert 'value="suzie@gmail.com"' in html and "Did you mean" not in html


def test_an_ordinary_address_is_not_questioned(client, petition):
    assert post(client, petition, email="suzie@example.com").status_code == 302


def test_supporters_are_asked_too(client):
    petition = SponsoredPetitionFactory()
    url = f"/en/petitions/{petition.pk}/support/{petition.sponsor_token}/"
    response = client.post(url, DETAILS)
    assert "Did you mean suzie@gmail.com?" in response.content.decode()
