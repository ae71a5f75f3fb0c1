"""Retention's one rewrite of the log: the people an entry names go, the entry stays."""

import pytest

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from tests.factories import OpenPetitionFactory, moderator

pytestmark = pytest.mark.django_db


def test_it_redacts_whole_names_in_notes_changes_and_description():
    mo = moderator()
    petition = OpenPetitionFactory(action_en="Ask Al about buses")
    entry = audit.record(
        mo,
        AuditEntry.Action.CHANGE,
        petition,
        changes={"creator_name": ["Al Jones", "Al"], "duration_days": [30, 60]},
        notes="Al Jones phoned; Alan agreed. Already done.",
    )
    other = audit.record(mo, AuditEntry.Action.CHANGE_ROLES, mo, notes="Nothing about anyone")

    assert audit.redact(AuditEntry.objects.all(), ["Al Jones", "Al"]) == 1

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.notes == "[redacted] phoned; Alan agreed. Already done."
    assert entry.changes == {
        "creator_name": ["[redacted]", "[redacted]"],
        "duration_days": [30, 60],
    }
    assert entry.object_repr == "Ask [redacted] about buses"
    assert (entry.actor, entry.action) == (mo, AuditEntry.Action.CHANGE)
    assert AuditEntry.objects.get(pk=other.pk).notes == "Nothing about anyone"


def test_nothing_to_look_for_changes_nothing():
    assert audit.redact(AuditEntry.objects.all(), ["", None]) == 0
