"""A petition's history names events, not states: "Caewyd" on a date, where the state is "Ar gau".

English uses one word for both ("Closed"); Welsh does not (GLOSSARY-cy.md C7), so the lifecycle's
labels carry the "history" context and Petition.State keeps its own.
"""

import pytest
from django.utils import translation

from deiseb.petitions.lifecycle import VERBS, perform
from deiseb.petitions.models import Petition
from tests.factories import OpenPetitionFactory

pytestmark = pytest.mark.django_db
State = Petition.State


@pytest.mark.parametrize(
    ("verb", "state", "event_cy", "state_cy"),
    [
        ("close", State.CLOSED, "Caewyd", "Ar gau"),
        ("flag", State.FLAGGED, "Nodwyd am ail olwg", "Wedi'i nodi am ail olwg"),
        ("complete", State.COMPLETED, "Cwblhawyd", "Wedi'i chwblhau"),
        ("reject", State.REJECTED, "Gwrthodwyd", "Gwrthodwyd"),
    ],
)
def test_history_and_state_share_english_but_not_welsh(verb, state, event_cy, state_cy):
    with translation.override("en"):
        assert str(VERBS[verb].label) == str(state.label)
    with translation.override("cy"):
        assert str(VERBS[verb].label) == event_cy
        assert str(state.label) == state_cy


def test_a_scheduled_debate_is_an_event_in_the_history():
    with translation.override("cy"):
        assert str(VERBS["schedule_debate"].label) == "Trefnwyd dadl"
        assert str(Petition.DebateState.SCHEDULED.label) == "Dadl wedi'i threfnu"


def test_every_history_label_is_welsh():
    with translation.override("en"):
        english = {name: str(verb.label) for name, verb in VERBS.items()}
    with translation.override("cy"):
        welsh = {name: str(verb.label) for name, verb in VERBS.items()}
    assert [name for name in VERBS if welsh[name] == english[name]] == []


def test_a_closed_petitions_history_reads_caewyd_in_welsh():
    petition = OpenPetitionFactory()
    event = perform("close", petition)
    with translation.override("cy"):
        assert event.label == "Caewyd"
    with translation.override("en"):
        assert event.label == "Closed"
