"""The record's events on a petition's timeline: committee, response, debates and outcomes."""

import datetime

import pytest
from django.utils import translation

from deiseb.parliament.models import CommitteeConsideration, Debate
from deiseb.parliament.queries import petition_events, petition_timeline
from tests.helpers import localised
from tests.parliament import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return scenario.build()


def by_title(events):
    return {event.title: event for event in events}


def test_it_tells_the_committee_decision_the_response_and_the_debates(record):
    with translation.override("en"):
        events = petition_events(record.petition)
    assert len(events) == 4
    committee, response, held, scheduled = events
    assert committee.date == datetime.date(2024, 11, 18)
    assert committee.title == (
        "The Petitions Committee considered the petition: Seek a debate in the Senedd"
    )
    assert committee.detail == "The Committee agreed to seek a debate."
    assert response.title == "The Welsh Government responded"
    assert response.detail == (
        "Ann Jones, Cabinet Secretary for Social Justice: We will consult on a ten-year strategy."
    )
    assert held.date == scenario.STORY_DATE and held.title == "Debated in the Senedd"
    assert held.url == localised("en", "parliament:debate", record.story.pk)
    assert held.detail.splitlines() == [
        record.story.title_en,
        "Motion NDM8812 without amendment: Not agreed (13 for, 0 abstaining, 34 against)",
        "Amendment 1: Agreed (47 for, 0 abstaining, 0 against)",
        "Motion NDM8812 as amended: Agreed without objection",
    ]
    assert scheduled.title.startswith("A debate is scheduled for ")
    assert scheduled.date == record.scheduled.date
    assert scheduled.url == localised("en", "parliament:debate", record.scheduled.pk)


def test_a_casting_vote_is_named_as_such(record):
    record.tied.petitions.add(record.petition)
    with translation.override("en"):
        events = [e for e in petition_events(record.petition) if e.date == scenario.TIED_DATE]
    assert events[0].detail.splitlines()[1] == (
        "Motion NDM8900: Not agreed (2 for, 1 abstaining, 2 against). "
        "The Presiding Officer, Elin Jones, used a casting vote against."
    )


def test_the_events_are_in_the_language_of_the_page(record):
    with translation.override("cy"):
        events = petition_events(record.petition)
    assert events[0].detail == "Cytunodd y Pwyllgor i geisio dadl."
    assert events[1].detail.endswith("Byddwn yn ymgynghori ar strategaeth deng mlynedd.")
    assert "Ysgrifennydd y Cabinet dros Gyfiawnder Cymdeithasol" in events[1].detail
    assert events[2].detail.startswith(record.story.title_cy)
    assert events[2].url.startswith("/cy/")


def test_the_timeline_puts_them_among_the_petitions_own_events(record):
    with translation.override("en"):
        timeline = petition_timeline(record.petition)
    dates = [event.date for event in timeline]
    assert dates == sorted(dates)
    assert "Debated in the Senedd" in by_title(timeline)


def test_a_fixed_number_of_queries_however_many_rows(record, django_assert_num_queries):
    with django_assert_num_queries(7):
        petition_events(record.petition)
    for n in range(3):
        CommitteeConsideration.objects.create(
            petition=record.petition,
            meeting_date=datetime.date(2025, 3, 1 + n),
            decision=CommitteeConsideration.Decision.WRITE_TO_MINISTER,
            text_en="More.",
            text_cy="Mwy.",
        )
    record.tied.petitions.add(record.petition)
    record.later.petitions.add(record.petition)
    with django_assert_num_queries(7):
        assert len(petition_events(record.petition)) == 9


def test_a_petition_with_no_record_has_no_events(record, django_assert_num_queries):
    Debate.objects.all().delete()
    with django_assert_num_queries(4):  # nothing found, so nothing to prefetch
        assert petition_events(record.hidden_petition) == []


def test_the_petition_page_shows_the_debate_and_its_outcome(client, record):
    html = client.get(localised("en", "petitions:detail", record.petition.pk)).content.decode()
    assert "Debated in the Senedd" in html
    assert "Motion NDM8812 without amendment: Not agreed (13 for, 0 abstaining, 34 against)" in html
    assert f'href="{localised("en", "parliament:debate", record.story.pk)}"' in html
    welsh = client.get(localised("cy", "petitions:detail", record.petition.pk)).content.decode()
    assert record.story.title_cy in welsh and record.story.title_en not in welsh
