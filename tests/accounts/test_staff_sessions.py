"""Staff are signed out after 30 minutes without activity, and 8 hours after signing in."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from deiseb.accounts.middleware import SEEN_AT
from tests.accounts.support import sign_in
from tests.factories import moderator

pytestmark = pytest.mark.django_db

QUEUE = "/en/staff/moderation/"


def later(start, **delta):
    return time_machine.travel(start + datetime.timedelta(**delta), tick=False)


def test_half_an_hour_idle_signs_a_moderator_out_with_a_message(client):
    start = timezone.now()
    with later(start):
        moderator()
        sign_in(client, "mo")
    with later(start, minutes=29):
        assert client.get(QUEUE).status_code == 200
    with later(start, minutes=29 + 31):
        response = client.get(QUEUE, follow=True)

    assert response.redirect_chain[0][0].startswith("/en/staff/login/?next=")
    assert "_auth_user_id" not in client.session
    assert "after 30 minutes without activity" in response.text


def test_eight_hours_after_signing_in_even_a_busy_moderator_signs_in_again(client, settings):
    start = timezone.now()
    with later(start):
        moderator()
        sign_in(client, "mo")
    for minutes in range(20, 8 * 60, 20):
        with later(start, minutes=minutes):
            assert client.get(QUEUE).status_code == 200
    with later(start, hours=8, minutes=1):
        response = client.get(QUEUE, follow=True)

    assert "_auth_user_id" not in client.session
    assert "more than 8 hours ago" in response.text


def test_the_limits_are_settings(client, settings):
    settings.STAFF_IDLE_MINUTES = 5
    start = timezone.now()
    with later(start):
        moderator()
        sign_in(client, "mo")
    with later(start, minutes=6):
        assert client.get(QUEUE).status_code == 302
    assert "_auth_user_id" not in client.session


def test_activity_is_written_at_most_once_a_minute(client):
    start = timezone.now()
    with later(start):
        moderator()
        sign_in(client, "mo")
        client.get(QUEUE)
    seen = client.session[SEEN_AT]
    with later(start, seconds=30):
        client.get(QUEUE)
    assert client.session[SEEN_AT] == seen
    with later(start, seconds=61):
        client.get(QUEUE)
    assert client.session[SEEN_AT] == seen + 61


def test_a_session_from_force_login_starts_its_clock_on_the_first_staff_page(client):
    client.force_login(moderator())
    assert client.get(QUEUE).status_code == 200
    assert SEEN_AT in client.session


def test_visitors_sessions_are_left_alone(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")
