"""Guessing passwords stops: a name is locked after five wrong ones, an address after twenty."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from tests.accounts.support import PASSWORD, sign_in
from tests.factories import moderator

pytestmark = pytest.mark.django_db


def fail(client, username, times, **extra):
    for _ in range(times):
        sign_in(client, username, "not the password", **extra)


def test_it_locks_a_name_after_five_wrong_passwords_even_against_the_right_one(client):
    mo = moderator()
    fail(client, "mo", 4)
    assert "_auth_user_id" not in client.session

    response = sign_in(client, "mo", "still not it")
    assert response.status_code == 429
    response = sign_in(client, "mo", PASSWORD)

    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session
    assert "Signing in is paused" in response.text
    assert 'action="' not in response.text  # no form to keep guessing with
    assert AccessAttempt.objects.get(username=mo.username).failures_since_start == 6


def test_four_wrong_passwords_then_the_right_one_signs_in(client):
    mo = moderator()
    fail(client, "mo", 4)
    assert sign_in(client, "mo", PASSWORD)["Location"] == "/en/staff/"
    assert client.session["_auth_user_id"] == str(mo.pk)


def test_the_locked_page_says_nothing_about_whether_the_name_exists(client):
    moderator()
    fail(client, "mo", 5)
    fail(client, "nobody-by-this-name", 5)

    known = sign_in(client, "mo")
    unknown = sign_in(client, "nobody-by-this-name")

    assert known.status_code == unknown.status_code == 429
    assert known.text == unknown.text
    assert "mo" not in known.text.split("<main", 1)[1].split("</main>")[0].split()


def test_the_locked_page_is_in_the_readers_language(client):
    moderator()
    fail(client, "mo", 5, path="/cy/staff/login/")
    response = sign_in(client, "mo", path="/cy/staff/login/")
    assert response.status_code == 429
    assert '<html lang="cy">' in response.text
    assert "accounts/locked_out.html" in [template.name for template in response.templates]


def test_an_address_trying_many_names_is_locked_for_every_name(client, settings):
    settings.STAFF_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    mo = moderator()
    for n in range(20):
        sign_in(client, f"guess{n}", "password1")

    response = sign_in(client, "mo", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # From another address, Mo's own name is not locked: only the guesser's address is.
    other = sign_in(client, "mo", PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert client.session["_auth_user_id"] == str(mo.pk)


def test_a_few_typos_in_a_shared_office_lock_nobody_else_out(client):
    mo = moderator()
    for name in ["cara", "sian", "dai", "ffion", "gareth", "huw"]:
        sign_in(client, name, "typo")
    assert sign_in(client, "mo", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(mo.pk)


def test_a_forwarded_for_address_the_client_wrote_is_not_believed(client, settings):
    settings.BEHIND_PROXY = True
    moderator()
    for n in range(5):
        # The proxy appends the real address; the client writes whatever it likes in front.
        fail(client, "mo", 1, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.1")
    response = sign_in(client, "mo", HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.1")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


def test_the_lock_lifts_once_the_cool_off_has_passed(client):
    mo = moderator()
    fail(client, "mo", 5)
    assert sign_in(client, "mo").status_code == 429

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = sign_in(client, "mo")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(mo.pk)


def test_the_admin_signs_in_through_the_same_form(client):
    moderator()
    response = client.get("/en/staff/admin/")
    assert response["Location"] == "/en/staff/admin/login/?next=/en/staff/admin/"
    response = client.get(response["Location"])
    assert response["Location"] == "/en/staff/login/?next=%2Fen%2Fstaff%2Fadmin%2F"

    # A password posted to the admin's own address is never checked there.
    response = client.post("/en/staff/admin/login/", {"username": "mo", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
