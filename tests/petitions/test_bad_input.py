"""Every form refuses what it must, says why in the user's language, and keeps what they typed."""

import datetime

import pytest
from django.utils import timezone

from deiseb.petitions.models import Petition
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory
from tests.helpers import localised, run_queued_tasks

pytestmark = pytest.mark.django_db

GOOD_TEXT = {"action": "Fund rural buses", "background": "Because.", "additional_details": ""}


def post_text(client, language="en", **fields):
    return client.post(localised(language, "petitions:new"), {**GOOD_TEXT, **fields})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"action": "x" * 101}, "Use 100 characters or fewer (you used 101)"),
        ({"background": "y" * 501}, "Use 500 characters or fewer (you used 501)"),
        ({"additional_details": "z" * 1101}, "Use 1100 characters or fewer (you used 1101)"),
        ({"action": '=HYPERLINK("http://evil")'}, "cannot start with =, +, - or @"),
        ({"background": "+44 call me"}, "cannot start with =, +, - or @"),
        ({"action": "@everyone"}, "cannot start with =, +, - or @"),
        ({"action": ""}, "Enter what you want us to do"),
    ],
)
def test_petition_text_is_checked_and_kept(client, fields, message):
    response = post_text(client, **fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'class="error-summary"' in page
    typed = next(iter(fields.values()))
    if typed:
        assert typed[:20].replace('"', "&quot;") in page  # what they typed is still there
    assert Petition.objects.count() == 0


def test_errors_are_in_welsh_on_welsh_pages(client):
    response = post_text(client, language="cy", action="=SUM(A1)")
    page = response.content.decode()
    assert 'lang="cy"' in page
    assert "cannot start with" not in page  # the Welsh message, not the English one


def walk_to_creator_step(client):
    post_text(client)
    closing = timezone.localdate() + datetime.timedelta(days=45)
    client.post("/en/petitions/new/closing-date/", {"closing_date": closing.isoformat()})


@pytest.mark.parametrize(
    "days, message",
    [(29, "The closing date must be between"), (400, "The closing date must be between")],
)
def test_closing_dates_out_of_range_are_refused(client, days, message):
    post_text(client)
    closing = timezone.localdate() + datetime.timedelta(days=days)
    response = client.post("/en/petitions/new/closing-date/", {"closing_date": closing.isoformat()})
    assert message in response.content.decode()


def test_a_nonsense_date_is_refused(client):
    post_text(client)
    response = client.post("/en/petitions/new/closing-date/", {"closing_date": "31/02/2027"})
    assert "Enter a real date" in response.content.decode()


CREATOR = {
    "name": "Charlie Creator",
    "email": "charlie@example.com",
    "postcode": "CF10 1AA",
    "address": "1 High Street",
    "phone": "029 2000 0000",
}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-email"}, "Enter an email address in the right format"),
        ({"postcode": "ZZ99 9ZZZ"}, "Enter a real UK postcode"),
        ({"postcode": "BS1 4DJ"}, "address in Wales"),
        ({"name": "Visit www.spam.com"}, "cannot contain a web address"),
        ({"name": "Buy at https://x.example"}, "cannot contain a web address"),
        ({"name": "-Charlie"}, "cannot start with =, +, - or @"),
        ({"phone": "call me maybe"}, "Enter a phone number"),
        ({"use_pseudonym": "on", "pseudonym": ""}, "Enter the name you want us to publish"),
    ],
)
def test_creator_details_are_checked_and_kept(client, fields, message):
    walk_to_creator_step(client)
    response = client.post("/en/petitions/new/about-you/", {**CREATOR, **fields})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "1 High Street" in page  # the rest of what they typed is kept


def test_the_steps_cannot_be_skipped(client):
    response = client.get("/en/petitions/new/check-your-answers/")
    assert response.status_code == 302 and response["Location"] == "/en/petitions/new/"
    response = client.post("/en/petitions/new/about-you/", CREATOR)
    assert response.status_code == 302
    assert Petition.objects.count() == 0


SIGNER = {
    "name": "Suzie Signer",
    "email": "suzie@example.com",
    "country": "GB-WLS",
    "postcode": "CF10 1AA",
}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "suzie@"}, "Enter an email address in the right format"),
        ({"postcode": ""}, "Enter your postcode"),
        ({"postcode": "12345"}, "Enter a real UK postcode"),
        ({"name": "=cmd|' /C calc'!A0"}, "cannot start with =, +, - or @"),
        ({"name": "http://spam.example"}, "cannot contain a web address"),
        ({"country": "XX"}, "Choose your country from the list"),
    ],
)
def test_signature_details_are_checked_and_nothing_is_saved(client, fields, message):
    petition = OpenPetitionFactory()
    response = client.post(f"/en/petitions/{petition.pk}/sign/", {**SIGNER, **fields})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Signature.objects.count() == 0


def test_control_characters_are_stripped_not_stored(client):
    petition = OpenPetitionFactory()
    # NUL is refused before any form sees it (tests/site/test_crafted_input.py); these are not.
    client.post(f"/en/petitions/{petition.pk}/sign/", {**SIGNER, "name": "Suz\x01ie\x07"})
    run_queued_tasks()
    assert Signature.objects.get().name == "Suzie"


@pytest.mark.parametrize(
    "path",
    [
        "/en/petitions/999999/",
        "/cy/deisebau/999999/",
        "/en/petitions/999999/sign/",
        "/en/petitions/abc/",
        "/en/petitions/99999999999999999999999/",
        "/en/nowhere/",
    ],
)
def test_unknown_pages_are_a_404_in_the_pages_language(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert f'lang="{path[1:3]}"' in response.content.decode()


def test_a_very_long_search_is_refused_politely(client):
    response = client.get("/en/petitions/check/", {"q": "bus " * 1000})
    assert response.status_code == 200
    assert "Search for up to 200 characters; try fewer words." in response.content.decode()


def test_the_closing_date_is_three_boxes_and_an_impossible_date_is_refused(client):
    post_text(client)
    closing = timezone.localdate() + datetime.timedelta(days=60)
    url = localised("cy", "petitions:new_closing")
    page = client.get(url).content.decode()
    assert 'name="closing_date_day"' in page and ">Diwrnod</label>" in page
    impossible = {"closing_date_day": "31", "closing_date_month": "2", "closing_date_year": "2027"}
    refused = client.post(url, impossible).content.decode()
    assert "Rhowch ddyddiad go iawn" in refused and 'value="31"' in refused
    assert 'href="#id_closing_date_0"' in refused
    typed = {
        "closing_date_day": str(closing.day),
        "closing_date_month": f"{closing.month:02d}",
        "closing_date_year": str(closing.year),
    }
    assert client.post(url, typed).status_code == 302
    assert client.session["new_petition"]["closing"] == {"closing_date": closing.isoformat()}


def test_the_404_page_links_to_the_list_in_the_pages_language(client):
    assert 'href="/cy/deisebau/"' in client.get("/cy/nunlle/").content.decode()
    assert 'href="/en/petitions/"' in client.get("/en/nowhere/").content.decode()
