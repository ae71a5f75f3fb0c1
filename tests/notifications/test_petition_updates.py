"""The Government's response ("save and email") and other parliamentary business: each reaches
every signer who asked, once, in their language, through the same fan-out as debate updates."""

import collections
import datetime
import re
import uuid

import pytest
from django.utils import timezone

from deiseb.audit.models import AuditEntry
from deiseb.core.models import OutboundEmail
from deiseb.notifications import services
from deiseb.notifications.models import PetitionUpdate, SignerMessage
from deiseb.parliament.models import GovernmentResponse
from tests.factories import (
    RejectedPetitionFactory,
    RoleFactory,
    SponsoredPetitionFactory,
    clerk,
    moderator,
)
from tests.helpers import localised
from tests.notifications.story import RECIPIENTS

pytestmark = pytest.mark.django_db

RESPONSE = {
    "responded_on": "2025-03-14",
    "summary_en": "We will consult on a ten-year strategy.",
    "summary_cy": "Byddwn yn ymgynghori ar strategaeth deng mlynedd.",
    "text_en": "The Welsh Government will take part in the national audit.",
    "text_cy": "Bydd Llywodraeth Cymru yn cymryd rhan yn yr archwiliad cenedlaethol.",
}
MESSAGE = {
    "subject_en": "A committee inquiry on child exploitation",
    "subject_cy": "Ymchwiliad pwyllgor ar gamfanteisio ar blant",
    "body_en": "The Children's Committee will take evidence on 3 April & report in June.",
    "body_cy": "Bydd y Pwyllgor Plant yn casglu tystiolaeth ar 3 Ebrill ac yn adrodd ym Mehefin.",
}


def updates(petition, page="") -> str:
    return f"/en/staff/updates/petitions/{petition.pk}/{page}"


@pytest.fixture
def cara(client):
    client.force_login(clerk())
    return client


@pytest.fixture
def post(cara, django_capture_on_commit_callbacks):
    """A clerk's POST, with the sending its commit starts."""

    def send(path, data):
        with django_capture_on_commit_callbacks(execute=True):
            return cara.post(path, data)

    return send


def response_data(story) -> dict:
    return {**RESPONSE, "member": story.ann.pk}


def queued_to() -> collections.Counter:
    return collections.Counter(OutboundEmail.objects.values_list("to", flat=True))


# -- the response -----------------------------------------------------------------------------


def test_the_public_and_moderators_cannot_reach_the_pages(client, story):
    for page in ("", "response/", "message/"):
        response = client.get(updates(story.petition, page))
        assert response.status_code == 302 and "/staff/login/" in response["Location"]
    client.force_login(moderator())
    for page in ("", "response/", "message/"):
        assert client.get(updates(story.petition, page)).status_code == 403
        assert client.post(updates(story.petition, page), MESSAGE).status_code == 403
    assert not GovernmentResponse.objects.exists() and not PetitionUpdate.objects.exists()


def test_saving_the_response_records_it_and_emails_every_signer_in_their_language(
    story, cara, post, drain
):
    RoleFactory(
        member=story.ann,
        title_en="Cabinet Secretary for Social Justice",
        title_cy="Ysgrifennydd y Cabinet dros Gyfiawnder Cymdeithasol",
        start_date=datetime.date(2024, 1, 1),
    )
    assert cara.get(updates(story.petition, "response/")).status_code == 200
    response = post(updates(story.petition, "response/"), response_data(story))
    assert response.status_code == 302 and response["Location"] == updates(story.petition)

    saved = GovernmentResponse.objects.get()
    assert saved.member == story.ann and saved.text_cy == RESPONSE["text_cy"]
    event = story.petition.events.get(verb="record_response")
    assert event.by.username == "cara" and event.notes == RESPONSE["summary_en"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RECORD_RESPONSE)
    assert entry.object_id == str(story.petition.pk)
    assert entry.changes["summary_en"] == [None, RESPONSE["summary_en"]]
    update = PetitionUpdate.objects.get()
    assert update.kind == PetitionUpdate.Kind.GOVERNMENT_RESPONSE and update.response == saved

    drain()
    assert queued_to() == dict.fromkeys(RECIPIENTS, 1)
    english = OutboundEmail.objects.get(to="alice@example.com")
    assert english.subject == "The Welsh Government has responded: “Hold a Wales-wide inquiry”"
    assert "Ann Aelod, Cabinet Secretary for Social Justice:" in english.body_text
    assert RESPONSE["text_en"] in english.body_text and "/unsubscribe/" in english.body_text
    assert english.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    welsh = OutboundEmail.objects.get(to="gwen@example.com")
    assert welsh.language == "cy" and RESPONSE["summary_cy"] in welsh.body_text
    assert "Cynnal ymchwiliad ledled Cymru" in welsh.subject
    assert RESPONSE["text_en"] not in welsh.body_text
    assert (
        "Dear Hal Household & Hana Household,"
        in OutboundEmail.objects.get(to="hal@example.com").body_text
    )

    page = cara.get(updates(story.petition)).content.decode()
    assert "Welsh Government response" in page and "Sent" in page
    assert (
        RESPONSE["summary_en"]
        in cara.get(localised("en", "petitions:detail", story.petition.pk)).content.decode()
    )


