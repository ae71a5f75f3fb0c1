"""Sam reads the audit log: newest first, filtered by who, what and when, in both languages;
nobody else may, and nobody can rewrite it."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.utils import timezone

from deiseb.audit import services as audit
from deiseb.audit.models import AppendOnly, AuditEntry
from tests.audit.conftest import make_sysadmin
from tests.factories import SponsoredPetitionFactory, clerk, moderator

pytestmark = pytest.mark.django_db
LOG = "/en/staff/audit/"


def entries(response) -> list[AuditEntry]:
    return list(response.context["page"])


def test_only_sysadmins_may_read_the_log(client):
    response = client.get(LOG)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
    for user in (moderator(), clerk()):
        client.force_login(user)
        assert client.get(LOG).status_code == 403
    client.force_login(make_sysadmin())
    assert client.get(LOG).status_code == 200


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_log_lists_entries_newest_first(client, sam, language):
    mo = moderator()
    first, second = SponsoredPetitionFactory(), SponsoredPetitionFactory()
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1), tick=False):
        audit.record(mo, AuditEntry.Action.FLAG, first, notes="Check the facts")
    audit.record(mo, AuditEntry.Action.PUBLISH, second, changes={"state": ["sponsored", "open"]})
    response = client.get(f"/{language}/staff/audit/")
    assert response.status_code == 200
    shown = entries(response)
    assert [entry.object_id for entry in shown] == [str(second.pk), str(first.pk)]
    html = response.content.decode()
    assert f'lang="{language}"' in html and html.count("<h1") == 1
    assert "Check the facts" in html
    if language == "en":
        assert "Published a petition" in html and "Flagged a petition" in html
        assert "Before: sponsored" in html and "After: open" in html


def test_the_filters_narrow_the_log(client, sam):
    mo, cara = moderator(), clerk()
    petition, other = SponsoredPetitionFactory(), SponsoredPetitionFactory()
    with time_machine.travel(datetime.datetime(2025, 2, 10, 12, tzinfo=datetime.UTC)):
        audit.record(mo, AuditEntry.Action.FLAG, petition)
    with time_machine.travel(datetime.datetime(2025, 2, 12, 12, tzinfo=datetime.UTC)):
        audit.record(mo, AuditEntry.Action.PUBLISH, other)
        audit.record(cara, AuditEntry.Action.SCHEDULE_DEBATE, petition)

    def ids(**query):
        response = client.get(LOG, query)
        assert response.status_code == 200
        return [(entry.action, entry.object_id) for entry in entries(response)]

    assert ids(actor=cara.pk) == [("schedule_debate", str(petition.pk))]
    assert ids(action="publish") == [("publish", str(other.pk))]
    assert len(ids(object_type="petitions.petition")) == 3
    assert ids(object_type="petitions.petition", object_id=petition.pk) == [
        ("schedule_debate", str(petition.pk)),
        ("flag", str(petition.pk)),
    ]
    assert ids(date_from="2025-02-11") == [
        ("schedule_debate", str(petition.pk)),
        ("publish", str(other.pk)),
    ]
    assert ids(date_to="2025-02-11") == [("flag", str(petition.pk))]
    assert ids(date_from="2025-02-13") == []
    assert ids(action="nonsense") == []  # a bad filter shows nothing, not everything


def test_the_log_is_paged_and_keeps_the_filters(client, sam):
    mo = moderator()
    petition = SponsoredPetitionFactory()
    for _ in range(55):
        audit.record(mo, AuditEntry.Action.FLAG, petition)
    response = client.get(LOG, {"action": "flag"})
    assert len(entries(response)) == 50
    assert "?action=flag&amp;page=2" in response.content.decode()
    assert len(entries(client.get(LOG, {"action": "flag", "page": 2}))) == 5


def test_entries_cannot_be_changed_or_deleted():
    petition = SponsoredPetitionFactory()
    entry = audit.record(moderator(), AuditEntry.Action.FLAG, petition, notes="first")
    entry.notes = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(notes="rewritten")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().notes == "first"


def test_an_entry_keeps_who_after_the_account_is_gone():
    user = User.objects.create_user("gone")
    audit.record(user, AuditEntry.Action.FLAG, SponsoredPetitionFactory())
    user.delete()
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.actor_name == "gone"


def test_personal_data_never_reaches_a_description():
    petition = SponsoredPetitionFactory(action_en="Write to suzie@example.com at CF10 1AA")
    entry = audit.record(
        moderator(),
        AuditEntry.Action.FLAG,
        petition,
        changes={"email": ["a@example.com", "b@example.com"], "postcode": ["CF101AA", ""]},
        notes="Signed from 192.168.0.1 by suzie@example.com",
    )
    stored = f"{entry.object_repr} {entry.notes} {entry.changes}"
    for personal in ("suzie@example.com", "CF10 1AA", "192.168.0.1", "a@example.com", "CF101AA"):
        assert personal not in stored
