"""Sam the sysadmin sees what is due for anonymisation and holds one petition: audited."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone

from deiseb.audit.models import AuditEntry
from deiseb.petitions.models import Petition
from deiseb.retention import services
from tests.factories import (
    CompletedPetitionFactory,
    OpenPetitionFactory,
    RejectedPetitionFactory,
    ValidatedSignatureFactory,
    moderator,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(client):
    user = User.objects.create_user("sam", password="correct horse battery staple")
    user.groups.add(Group.objects.get(name="sysadmins"))
    client.force_login(user)
    return user


def page() -> str:
    return localised("en", "retention:index")


def hold(client, petition, reason="A court has asked us to keep it.", place=None):
    """Press the button the page shows for this petition (place, or lift, a hold)."""
    url = localised("en", "retention:legal_hold", petition.pk)
    petition.refresh_from_db()
    place = not petition.legal_hold if place is None else place
    data = {f"hold-{petition.pk}-reason": reason}
    if place:
        data[f"hold-{petition.pk}-place"] = "True"
    return client.post(url, data)


@pytest.fixture
def due(settings):
    settings.SIGNER_RETENTION_MONTHS = 12
    long_ago = timezone.now() - datetime.timedelta(days=400)
    petition = CompletedPetitionFactory(
        completed_at=long_ago, action_en="Due already", action_cy="Yn barod"
    )
    ValidatedSignatureFactory(petition=petition, name="Suzie Held", email="suzie.held@example.org")
    return petition


def test_only_sysadmins_reach_the_page(client, due):
    assert client.get(page()).status_code == 302  # to sign in
    client.force_login(moderator())
    assert client.get(page()).status_code == 403
    assert hold(client, due).status_code == 403
    due.refresh_from_db()
    assert not due.legal_hold


def test_the_page_lists_what_is_due_and_soon_due_and_not_the_rest(client, sam, due):
    soon = RejectedPetitionFactory(
        rejected_at=timezone.now() - datetime.timedelta(days=350), action_en="Due soon"
    )
    RejectedPetitionFactory(rejected_at=timezone.now() - datetime.timedelta(days=200))
    OpenPetitionFactory(action_en="Still open")
    response = client.get(page())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "Due already" in text and "Due soon" in text and "Still open" not in text
    assert text.count('action="/en/staff/retention/') == 2
    assert f'name="hold-{due.pk}-place" value="True"' in text
    assert soon.pk in {row["petition"].pk for row in response.context["rows"]}


def test_a_held_petition_is_skipped_then_anonymised_once_lifted(client, sam, due):
    response = hold(client, due)
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.legal_hold
    event = due.events.get(verb="place_legal_hold")
    assert event.by == sam and event.notes == "A court has asked us to keep it."
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PLACE_LEGAL_HOLD)
    assert entry.actor == sam and entry.changes == {"legal_hold": [False, True]}

    assert services.anonymise_due() == 0
    assert due.signatures.get().name == "Suzie Held"
    assert "Held" in client.get(page()).content.decode()

    assert hold(client, due, reason="The case is over.").status_code == 302
    due.refresh_from_db()
    assert not due.legal_hold
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LIFT_LEGAL_HOLD).count() == 1
    assert services.anonymise_due() == 1
    assert due.signatures.get().name == services.ANONYMOUS_NAME


def test_a_hold_needs_a_reason(client, sam, due):
    response = hold(client, due, reason="  ")
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    due.refresh_from_db()
    assert not due.legal_hold and not AuditEntry.objects.exists()


def test_an_unknown_petition_is_404(client, sam):
    url = localised("en", "retention:legal_hold", 999999)
    assert client.post(url, {"hold-999999-reason": "why"}).status_code == 404


def test_a_hold_on_an_anonymised_petition_is_still_recorded(client, sam, due):
    """A hold can be placed at any time (it is history, not a move); it keeps nothing back
    that has already gone, and the page no longer lists the petition as due."""
    with time_machine.travel(timezone.now(), tick=False):
        services.anonymise_due()
    assert hold(client, due).status_code == 302
    assert Petition.objects.get(pk=due.pk).legal_hold
    assert due.pk not in {row["petition"].pk for row in client.get(page()).context["rows"]}


def test_a_press_from_a_page_out_of_date_changes_nothing(client, sam, due):
    assert hold(client, due).status_code == 302
    response = hold(client, due, place=True, reason="Pressed on a page opened earlier")
    assert response.status_code == 302
    assert due.events.filter(verb="place_legal_hold").count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PLACE_LEGAL_HOLD).count() == 1
    assert "Someone else changed" in client.get(page()).content.decode()
