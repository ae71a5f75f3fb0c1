"""Clerks finish a petition: completed with a note, not debated with a reason, then archived.

Each through its own small page, by the lifecycle verb, with an audit entry; the public page
then says it in the page's language.
"""

import re

import pytest
from django.contrib.auth.models import Group, User

from deiseb.audit.models import AuditEntry
from deiseb.parliament.models import PetitionOutcome
from deiseb.petitions.models import Petition
from tests.factories import (
    AwaitingDebatePetitionFactory,
    CompletedPetitionFactory,
    HiddenPetitionFactory,
    OpenPetitionFactory,
    ReferredPetitionFactory,
    clerk,
    moderator,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db

State = Petition.State
NOTE = {
    "text_en": "The Committee wrote to the Cabinet Secretary and has finished its work.",
    "text_cy": "Ysgrifennodd y Pwyllgor at Ysgrifennydd y Cabinet ac mae wedi gorffen.",
}
REASON = {
    "text_en": "The Senedd debated the subject in an opposition debate.",
    "text_cy": "Trafododd y Senedd y pwnc mewn dadl gan y gwrthbleidiau.",
}


def url(petition, action="", language="en") -> str:
    return f"/{language}/staff/record/petitions/{petition.pk}/{action}"


def sysadmin() -> User:
    user = User.objects.create_user("terry", is_staff=True)
    user.groups.add(Group.objects.get(name="sysadmins"))
    return user


@pytest.fixture
def cara(client):
    client.force_login(clerk())
    return client


def public_page(client, petition, language="en") -> str:
    client.logout()
    response = client.get(localised(language, "petitions:detail", petition.pk))
    assert response.status_code == 200
    return response.content.decode()


# -- who may ----------------------------------------------------------------------------------


def test_the_public_is_sent_to_sign_in_and_moderators_are_refused(client):
    petition = ReferredPetitionFactory()
    actions = ("", "completed/", "not-debated/", "archive/")
    for action in actions:
        response = client.get(url(petition, action))
        assert response.status_code == 302 and "/staff/login/" in response["Location"]
    client.force_login(moderator())
    for action in actions:
        assert client.get(url(petition, action)).status_code == 403
        assert client.post(url(petition, action), NOTE).status_code == 403
    petition.refresh_from_db()
    assert petition.state == State.CLOSED and not PetitionOutcome.objects.exists()


def test_a_sysadmin_may_archive_but_not_complete(client):
    petition = CompletedPetitionFactory()
    client.force_login(sysadmin())
    page = client.get(url(petition)).content.decode()
    assert url(petition, "archive/") in page
    assert client.get(url(petition, "archive/")).status_code == 200
    assert client.post(url(petition, "not-debated/"), REASON).status_code == 403
    assert client.post(url(petition, "archive/"), {"notes": ""}).status_code == 302
    petition.refresh_from_db()
    assert petition.archived_at is not None


# -- completed --------------------------------------------------------------------------------


def test_a_clerk_marks_a_petition_completed_and_its_page_says_why_in_each_language(cara):
    petition = ReferredPetitionFactory()
    assert url(petition, "completed/") in cara.get(url(petition)).content.decode()
    assert cara.get(url(petition, "completed/")).status_code == 200

    response = cara.post(url(petition, "completed/"), NOTE)
    assert response.status_code == 302 and response["Location"] == url(petition)
    petition.refresh_from_db()
    assert petition.state == State.COMPLETED and petition.completed_at is not None
    event = petition.events.get(verb="complete")
    assert event.by.username == "cara" and event.notes == NOTE["text_en"]
    assert (event.state_before, event.state_after) == (State.CLOSED, State.COMPLETED)
    outcome = PetitionOutcome.objects.get(petition=petition)
    assert outcome.kind == PetitionOutcome.Kind.COMPLETED and outcome.text_cy == NOTE["text_cy"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.COMPLETE)
    assert entry.actor.username == "cara" and entry.object_id == str(petition.pk)
    assert entry.changes["state"] == ["closed", "completed"]
    assert entry.notes == NOTE["text_en"]

    assert list(Petition.objects.listed("completed")) == [petition]
    english = public_page(cara, petition)
    assert NOTE["text_en"] in english and NOTE["text_cy"] not in english
    welsh = public_page(cara, petition, "cy")
    assert NOTE["text_cy"] in welsh and NOTE["text_en"] not in welsh


def test_an_open_petition_cannot_be_completed_and_the_clerk_is_told_why(cara):
    petition = OpenPetitionFactory()
    assert url(petition, "completed/") not in cara.get(url(petition)).content.decode()
    response = cara.get(url(petition, "completed/"), follow=True)
    assert "This cannot be done to the petition now" in response.content.decode()

    response = cara.post(url(petition, "completed/"), NOTE)
    assert response.status_code == 409
    html = response.content.decode()
    assert "This cannot be done to the petition now: it is “Open”" in html
    assert NOTE["text_en"] in html  # what the clerk wrote is kept
    petition.refresh_from_db()
    assert petition.state == State.OPEN
    assert not PetitionOutcome.objects.exists() and not AuditEntry.objects.exists()
    assert not petition.events.filter(verb="complete").exists()


def test_the_note_is_needed_in_both_languages(cara):
    petition = ReferredPetitionFactory()
    response = cara.post(url(petition, "completed/"), {"text_en": NOTE["text_en"], "text_cy": ""})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    petition.refresh_from_db()
    assert petition.state == State.CLOSED and not AuditEntry.objects.exists()


def test_completing_twice_is_refused_the_second_time(cara):
    petition = ReferredPetitionFactory()
    cara.post(url(petition, "completed/"), NOTE)
    assert cara.post(url(petition, "completed/"), NOTE).status_code == 409
    assert PetitionOutcome.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.COMPLETE).count() == 1