def test_saving_the_same_response_twice_emails_nobody_twice(story, post, drain):
    post(updates(story.petition, "response/"), response_data(story))
    drain()
    again = post(updates(story.petition, "response/"), response_data(story))
    assert again.status_code == 302
    drain()
    assert GovernmentResponse.objects.count() == 1 and PetitionUpdate.objects.count() == 1
    assert story.petition.events.filter(verb="record_response").count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.RECORD_RESPONSE).count() == 1
    assert queued_to() == dict.fromkeys(RECIPIENTS, 1)


def test_a_response_the_form_refuses_saves_nothing(story, post):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(
        updates(story.petition, "response/"), {**response_data(story), "responded_on": tomorrow}
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    missing = post(updates(story.petition, "response/"), {**response_data(story), "text_cy": ""})
    assert missing.status_code == 400
    assert not GovernmentResponse.objects.exists() and not PetitionUpdate.objects.exists()


def test_a_petition_the_lifecycle_does_not_allow_is_refused_in_words(story, cara, post):
    rejected = RejectedPetitionFactory()
    page = cara.get(updates(rejected, "response/"), follow=True).content.decode()
    assert "This cannot be done to the petition now: it is “Rejected”" in page
    response = post(updates(rejected, "response/"), response_data(story))
    assert response.status_code == 409
    assert not GovernmentResponse.objects.exists() and not AuditEntry.objects.exists()


def test_a_resumed_response_update_sends_the_rest_and_nobody_twice(story, drain):
    response = GovernmentResponse.objects.create(
        petition=story.petition,
        member=story.ann,
        responded_on=datetime.date(2025, 3, 14),
        **{key: value for key, value in RESPONSE.items() if key != "responded_on"},
    )
    update = services.email_response(response)
    assert not services.send_next_batch(update.pk, size=2)  # a worker that then died
    services.send_update(update.pk, size=2)
    services.send_update(update.pk, size=2)
    assert queued_to() == dict.fromkeys(RECIPIENTS, 1)


# -- other parliamentary business -------------------------------------------------------------


def test_a_clerk_previews_the_message_in_both_languages_then_sends_it_once(
    story, cara, post, drain
):
    form = cara.get(updates(story.petition, "message/")).content.decode()
    key = re.search(r'name="key" value="([^"]+)"', form).group(1)
    data = {**MESSAGE, "key": key}

    preview = cara.post(updates(story.petition, "message/"), {**data, "preview": "1"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Check before sending" in html and "5 email addresses" in html
    assert MESSAGE["subject_en"] in html and MESSAGE["subject_cy"] in html
    assert "3 April &amp; report" in html and MESSAGE["body_cy"] in html
    # As the signer reads it: greeted, with the footer's way to stop these emails.
    assert "Dear [signer&#x27;s name]," in html and "To stop emails about this petition" in html
    assert not SignerMessage.objects.exists() and not PetitionUpdate.objects.exists()

    sent = post(updates(story.petition, "message/"), {**data, "send": "1"})
    assert sent.status_code == 302 and sent["Location"] == updates(story.petition)
    post(updates(story.petition, "message/"), {**data, "send": "1"})  # pressed again
    drain()
    assert SignerMessage.objects.count() == 1 and PetitionUpdate.objects.count() == 1
    assert queued_to() == dict.fromkeys(RECIPIENTS, 1)
    english = OutboundEmail.objects.get(to="alice@example.com")
    assert english.subject == MESSAGE["subject_en"]
    assert "3 April & report in June." in english.body_text
    assert "3 April &amp; report" in english.body_html
    welsh = OutboundEmail.objects.get(to="gwen@example.com")
    assert welsh.subject == MESSAGE["subject_cy"] and MESSAGE["body_cy"] in welsh.body_text
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EMAIL_SIGNERS)
    assert entry.object_id == str(story.petition.pk) and MESSAGE["subject_en"] in entry.notes


def test_changing_the_message_goes_back_to_the_form_with_it_filled_in(story, cara):
    data = {**MESSAGE, "key": str(uuid.uuid4()), "edit": "1"}
    response = cara.post(updates(story.petition, "message/"), data)
    assert response.status_code == 200
    assert "Preview the email" in response.content.decode()
    assert MESSAGE["subject_cy"] in response.content.decode()


def test_a_message_needs_both_languages(story, cara):
    data = {**MESSAGE, "key": str(uuid.uuid4()), "body_cy": "", "send": "1"}
    assert cara.post(updates(story.petition, "message/"), data).status_code == 400
    assert not SignerMessage.objects.exists()


def test_an_unpublished_petitions_signers_cannot_be_emailed(cara):
    petition = SponsoredPetitionFactory()
    page = cara.get(updates(petition, "message/"), follow=True).content.decode()
    assert "Only the signers of a published petition can be emailed." in page


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_pages_have_one_heading_in_either_language(story, cara, language):
    for page in ("", "response/", "message/"):
        response = cara.get(f"/{language}/staff/updates/petitions/{story.petition.pk}/{page}")
        assert response.status_code == 200, page
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1
