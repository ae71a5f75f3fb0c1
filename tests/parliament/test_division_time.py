"""The time of a division: entered by the clerk when the record gives it, shown and logged."""

import datetime

import pytest

from deiseb.audit.models import AuditEntry
from deiseb.parliament import services
from deiseb.parliament.models import Vote
from tests.factories import clerk
from tests.parliament import scenario
from tests.parliament.chamber import chamber
from tests.parliament.test_staff import division_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def senedd():
    return chamber()


@pytest.fixture
def cara(client):
    client.force_login(clerk())
    return client


def new_division_url(senedd) -> str:
    return f"/en/staff/record/motions/{senedd.motion.pk}/division/"


def agreed(senedd, **overrides) -> dict:
    """Three for, one abstaining, two against: no tie to break."""
    return division_data(senedd, **{f"member_{senedd['eve'].pk}": "for"}, **overrides)


def test_the_clerk_may_give_the_time_of_a_division(cara, senedd):
    assert 'name="time"' in cara.get(new_division_url(senedd)).content.decode()
    response = cara.post(new_division_url(senedd), agreed(senedd, time="17:32"))
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.time == datetime.time(17, 32)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RECORD_DIVISION)
    assert entry.changes["time"] == [None, "17:32:00"]
    edit = cara.get(f"/en/staff/record/votes/{vote.pk}/division/")
    assert 'value="17:32"' in edit.content.decode()


def test_without_a_time_the_division_has_none(cara, senedd):
    assert cara.post(new_division_url(senedd), agreed(senedd)).status_code == 302
    vote = Vote.objects.get()
    assert vote.time is None and vote.divided_at is None


def test_a_time_that_is_not_one_is_refused_in_words(cara, senedd):
    response = cara.post(new_division_url(senedd), agreed(senedd, time="25:99"))
    assert response.status_code == 400
    assert "Enter the time as hours and minutes, like 17:32." in response.content.decode()
    assert not Vote.objects.exists()


def test_the_debate_page_shows_the_time_when_known(client):
    record = scenario.build()
    vote = record.without_amendment
    vote.time, vote.result = datetime.time(17, 32), ""
    services.record_division(vote)
    page = client.get(f"/en/debates/{record.story.pk}/").content.decode()
    assert page.count("Decided at 17:32, UK time.") == 1
