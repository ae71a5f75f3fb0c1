"""With STAFF_2FA on, staff need a code from an authenticator app as well as their password."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from deiseb.accounts import services
from tests.accounts.support import PASSWORD, app_code, sign_in
from tests.factories import clerk, moderator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_2FA = True


def with_app(user) -> TOTPDevice:
    """A user who has already set up an app and has ten recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    services.make_recovery_codes(user)
    return device


def recovery_codes(user) -> list[str]:
    return list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def test_in_the_demo_the_password_is_enough(client, settings):
    settings.STAFF_2FA = False
    moderator()
    assert sign_in(client, "mo")["Location"] == "/en/staff/"
    assert client.get("/en/staff/moderation/").status_code == 200


def test_the_password_alone_leads_to_setting_up_an_app(client):
    moderator()
    response = sign_in(client, "mo")
    assert response["Location"] == "/en/staff/two-factor/?next=%2Fen%2Fstaff%2F"
    assert client.get("/en/staff/moderation/")["Location"] == (
        "/en/staff/two-factor/?next=%2Fen%2Fstaff%2Fmoderation%2F"
    )


def test_setting_up_shows_a_qr_code_and_the_key_and_a_code_turns_it_on(client):
    mo = moderator()
    sign_in(client, "mo")

    page = client.get("/en/staff/two-factor/?next=/en/staff/moderation/")
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=mo)
    assert not device.confirmed
    assert re.search(r'<svg [^>]*class="qr-code"', page.text)
    assert services.secret_for_typing(device) in page.text
    assert client.get("/en/staff/two-factor/").context["secret"] == page.context["secret"]

    done = client.post(
        "/en/staff/two-factor/", {"code": app_code(device), "next": "/en/staff/moderation/"}
    )

    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.text for code in codes)
    assert sorted(codes) == sorted(recovery_codes(mo))
    device.refresh_from_db()
    assert device.confirmed
    assert 'href="/en/staff/moderation/"' in done.text
    assert client.get("/en/staff/moderation/").status_code == 200


def test_a_wrong_code_does_not_turn_the_app_on(client):
    mo = moderator()
    sign_in(client, "mo")
    client.get("/en/staff/two-factor/")

    response = client.post("/en/staff/two-factor/", {"code": "000000"})

    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert not TOTPDevice.objects.get(user=mo).confirmed
    assert not StaticDevice.objects.filter(user=mo).exists()
    assert client.get("/en/staff/moderation/").status_code == 302


def test_signing_in_takes_the_password_then_the_code(client):
    mo = moderator()
    device = with_app(mo)

    response = sign_in(client, "mo", path="/en/staff/login/?next=/en/staff/moderation/")
    assert response["Location"] == "/en/staff/login/code/?next=%2Fen%2Fstaff%2Fmoderation%2F"
    assert client.get("/en/staff/moderation/").status_code == 302

    response = client.post(
        "/en/staff/login/code/", {"code": app_code(device), "next": "/en/staff/moderation/"}
    )

    assert response["Location"] == "/en/staff/moderation/"
    assert client.get("/en/staff/moderation/").status_code == 200
    assert client.session["otp_device_id"] == device.persistent_id


def test_the_same_app_code_works_only_once(client, settings):
    mo = moderator()
    device = with_app(mo)
    code = app_code(device)
    sign_in(client, "mo")
    client.post("/en/staff/login/code/", {"code": code})
    client.post("/en/staff/logout/")

    sign_in(client, "mo")
    response = client.post("/en/staff/login/code/", {"code": code})

    assert response.status_code == 200
    assert "otp_device_id" not in client.session


def test_a_recovery_code_signs_in_once(client):
    mo = moderator()
    with_app(mo)
    code = recovery_codes(mo)[0]

    sign_in(client, "mo")
    response = client.post("/en/staff/login/code/", {"code": f" {code.upper()} "})
    assert response["Location"] == "/en/staff/"
    assert "You have 9 left" in client.get("/en/staff/moderation/").text
    assert code not in recovery_codes(mo)

    client.post("/en/staff/logout/")
    sign_in(client, "mo")
    response = client.post("/en/staff/login/code/", {"code": code})
    assert response.status_code == 200
    assert "That code is not right" in response.text


def test_after_a_wrong_code_the_next_try_must_wait(client):
    mo = moderator()
    device = with_app(mo)
    sign_in(client, "mo")
    for _ in range(3):
        client.post("/en/staff/login/code/", {"code": "000000"})

    response = client.post("/en/staff/login/code/", {"code": app_code(device)})

    assert "Too many wrong codes" in response.text
    assert "otp_device_id" not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the tries made while waiting were not checked


@pytest.mark.parametrize(
    "path",
    [
        "/en/staff/",
        "/en/staff/moderation/",
        "/en/staff/record/",
        "/en/staff/updates/debates/1/",
        "/en/staff/admin/",
        "/en/staff/admin/auth/user/",
        "/cy/staff/record/",
        "/en/staff/two-factor/recovery-codes/",
    ],
)
def test_every_staff_page_waits_for_the_code(client, path):
    user = clerk()
    user.groups.add(Group.objects.get(name="sysadmins"))
    user.is_superuser = True
    user.save()
    with_app(user)
    client.force_login(user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{path[:3]}/staff/login/code/?next=")


def test_the_public_site_is_not_asked_for_a_code(client):
    client.force_login(moderator())
    assert client.get("/en/").status_code == 200


def test_a_password_alone_cannot_add_a_second_app(client):
    mo = moderator()
    with_app(mo)
    sign_in(client, "mo")

    response = client.get("/en/staff/two-factor/")

    assert response["Location"].startswith("/en/staff/login/code/")
    assert TOTPDevice.objects.filter(user=mo).count() == 1


def test_a_link_to_another_site_is_not_followed_after_the_code(client):
    mo = moderator()
    device = with_app(mo)
    sign_in(client, "mo")
    response = client.post(
        "/en/staff/login/code/", {"code": app_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/staff/"


def test_new_recovery_codes_retire_the_old_ones(client):
    mo = moderator()
    device = with_app(mo)
    old = recovery_codes(mo)
    sign_in(client, "mo")
    client.post("/en/staff/login/code/", {"code": app_code(device)})

    page = client.get("/en/staff/two-factor/recovery-codes/")
    assert "You have 10 recovery codes left" in page.text
    response = client.post("/en/staff/two-factor/recovery-codes/")

    new = response.context["codes"]
    assert sorted(new) == sorted(recovery_codes(mo))
    assert not set(old) & set(new)
    assert "no longer work" in response.text


def test_the_admin_opens_after_both_steps(client):
    user = User.objects.create_superuser("root", password=PASSWORD)
    device = with_app(user)
    response = sign_in(client, "root", path="/en/staff/login/?next=/en/staff/admin/")
    response = client.post(response["Location"], {"code": app_code(device)})
    assert response["Location"] == "/en/staff/admin/"
    assert client.get("/en/staff/admin/").status_code == 200


@pytest.mark.parametrize("view", ["config", "qrcode"])
def test_the_admin_never_shows_a_devices_secret(admin_client, settings, view):
    """django-otp's admin showed any device's key and QR code, and was a 500 for a missing one."""
    settings.STAFF_2FA = False  # the admin's own second step is tested above
    device = TOTPDevice.objects.create(user=moderator(), name="phone")
    for pk in (device.pk, device.pk + 1000):
        response = admin_client.get(f"/en/staff/admin/otp_totp/totpdevice/{pk}/{view}/")
        assert response.status_code == 403
