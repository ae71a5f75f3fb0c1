"""Once a petition is rejected or hidden, only a sysadmin (Terry) restores it or rejects it again.

Mo, a moderator, is not offered either, and is refused with a page that says why.
"""

import pytest
from django.contrib.auth.models import User

from deiseb.audit.models import AuditEntry
from deiseb.moderation.models import RejectionReason
from deiseb.moderation.services import reject_petition
from deiseb.petitions.models import Petition
from tests.factories import SponsoredPetitionFactory, moderator

pytestmark = pytest.mark.django_db

ONLY_A_SYSADMIN = "Only a system administrator can restore this petition or reject it again."


@pytest.fixture
def rejected():
    petition = SponsoredPetitionFactory()
    reject_petition(
        petition, RejectionReason.objects.get(code="duplicate"), by=moderator("another")
    )
    return petition


def test_a_moderator_is_not_offered_restore_or_reject_again(client, mo, rejected):
    page = client.get(f"/en/staff/moderation/{rejected.pk}/").content.decode()
    assert ONLY_A_SYSADMIN in page
    assert f"/staff/moderation/{rejected.pk}/restore/" not in page
    assert f"/staff/moderation/{rejected.pk}/reject/" not in page


@pytest.mark.parametrize(("action", "data"), [("restore", {}), ("reject", {"reason": "offensive"})])
def test_a_moderator_is_refused_with_a_page_that_says_why(client, mo, rejected, action, data):
    audited = AuditEntry.objects.count()
    response = client.post(f"/en/staff/moderation/{rejected.pk}/{action}/", data)
    assert response.status_code == 403
    assert "Only a system administrator can do this" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.state == Petition.State.REJECTED
    assert rejected.events.filter(by=mo).count() == 0
    assert AuditEntry.objects.count() == audited


def test_a_moderator_still_rejects_a_petition_not_yet_rejected(client, mo):
    petition = SponsoredPetitionFactory()
    client.post(f"/en/staff/moderation/{petition.pk}/reject/", {"reason": "duplicate"})
    petition.refresh_from_db()
    assert petition.state == Petition.State.REJECTED


def test_a_sysadmin_is_offered_both_and_restores(client, terry, rejected):
    page = client.get(f"/en/staff/moderation/{rejected.pk}/").content.decode()
    assert ONLY_A_SYSADMIN not in page
    assert f"/staff/moderation/{rejected.pk}/restore/" in page
    assert f"/staff/moderation/{rejected.pk}/reject/" in page

    response = client.post(f"/en/staff/moderation/{rejected.pk}/restore/", {"notes": "Appeal"})
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.state == Petition.State.SPONSORED
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RESTORE)
    assert entry.actor == terry and entry.changes == {"state": ["rejected", "sponsored"]}
    assert rejected.events.get(verb="restore").by == terry


def test_a_sysadmin_hides_a_rejected_petition(client, terry, rejected):
    client.post(f"/en/staff/moderation/{rejected.pk}/reject/", {"reason": "offensive"})
    rejected.refresh_from_db()
    assert rejected.state == Petition.State.HIDDEN
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.REJECT).first()
    assert entry.actor == terry and entry.changes == {"state": ["rejected", "hidden"]}


def test_a_superuser_counts_as_a_sysadmin(client, rejected):
    client.force_login(User.objects.create_superuser("root"))
    assert client.post(f"/en/staff/moderation/{rejected.pk}/restore/").status_code == 302
    rejected.refresh_from_db()
    assert rejected.state == Petition.State.SPONSORED