# -- not debated ------------------------------------------------------------------------------


def test_a_clerk_records_that_a_petition_will_not_be_debated_with_the_reason(cara):
    petition = AwaitingDebatePetitionFactory()
    assert url(petition, "not-debated/") in cara.get(url(petition)).content.decode()
    response = cara.post(url(petition, "not-debated/"), REASON)
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.debate_state == Petition.DebateState.NOT_DEBATED
    assert petition.state == State.CLOSED  # the Committee may still have work to do
    assert petition.events.get(verb="record_not_debated").notes == REASON["text_en"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RECORD_NOT_DEBATED)
    assert entry.changes == {"debate_state": ["awaiting", "not_debated"]}

    assert petition in Petition.objects.listed("not_debated")
    english = public_page(cara, petition)
    assert "The Senedd will not debate this petition" in english and REASON["text_en"] in english
    assert REASON["text_cy"] in public_page(cara, petition, "cy")


def test_not_debated_is_recorded_once(cara):
    petition = AwaitingDebatePetitionFactory()
    cara.post(url(petition, "not-debated/"), REASON)
    response = cara.post(url(petition, "not-debated/"), REASON)
    assert response.status_code == 409
    assert "Not debated" in response.content.decode()
    assert PetitionOutcome.objects.count() == 1


# -- archived ---------------------------------------------------------------------------------


def test_an_archived_petition_stays_public_with_a_tag(cara):
    petition = CompletedPetitionFactory()
    response = cara.post(url(petition, "archive/"), {"notes": "Tidying the 2025 petitions"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.archived_at is not None and petition.state == State.COMPLETED
    assert petition.events.get(verb="archive").notes == "Tidying the 2025 petitions"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ARCHIVE)
    assert entry.changes["archived_at"][0] is None and entry.changes["archived_at"][1]

    staff_page = cara.get(url(petition)).content.decode()
    assert url(petition, "archive/") not in staff_page
    assert "Nothing can be recorded on this petition now." not in staff_page  # the emails
    response = cara.post(url(petition, "archive/"), {"notes": ""})
    assert response.status_code == 409 and "has been archived" in response.content.decode()
    assert re.search(r'<span class="tag">Archived</span>', public_page(cara, petition))


def test_a_hidden_petition_can_be_archived_and_stays_hidden(cara, client):
    petition = HiddenPetitionFactory()
    assert cara.post(url(petition, "archive/"), {"notes": ""}).status_code == 302
    petition.refresh_from_db()
    assert petition.archived_at is not None
    client.logout()
    assert client.get(localised("en", "petitions:detail", petition.pk)).status_code == 404


def test_an_open_petition_cannot_be_archived(cara):
    petition = OpenPetitionFactory()
    assert cara.post(url(petition, "archive/"), {"notes": ""}).status_code == 409
    petition.refresh_from_db()
    assert petition.archived_at is None


# -- the clerks' pages ------------------------------------------------------------------------


def test_the_petition_page_offers_what_the_lifecycle_allows_now(cara):
    open_petition = OpenPetitionFactory()
    page = cara.get(url(open_petition)).content.decode()
    assert f"/en/staff/updates/petitions/{open_petition.pk}/response/" in page
    assert f"/en/staff/updates/petitions/{open_petition.pk}/message/" in page
    assert url(open_petition, "completed/") not in page
    assert url(open_petition, "archive/") not in page

    completed = CompletedPetitionFactory()
    page = cara.get(url(completed)).content.decode()
    assert url(completed, "archive/") in page and url(completed, "completed/") not in page


def test_the_index_lists_referred_petitions_and_finds_one_by_number(cara):
    referred = ReferredPetitionFactory()
    archived = CompletedPetitionFactory(action_en="Archived already")
    cara.post(url(archived, "archive/"), {"notes": ""})
    html = cara.get("/en/staff/record/").content.decode()
    assert referred.action_en in html and url(referred, "completed/") in html
    assert "Archived already" not in html

    found = cara.get(f"/en/staff/record/?petition={referred.pk}")
    assert found.status_code == 302 and found["Location"] == url(referred)
    missing = cara.get("/en/staff/record/?petition=nonsense", follow=True)
    assert "There is no petition with that number." in missing.content.decode()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_page_has_one_heading_in_either_language(cara, language):
    petition = AwaitingDebatePetitionFactory()
    for action in ("", "completed/", "not-debated/"):
        response = cara.get(url(petition, action, language))
        assert response.status_code == 200, action
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1
    completed = CompletedPetitionFactory()
    assert cara.get(url(completed, "archive/", language)).status_code == 200
