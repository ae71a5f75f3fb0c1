"""Each of Mo's decisions is in the staff audit log: who, what, which petition, state before and
after."""

import pytest

from deiseb.audit.models import AuditEntry
from tests.factories import SponsoredPetitionFactory

pytestmark = pytest.mark.django_db


def entry_for(petition, action) -> AuditEntry:
    entry = AuditEntry.objects.get(action=action)
    assert (entry.object_type, entry.object_id) == ("petitions.petition", str(petition.pk))
    return entry


def test_publishing_is_logged(client, mo):
    petition = SponsoredPetitionFactory()
    client.post(f"/en/staff/moderation/{petition.pk}/publish/")
    entry = entry_for(petition, AuditEntry.Action.PUBLISH)
    assert entry.actor == mo and entry.actor_name == "mo"
    assert entry.changes == {"state": ["sponsored", "open"]}
    assert entry.object_repr == petition.action_en


def test_rejecting_is_logged_with_the_reason(client, mo):
    petition = SponsoredPetitionFactory()
    client.post(f"/en/staff/moderation/{petition.pk}/reject/", {"reason": "duplicate"})
    entry = entry_for(petition, AuditEntry.Action.REJECT)
    assert entry.actor == mo and entry.notes == "duplicate"
    assert entry.changes == {"state": ["sponsored", "rejected"]}


def test_flag_unflag_and_restore_are_logged(client, mo, django_user_model):
    petition = SponsoredPetitionFactory()
    client.post(f"/en/staff/moderation/{petition.pk}/flag/", {"notes": "Check the facts"})
    assert entry_for(petition, AuditEntry.Action.FLAG).notes == "Check the facts"
    client.post(f"/en/staff/moderation/{petition.pk}/unflag/")
    assert entry_for(petition, AuditEntry.Action.UNFLAG).changes == {
        "state": ["flagged", "sponsored"]
    }
    client.post(f"/en/staff/moderation/{petition.pk}/reject/", {"reason": "offensive"})
    root = django_user_model.objects.create_superuser("root")  # only a sysadmin re-moderates
    client.force_login(root)
    client.post(f"/en/staff/moderation/{petition.pk}/restore/")
    entry = entry_for(petition, AuditEntry.Action.RESTORE)
    assert entry.actor == root and entry.changes == {"state": ["hidden", "sponsored"]}


def test_a_refused_action_leaves_no_entry(client, mo):
    petition = SponsoredPetitionFactory()
    client.post(f"/en/staff/moderation/{petition.pk}/unflag/")  # it is not flagged
    assert not AuditEntry.objects.exists()
