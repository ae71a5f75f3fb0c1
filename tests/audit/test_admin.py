"""Whatever staff change in the admin is in the audit log: roles above all, and never a signer's
personal data."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User

from deiseb.audit.admin import AuditedAdmin
from deiseb.audit.models import AuditEntry
from deiseb.core.models import OutboundEmail
from tests.factories import SignatureFactory, moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = User.objects.create_superuser("root")
    client.force_login(user)
    return user


def user_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    if user.is_staff:
        data["is_staff"] = "on"
    if user.is_superuser:
        data["is_superuser"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_every_admin_that_can_write_is_audited(rf):
    request = rf.get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    for model, model_admin in admin.site._registry.items():
        writes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
            or any(name != "delete_selected" for name in model_admin.get_actions(request))
        )
        if writes:
            assert isinstance(model_admin, AuditedAdmin), model._meta.label


def test_giving_a_user_a_role_is_logged_with_the_roles_before_and_after(client, root):
    mo = moderator()
    mo.is_staff = True
    mo.save()
    sysadmins = Group.objects.get(name="sysadmins")
    moderators = Group.objects.get(name="moderators")
    response = client.post(
        f"/en/staff/admin/auth/user/{mo.pk}/change/",
        user_form(mo, groups=[moderators.pk, sysadmins.pk], is_superuser="on"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE_ROLES)
    assert entry.actor == root
    assert (entry.object_type, entry.object_id, entry.object_repr) == (
        "auth.user",
        str(mo.pk),
        "mo",
    )
    assert entry.changes == {
        "groups": [["moderators"], ["moderators", "sysadmins"]],
        "is_superuser": [False, True],
    }


def test_taking_a_role_away_is_logged(client, root):
    mo = moderator()
    mo.is_staff = True
    mo.save()
    client.post(
        f"/en/staff/admin/auth/user/{mo.pk}/change/", user_form(mo, groups=[], is_staff=None)
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE_ROLES)
    assert entry.changes == {"groups": [["moderators"], []], "is_staff": [True, False]}


def test_a_password_change_is_logged_without_the_password(client, root):
    mo = moderator()
    response = client.post(
        f"/en/staff/admin/auth/user/{mo.pk}/password/",
        {"password1": "a new long passphrase 42", "password2": "a new long passphrase 42",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE_PASSWORD)
    assert entry.actor == root and entry.object_id == str(mo.pk)
    assert "passphrase" not in str(entry.changes) + entry.notes


def test_editing_a_signature_never_logs_the_signers_details(client, root):
    signature = SignatureFactory(email="suzie@example.com", postcode="CF101AA", name="Suzie")
    data = {
        "petition": signature.petition_id,
        "kind": signature.kind,
        "state": signature.state,
        "name": "Suzie Signer",
        "email": "suzie.signer@example.com",
        "slot": "1",
        "postcode": "CF102BB",
        "country": signature.country_id,
        "constituency": "",
        "language": "en",
        "created_at_0": signature.created_at.strftime("%Y-%m-%d"),
        "created_at_1": signature.created_at.strftime("%H:%M:%S"),
    }
    response = client.post(f"/en/staff/admin/signatures/signature/{signature.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGE)
    assert set(entry.changes) >= {"email", "postcode", "name"}
    stored = f"{entry.object_repr} {entry.notes} {entry.changes}"
    for personal in ("suzie", "Suzie", "CF101AA", "CF102BB"):
        assert personal not in stored
    deleted = client.post(
        f"/en/staff/admin/signatures/signature/{signature.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert "suzie" not in f"{entry.object_repr} {entry.changes}".lower()


def test_retrying_an_email_is_logged(client, root):
    email = OutboundEmail.objects.create(
        kind="signature_confirmation", to="suzie@example.com", subject="Confirm",
        body_text="Hello", body_html="<p>Hello</p>", status=OutboundEmail.Status.FAILED,
    )  # fmt: skip
    response = client.post(
        "/en/staff/admin/core/outboundemail/",
        {"action": "retry", "_selected_action": [email.pk], "index": "0"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RETRY_EMAIL)
    assert entry.actor == root and entry.object_id == str(email.pk)
    assert entry.changes == {"status": ["failed", "queued"]}
    assert "suzie" not in entry.object_repr


def test_a_published_petitions_text_cannot_be_changed_in_the_admin(client, root):
    from tests.factories import OpenPetitionFactory

    petition = OpenPetitionFactory()
    page = client.get(f"/en/staff/admin/petitions/petition/{petition.pk}/change/").content.decode()
    assert 'name="action_en"' not in page  # read-only: text changes go through moderation


def test_lifting_a_lockout_is_logged_without_the_address(client, root):
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="mo", ip_address="192.0.2.7", user_agent="Firefox", http_accept="*/*",
        path_info="/en/staff/login/", get_data="", post_data="", failures_since_start=5,
    )  # fmt: skip
    response = client.post(
        f"/en/staff/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert (entry.actor, entry.object_type) == (root, "axes.accessattempt")
    assert "192.0.2.7" not in f"{entry.object_repr} {entry.changes}"
    assert entry.changes["failures_since_start"] == [5, None]
