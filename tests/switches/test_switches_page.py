"""Sam pauses signing from the switches page, rewords the message, and resumes it; all audited."""

import pytest

from deiseb.audit.models import AuditEntry
from deiseb.switches import services
from deiseb.switches.models import Pause
from tests.factories import moderator
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def press(client, switch, **data):
    fields = {f"{switch}-{key}": value for key, value in data.items()}
    return client.post(localised("en", "switches:change", switch), fields)


def test_only_sysadmins_reach_the_page(client):
    page = localised("en", "switches:index")
    assert client.get(page).status_code == 302  # to sign in
    client.force_login(moderator())
    assert client.get(page).status_code == 403
    assert press(client, "signing", paused="on").status_code == 403
    assert not Pause.objects.exists()


def test_sam_pauses_signing_with_a_message_and_it_is_audited(client, sam):
    client.force_login(sam)
    response = press(
        client,
        "signing",
        paused="on",
        message_en="Paused for the election.",
        message_cy="Wedi oedi.",
    )
    assert response.status_code == 302
    pause = Pause.objects.current().get()
    assert (pause.switch, pause.message_en, pause.started_by) == (
        "signing",
        "Paused for the election.",
        sam,
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE_SWITCHES)
    assert entry.actor == sam and entry.notes == "signing"
    assert entry.changes["paused"] == [False, True]
    assert entry.changes["message_cy"] == ["", "Wedi oedi."]
    page = client.get(localised("en", "switches:index"))
    assert (
        "no-store" in page["Cache-Control"] and "Paused for the election." in page.content.decode()
    )


def test_rewording_and_resuming_are_audited_with_before_and_after(client, sam, pause):
    pause(message_en="Old words.")
    client.force_login(sam)
    press(client, "signing", paused="on", message_en="New words.")
    press(client, "signing", message_en="New words.")
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.CHANGE_SWITCHES).order_by("pk")
    assert [entry.changes for entry in entries][1:] == [
        {"message_en": ["Old words.", "New words."]},
        {"paused": [True, False]},
    ]
    ended = Pause.objects.get()
    assert ended.ended_at is not None and ended.ended_by == sam
    assert not Pause.objects.current().exists()


def test_saving_without_a_change_writes_nothing(client, sam):
    client.force_login(sam)
    press(client, "creating")
    assert not Pause.objects.exists() and not AuditEntry.objects.exists()


def test_switches_are_independent(client, sam):
    client.force_login(sam)
    press(client, "creating", paused="on")
    assert set(services.current_pauses()) == {"creating"}


def test_an_unknown_switch_is_404_and_a_bad_message_is_refused(client, sam):
    client.force_login(sam)
    assert press(client, "everything", paused="on").status_code == 404
    response = press(client, "signing", paused="on", message_en="=HYPERLINK(1)")
    assert response.status_code == 400 and not Pause.objects.exists()


def test_pausing_twice_is_one_pause(sam):
    services.change_switch("signing", paused=True, by=sam)
    services.change_switch("signing", paused=True, by=sam)
    assert Pause.objects.count() == 1
