"""Mo works the queue oldest first: how long each petition has waited, and how long decisions take.

Waiting is counted from when a petition reached its supporters (`sponsored_at`); the lag is from
then to its first decision (publish, reject or hide), read from the petition's history.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.factories import SponsoredPetitionFactory

pytestmark = pytest.mark.django_db

QUEUE = "/en/staff/moderation/"


def waiting(days: float, **fields):
    return SponsoredPetitionFactory(
        sponsored_at=timezone.now() - datetime.timedelta(days=days), **fields
    )


def sign_in_again(client, user):
    """Staff sessions end after hours: a test that jumps days signs in afresh."""
    client.logout()
    client.force_login(user)


def test_the_queue_counts_recent_nearly_overdue_and_overdue_petitions(client, mo):
    recent, nearly, overdue = waiting(1), waiting(6), waiting(8)
    page = client.get(QUEUE).content.decode()
    assert "All (3)" in page
    assert "Recent (1)" in page and "Nearly overdue (1)" in page and "Overdue (1)" in page
    for petition in (recent, nearly, overdue):
        assert petition.action_en in page

    only_overdue = client.get(QUEUE, {"facet": "overdue"}).content.decode()
    assert overdue.action_en in only_overdue
    assert recent.action_en not in only_overdue and nearly.action_en not in only_overdue
    only_nearly = client.get(QUEUE, {"facet": "nearly_overdue"}).content.decode()
    assert nearly.action_en in only_nearly and overdue.action_en not in only_nearly
    assert 'href="?facet=nearly_overdue" aria-current="page"' in only_nearly


def test_the_day_limits_are_settings(client, mo, settings):
    settings.MODERATION_NEARLY_OVERDUE_DAYS = 1
    settings.MODERATION_OVERDUE_DAYS = 2
    petition = waiting(1.5)
    page = client.get(QUEUE, {"facet": "nearly_overdue"}).content.decode()
    assert "Nearly overdue (1)" in page and "Recent (0)" in page
    assert petition.action_en in page


def test_an_unknown_facet_shows_the_whole_queue(client, mo):
    petition = waiting(1)
    response = client.get(QUEUE, {"facet": "<script>"})
    assert response.status_code == 200
    assert petition.action_en in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_queue_page_is_there_in_both_languages(client, mo, lang):
    waiting(8)
    response = client.get(f"/{lang}/staff/moderation/", {"facet": "overdue"})
    assert response.status_code == 200
    assert "(1)" in response.content.decode()


@time_machine.travel(datetime.datetime(2025, 2, 12, 10, tzinfo=datetime.UTC), tick=False)
def test_the_lag_is_shown_on_the_petition_and_averaged_on_the_queue(client, mo):
    assert "No petition has been decided" in client.get(QUEUE).content.decode()
    slow, quick = waiting(3), waiting(1)
    client.post(f"/en/staff/moderation/{slow.pk}/publish/")
    client.post(f"/en/staff/moderation/{quick.pk}/reject/", {"reason": "duplicate"})

    page = client.get(f"/en/staff/moderation/{slow.pk}/").content.decode()
    assert "Moderation lag" in page and "3\xa0days" in page
    page = client.get(f"/en/staff/moderation/{quick.pk}/").content.decode()
    assert "Moderation lag" in page and "1\xa0day" in page

    queue = client.get(QUEUE).content.decode()
    assert "Average moderation lag over the last 30 days: 2\xa0days" in queue
    assert "(2 petitions decided)" in queue


def test_a_petition_still_waiting_shows_how_long_instead_of_a_lag(client, mo):
    petition = waiting(2)
    page = client.get(f"/en/staff/moderation/{petition.pk}/").content.decode()
    assert "Moderation lag" not in page
    assert "Waiting for" in page and "2\xa0days" in page


@time_machine.travel(datetime.datetime(2025, 2, 12, 10, tzinfo=datetime.UTC), tick=False)
def test_the_lag_is_the_first_decision_not_a_later_takedown(client, mo):
    petition = waiting(2)
    client.post(f"/en/staff/moderation/{petition.pk}/publish/")
    with time_machine.travel(datetime.datetime(2025, 2, 22, 10, tzinfo=datetime.UTC)):
        sign_in_again(client, mo)
        client.post(f"/en/staff/moderation/{petition.pk}/reject/", {"reason": "duplicate"})
        page = client.get(f"/en/staff/moderation/{petition.pk}/").content.decode()
        queue = client.get(QUEUE).content.decode()
    assert "2\xa0days" in page and "12\xa0days" not in page
    assert "over the last 30 days: 2\xa0days" in queue and "(1 petition decided)" in queue


def test_decisions_older_than_the_window_leave_the_average(client, mo):
    petition = waiting(40)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=35)):
        sign_in_again(client, mo)
        client.post(f"/en/staff/moderation/{petition.pk}/publish/")
    sign_in_again(client, mo)
    assert "No petition has been decided in the last 30 days" in client.get(QUEUE).content.decode()
