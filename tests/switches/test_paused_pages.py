"""While paused: a banner in both languages everywhere, and the forms say so and save nothing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from deiseb.petitions.models import Petition
from deiseb.petitions.services import create_petition, validate_petition
from deiseb.signatures.models import Signature
from deiseb.switches import services
from tests.factories import OpenPetitionFactory, constituency
from tests.helpers import localised, run_queued_tasks

pytestmark = pytest.mark.django_db

SIGNER = {
    "name": "Suzie Signer",
    "email": "suzie@example.com",
    "country": "GB-WLS",
    "postcode": "CF10 1AA",
    "notify_by_email": "on",
}


@pytest.fixture
def petition():
    constituency()
    return OpenPetitionFactory()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_banner_shows_both_languages_on_every_public_page(client, petition, pause, language):
    pause(message_en="Signing is paused for the election.", message_cy="Mae llofnodi wedi'i oedi.")
    for name, args in (
        ("petitions:list", ()),
        ("petitions:detail", (petition.pk,)),
        ("pages:help", ()),
    ):
        html = client.get(localised(language, name, *args)).content.decode()
        assert '<p lang="en">Signing is paused for the election.</p>' in html, name
        assert '<p lang="cy">Mae llofnodi wedi&#x27;i oedi.</p>' in html, name
    other = "en" if language == "cy" else "cy"
    assert html.index(f'<p lang="{language}">') < html.index(f'<p lang="{other}">')  # page's first


def test_without_a_message_the_banner_has_the_standard_wording(client, pause):
    pause(services.CREATING)
    html = client.get(localised("en", "petitions:list")).content.decode()
    assert '<p lang="en">Starting new petitions is paused for now.</p>' in html
    assert '<p lang="cy">' in html


def test_no_banner_while_running_or_after_resuming(client, sam, pause):
    marker = 'class="notice"><p lang='
    assert marker not in client.get(localised("en", "petitions:list")).content.decode()
    pause(message_en="Paused.")
    assert marker in client.get(localised("en", "petitions:list")).content.decode()
    services.change_switch(services.SIGNING, paused=False, by=sam)
    assert marker not in client.get(localised("en", "petitions:list")).content.decode()


def test_the_banner_costs_one_query_and_the_same_for_a_big_petition(client, pause):
    pause(message_en="Paused.")
    counts = []
    for signatures in (1, 1_000_000):
        petition = OpenPetitionFactory(signature_count=signatures)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(localised("en", "petitions:detail", petition.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert sum("switches_pause" in query["sql"] for query in queries.captured_queries) == 1


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_sign_post_while_paused_gets_the_page_and_saves_nothing(
    client, petition, pause, language
):
    pause(message_en="Paused for the election.", message_cy="Wedi oedi ar gyfer yr etholiad.")
    response = client.post(localised(language, "signatures:sign", petition.pk), SIGNER)
    run_queued_tasks()
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    if language == "cy":
        assert '<html lang="cy">' in html and "Wedi oedi ar gyfer yr etholiad." in html
    else:
        assert (
            "Signing petitions is paused" in html and "Nothing you entered has been saved" in html
        )
    assert not Signature.objects.filter(kind="signer").exists()
    assert not DBTaskResult.objects.exists()


def test_signing_works_again_once_resumed(client, petition, sam, pause):
    pause()
    assert client.get(localised("en", "signatures:sign", petition.pk)).status_code == 503
    services.change_switch(services.SIGNING, paused=False, by=sam)
    response = client.post(localised("en", "signatures:sign", petition.pk), SIGNER)
    run_queued_tasks()
    assert response.status_code == 302
    assert Signature.objects.filter(kind="signer", petition=petition).count() == 1


def gathering_support() -> Petition:
    """Charlie's petition, confirmed and collecting supporters: made by the real services."""
    petition = create_petition(
        language="en", action="Reopen the line", background="It closes on Sundays.",
        additional_details="", closing_date=timezone.localdate() + datetime.timedelta(days=60),
        creator_name="Charlie Creator", creator_pseudonym="", creator_email="charlie@example.com",
        creator_postcode="CF10 1AA", creator_address="1 High Street", creator_phone="029 2000 0000",
    )  # fmt: skip
    validate_petition(petition)
    return petition


def test_the_support_form_is_paused_with_signing(client, pause):
    gathering = gathering_support()
    pause()
    url = localised("en", "signatures:support", gathering.pk, gathering.sponsor_token)
    assert client.get(url).status_code == 503
    assert client.post(url, SIGNER).status_code == 503
    run_queued_tasks()
    assert not Signature.objects.filter(kind="sponsor").exists()


def test_a_closed_or_missing_petition_still_answers_as_before(client, pause):
    pause()
    assert client.get(localised("en", "signatures:sign", 999_999)).status_code == 404


def test_count_json_is_unaffected(client, petition, pause):
    before = client.get(f"/petitions/{petition.pk}/count.json")
    pause()
    after = client.get(f"/petitions/{petition.pk}/count.json")
    assert after.status_code == 200 and after.json() == before.json()


def test_the_create_journey_is_paused_and_keeps_its_answers(client, pause):
    answers = {"text": {"action": "Reopen the line", "background": "It closes on Sundays."}}
    session = client.session
    session["new_petition"] = answers
    session.save()
    pause(services.CREATING)
    for name in (
        "petitions:check",
        "petitions:new",
        "petitions:new_closing",
        "petitions:new_review",
    ):
        response = client.get(localised("cy", name))
        assert response.status_code == 503, name
        assert '<html lang="cy">' in response.content.decode()
    assert client.post(localised("en", "petitions:new_review")).status_code == 503
    assert client.post(localised("en", "petitions:new"), {"action": "x"}).status_code == 503
    assert not Petition.objects.exists()
    assert client.session["new_petition"] == answers


def test_pausing_creation_leaves_signing_alone(client, petition, pause):
    pause(services.CREATING)
    assert client.get(localised("en", "signatures:sign", petition.pk)).status_code == 200
