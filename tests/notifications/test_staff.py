"""The clerks' page: who would be emailed, a confirmation, one press starts it, progress shown."""

import re

import pytest

from deiseb.audit.models import AuditEntry
from deiseb.notifications.models import PetitionUpdate
from tests.factories import clerk, moderator

pytestmark = pytest.mark.django_db

OUTCOME = PetitionUpdate.Kind.DEBATE_OUTCOME
SCHEDULED = PetitionUpdate.Kind.DEBATE_SCHEDULED


def page(debate, language="en") -> str:
    return f"/{language}/staff/updates/debates/{debate.pk}/"


def send(debate, kind, language="en") -> str:
    return f"{page(debate, language)}send/{kind}/"


def test_the_public_and_other_staff_are_refused(client, story):
    for path in (page(story.debate), send(story.debate, OUTCOME)):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/login/" in response["Location"]
        assert client.post(path).status_code == 302
    client.force_login(moderator())
    assert client.get(page(story.debate)).status_code == 403
    assert client.post(send(story.debate, OUTCOME)).status_code == 403
    assert not PetitionUpdate.objects.exists()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_clerk_sees_how_many_inboxes_asked(client, story, language):
    client.force_login(clerk())
    response = client.get(page(story.debate, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "5 email addresses asked for updates" in html or language == "cy"
    assert send(story.debate, OUTCOME, language) in html
    # The debate has been held: no button to say it is scheduled, and the clerk is told why.
    assert send(story.debate, SCHEDULED, language) not in html
    assert "already been held" in html or language == "cy"


def test_the_button_asks_for_confirmation_then_starts_sending_once(
    client, story, django_capture_on_commit_callbacks, drain
):
    client.force_login(clerk())
    confirm = client.get(send(story.debate, OUTCOME))
    assert confirm.status_code == 200 and "Check before sending" in confirm.content.decode()
    assert not PetitionUpdate.objects.exists()  # GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send(story.debate, OUTCOME))
    assert response.status_code == 302 and response["Location"] == page(story.debate)
    update = PetitionUpdate.objects.get()
    assert update.created_by.username == "cara" and update.kind == OUTCOME
    drain()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send(story.debate, OUTCOME))  # a second press
    assert PetitionUpdate.objects.count() == 1

    html = client.get(page(story.debate)).content.decode()
    assert "Debate outcome" in html and "Sent" in html
    assert re.search(r'<td class="numeric">5</td>', html)  # queued, and delivered


def test_an_update_the_record_does_not_support_is_refused_with_a_message(client, story):
    client.force_login(clerk())
    response = client.post(send(story.scheduled, OUTCOME), follow=True)
    assert "This debate has not been held yet." in response.content.decode()
    response = client.get(send(story.debate, SCHEDULED), follow=True)
    assert "already been held" in response.content.decode()
    assert client.get(send(story.debate, "nonsense")).status_code == 302
    assert not PetitionUpdate.objects.exists()


def test_an_unknown_debate_is_404(client, story):
    client.force_login(clerk())
    assert client.get("/en/staff/updates/debates/999999/").status_code == 404


def test_emailing_signers_is_in_the_audit_log(client, story, django_capture_on_commit_callbacks):
    client.force_login(clerk())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send(story.debate, OUTCOME))
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EMAIL_SIGNERS)
    assert entry.actor.username == "cara"
    assert (entry.object_type, entry.object_id) == ("parliament.debate", str(story.debate.pk))
    update = PetitionUpdate.objects.get()
    assert entry.notes == f"{OUTCOME}: {update.petition_id}"


def test_a_refused_update_leaves_no_entry(client, story):
    client.force_login(clerk())
    client.post(send(story.scheduled, OUTCOME))
    assert not AuditEntry.objects.exists()
