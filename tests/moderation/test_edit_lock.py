"""Mo opens a petition and holds it while he works; Sam, opening it too, is told and held back.

The lock lasts MODERATION_EDIT_LOCK_MINUTES from the holder's last request, is let go when he
acts, and can be taken over, which the audit log records.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from deiseb.audit.models import AuditEntry
from deiseb.moderation.models import EditLock
from deiseb.petitions.models import Petition
from tests.factories import SponsoredPetitionFactory, moderator

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 2, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture
def petition():
    return SponsoredPetitionFactory()


@pytest.fixture
def mo(client):
    """Mo, with his name on his account, so that others see who is editing."""
    user = moderator()
    user.first_name = "Mo"
    user.save()
    client.force_login(user)
    return user


@pytest.fixture
def sam():
    """A second moderator, in a browser of her own."""
    browser = Client()
    browser.force_login(moderator("sam"))
    return browser


def page(client, petition) -> str:
    return client.get(f"/en/staff/moderation/{petition.pk}/").content.decode()


@time_machine.travel(START, tick=False)
def test_opening_a_petition_takes_its_lock(client, mo, petition, settings):
    settings.MODERATION_EDIT_LOCK_MINUTES = 5
    assert "is editing this petition" not in page(client, petition)
    lock = EditLock.objects.get(petition=petition)
    assert lock.holder == mo
    assert lock.expires_at == START + datetime.timedelta(minutes=5)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_someone_else_sees_who_is_editing_and_the_buttons_are_off(client, mo, sam, petition, lang):
    page(client, petition)
    html = sam.get(f"/{lang}/staff/moderation/{petition.pk}/").content.decode()
    with translation.override(lang):
        assert gettext("%(name)s is editing this petition") % {"name": "Mo"} in html
    assert f'action="/{lang}/staff/moderation/{petition.pk}/take-over/"' in html
    assert html.count('disabled aria-describedby="edit-lock"') >= 3  # save, publish, flag…
    assert EditLock.objects.get(petition=petition).holder == mo  # looking took nothing


def test_an_action_is_refused_while_someone_else_holds_the_lock(client, mo, sam, petition):
    page(client, petition)
    response = sam.post(f"/en/staff/moderation/{petition.pk}/publish/", follow=True)
    assert "Mo is editing this petition. Take over before you act on it." in (
        response.content.decode()
    )
    response = sam.post(f"/en/staff/moderation/{petition.pk}/reject/", {"reason": "duplicate"})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == Petition.State.SPONSORED
    assert not petition.events.filter(verb__in=["publish", "reject"]).exists()
    assert not AuditEntry.objects.exists()


def test_the_holders_requests_renew_the_lock_and_it_lapses_after_the_setting(
    client, mo, sam, petition, settings
):
    settings.MODERATION_EDIT_LOCK_MINUTES = 5
    with time_machine.travel(START, tick=False):
        page(client, petition)
    with time_machine.travel(START + datetime.timedelta(minutes=4), tick=False):
        client.post(f"/en/staff/moderation/{petition.pk}/flag/", {"notes": ""})  # acts: lets go
        page(client, petition)  # opens it again
        assert EditLock.objects.get().expires_at == START + datetime.timedelta(minutes=9)
    with time_machine.travel(START + datetime.timedelta(minutes=8), tick=False):
        assert "Mo is editing this petition" in page(sam, petition)
    with time_machine.travel(START + datetime.timedelta(minutes=10), tick=False):
        assert "is editing this petition" not in page(sam, petition)
        assert EditLock.objects.get().holder.username == "sam"


def test_acting_lets_go_of_the_lock(client, mo, sam, petition):
    page(client, petition)
    response = client.post(f"/en/staff/moderation/{petition.pk}/publish/")
    assert response.status_code == 302 and response["Location"] == "/en/staff/moderation/"
    assert not EditLock.objects.exists()
    assert "is editing this petition" not in page(sam, petition)


def test_a_refused_action_keeps_the_lock(client, mo, petition):
    page(client, petition)
    client.post(f"/en/staff/moderation/{petition.pk}/unflag/")  # not flagged: refused
    assert EditLock.objects.get().holder == mo


def test_taking_over_is_audited_and_the_first_holder_is_then_refused(client, mo, sam, petition):
    page(client, petition)
    response = sam.post(f"/en/staff/moderation/{petition.pk}/take-over/", follow=True)
    assert "You have taken over this petition from Mo." in response.content.decode()
    assert EditLock.objects.get().holder.username == "sam"
    entry = AuditEntry.objects.get()
    assert entry.actor.username == "sam" and entry.action == AuditEntry.Action.CHANGE
    assert (entry.object_type, entry.object_id) == ("petitions.petition", str(petition.pk))
    assert entry.changes == {"edit_lock": ["mo", "sam"]}
    assert "edit lock" in entry.notes

    assert "sam is editing this petition" in page(client, petition)
    client.post(f"/en/staff/moderation/{petition.pk}/publish/")
    petition.refresh_from_db()
    assert petition.state == Petition.State.SPONSORED


def test_taking_over_a_lapsed_lock_is_not_a_take_over(client, mo, sam, petition):
    EditLock.objects.create(
        petition=petition, holder=mo, expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    sam.post(f"/en/staff/moderation/{petition.pk}/take-over/")
    assert EditLock.objects.get().holder.username == "sam"
    assert not AuditEntry.objects.exists()
