"""Each state-named factory reaches its state by the lifecycle's verbs, and the petition's history
explains it: each event starts where the one before ended, and the last is where it is now."""

import datetime

import pytest
from django.utils import timezone

from deiseb.petitions.lifecycle import InvalidTransition
from deiseb.petitions.models import Petition
from tests import factories, worlds

pytestmark = pytest.mark.django_db

State = Petition.State
DebateState = Petition.DebateState

EXPECTED = {
    factories.PetitionFactory: (State.PENDING, DebateState.PENDING),
    factories.PendingPetitionFactory: (State.PENDING, DebateState.PENDING),
    factories.ValidatedPetitionFactory: (State.VALIDATED, DebateState.PENDING),
    factories.SponsoredPetitionFactory: (State.SPONSORED, DebateState.PENDING),
    factories.FlaggedPetitionFactory: (State.FLAGGED, DebateState.PENDING),
    factories.OpenPetitionFactory: (State.OPEN, DebateState.PENDING),
    factories.ClosedPetitionFactory: (State.CLOSED, DebateState.PENDING),
    factories.ReferredPetitionFactory: (State.CLOSED, DebateState.PENDING),
    factories.CompletedPetitionFactory: (State.COMPLETED, DebateState.PENDING),
    factories.RejectedPetitionFactory: (State.REJECTED, DebateState.PENDING),
    factories.HiddenPetitionFactory: (State.HIDDEN, DebateState.PENDING),
    factories.AwaitingDebatePetitionFactory: (State.CLOSED, DebateState.AWAITING),
    factories.ScheduledDebatePetitionFactory: (State.CLOSED, DebateState.SCHEDULED),
    factories.DebatedPetitionFactory: (State.CLOSED, DebateState.DEBATED),
    factories.NotDebatedPetitionFactory: (State.CLOSED, DebateState.NOT_DEBATED),
}


def assert_history_explains(petition) -> list[str]:
    """The lifecycle's check, and the history starts with the petition's creation."""
    verbs = worlds.assert_history_explains(petition)
    first = petition.events.order_by("pk").first()
    assert (verbs[0], first.state_before, first.state_after) == ("create", "", State.PENDING)
    return verbs


@pytest.mark.parametrize("factory", EXPECTED, ids=lambda factory: factory.__name__)
def test_each_factory_walks_the_verbs_to_its_state(factory):
    petition = factory()
    assert (petition.state, petition.debate_state) == EXPECTED[factory]
    assert_history_explains(petition)
    stored = Petition.objects.get(pk=petition.pk)
    assert (stored.state, stored.debate_state) == EXPECTED[factory]


def test_every_state_of_both_machines_has_a_factory():
    assert {state for state, _debate in EXPECTED.values()} == set(State)
    assert {debate for _state, debate in EXPECTED.values()} == set(DebateState)


def test_the_timestamps_are_when_the_verbs_happened():
    closed = factories.ClosedPetitionFactory()
    assert closed.closed_at == closed.closes_at
    assert closed.validated_at < closed.sponsored_at < closed.opened_at < closed.closed_at
    referred = factories.ReferredPetitionFactory()
    assert referred.opened_at < referred.referral_threshold_reached_at < referred.closed_at
    assert referred.referred_at == referred.closed_at + datetime.timedelta(days=1)
    assert referred.signature_count == referred.referral_threshold
    when = timezone.now() - datetime.timedelta(days=3)
    assert factories.RejectedPetitionFactory(rejected_at=when).rejected_at == when


def test_a_timestamp_given_is_its_verb_walked():
    now = timezone.now()
    referred = factories.ClosedPetitionFactory(referred_at=now)
    assert referred.referred_at == now
    assert assert_history_explains(referred)[-1] == "refer"
    hidden = factories.HiddenPetitionFactory(opened_at=now)  # hidden after it was published
    assert "publish" in assert_history_explains(hidden)
    assert hidden.closes_at > now and hidden.state == State.HIDDEN


def test_a_rejection_has_its_reason():
    rejected = factories.RejectedPetitionFactory()
    assert rejected.rejection.reason_id == "duplicate"
    assert rejected.events.get(verb="reject").notes == "duplicate"
    hidden = factories.HiddenPetitionFactory(reason="libellous")
    assert hidden.rejection.reason.hidden


def test_a_state_cannot_be_set_by_hand():
    with pytest.raises(TypeError, match="factory named for the state"):
        factories.PetitionFactory(state=State.OPEN)
    with pytest.raises(TypeError, match="factory named for the state"):
        factories.ClosedPetitionFactory(debate_state=DebateState.DEBATED)
    with pytest.raises(TypeError, match="reason"):
        factories.OpenPetitionFactory(reason="duplicate")
    with pytest.raises(InvalidTransition):
        factories.PetitionFactory(opened_at=timezone.now())  # publish needs supporters first
    assert not Petition.objects.exists()
