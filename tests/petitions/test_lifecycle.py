"""One petition's whole life through the lifecycle verbs: every verb, every state, one history."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from deiseb.moderation import services as moderation
from deiseb.moderation.models import RejectionReason
from deiseb.parliament import services as record
from deiseb.petitions import services as petitions
from deiseb.petitions.lifecycle import VERBS, InvalidTransition, perform, start
from deiseb.petitions.models import Petition, PetitionEvent
from deiseb.signatures import services as signing
from deiseb.signatures.counting import count_signatures
from deiseb.signatures.models import Signature
from tests.factories import (
    DebateFactory,
    OpenPetitionFactory,
    ValidatedSignatureFactory,
    moderator,
)
from tests.worlds import assert_history_explains

pytestmark = pytest.mark.django_db

State = Petition.State
DebateState = Petition.DebateState


def confirm_all(petition, kind):
    for signature in Signature.objects.filter(petition=petition, kind=kind, state="pending"):
        signing.confirm_signature(signature)


def supporter(petition, n):
    signing.sign_petition(
        petition,
        kind="sponsor",
        name=f"Supporter {n}",
        email=f"supporter{n}@example.com",
        postcode="",
        country_code="FR",
        notify_by_email=False,
        language="en",
    )


def history(petition) -> list[tuple[str, str, str]]:
    return list(
        petition.events.order_by("created_at", "pk").values_list(
            "verb", "state_after", "debate_state_after"
        )
    )


@pytest.fixture
def mo():
    return moderator()


def test_one_petition_goes_through_its_whole_life_by_the_verbs(settings, mo):
    settings.PETITION_REFERRAL_THRESHOLD, settings.PETITION_DEBATE_THRESHOLD = 3, 5
    start = timezone.now()
    petition = petitions.create_petition(
        language="en",
        action="Hold a Wales-wide inquiry",
        background="Survivors deserve answers.",
        additional_details="",
        closing_date=timezone.localdate() + datetime.timedelta(days=60),
        creator_name="Charlie Creator",
        creator_pseudonym="",
        creator_email="charlie@example.com",
        creator_postcode="CF10 1AA",
        creator_address="1 High Street",
        creator_phone="+44 29 2000 0000",
    )
    confirm_all(petition, "creator")
    for n in range(settings.PETITION_SPONSORS_REQUIRED):
        supporter(petition, n)
    confirm_all(petition, "sponsor")
    petition.refresh_from_db()
    moderation.flag_petition(petition, by=mo, notes="Check the wording")
    moderation.unflag_petition(petition, by=mo)
    moderation.update_petition_text(
        petition,
        by=mo,
        action_cy="Cynnal ymchwiliad ledled Cymru",
        background_cy="Mae goroeswyr yn haeddu atebion.",
    )
    moderation.publish_petition(petition, by=mo)
    ValidatedSignatureFactory.create_batch(5, petition=petition)
    count_signatures()
    petition.refresh_from_db()
    assert (petition.state, petition.debate_state) == (State.OPEN, DebateState.AWAITING)

    with time_machine.travel(petition.closes_at + datetime.timedelta(hours=25)):
        moderation.close_petitions()
        petition.refresh_from_db()
        assert petition.referred_at is not None
        debate = DebateFactory(date=timezone.localdate() + datetime.timedelta(days=7))
        debate.petitions.add(petition)
        record.schedule_debate(debate, by=mo)
    with time_machine.travel(petition.closes_at + datetime.timedelta(days=9)):
        record.record_debate_outcome(debate, by=mo)
        perform("record_response", petition, by=mo, notes="The Welsh Government replied")
        perform("complete", petition, by=mo, notes="The Committee has finished")
        perform("archive", petition, by=mo)

    assert [verb for verb, _state, _debate in history(petition)] == [
        "create",
        "validate",
        "gather_support",
        "flag",
        "unflag",
        "edit_text",
        "publish",
        "reach_referral_threshold",
        "reach_debate_threshold",
        "close",
        "refer",
        "schedule_debate",
        "record_debated",
        "record_response",
        "complete",
        "archive",
    ]
    assert_history_explains(petition)
    assert petition.archived_at and petition.completed_at and petition.opened_at > start


def test_every_state_and_verb_is_reachable(mo):
    """Between them, these petitions pass through every state of both machines, by verbs only."""
    hidden_reason = RejectionReason.objects.filter(hidden=True).first()
    public_reason = RejectionReason.objects.filter(hidden=False).exclude(code="insufficient")[0]

    rejected = OpenPetitionFactory()
    moderation.reject_petition(rejected, public_reason, by=mo)
    moderation.reject_petition(rejected, hidden_reason, by=mo)  # rejected, then hidden
    moderation.restore_petition(rejected, by=mo)

    too_few = OpenPetitionFactory(closes_at=timezone.now() - datetime.timedelta(days=2))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        moderation.close_petitions()
    too_few.refresh_from_db()
    assert too_few.state == State.REJECTED

    not_debated = OpenPetitionFactory()
    perform("record_not_debated", not_debated, by=mo, notes="Debated in another form")

    walked = OpenPetitionFactory()
    perform("close", walked)
    perform("complete", walked, by=mo)
    # Keeping the count honest and personal data no longer than needed (integrity, retention).
    perform("invalidate_signatures", walked, by=mo, notes="Signatures from one address")
    perform("place_legal_hold", walked, by=mo, legal_hold=True)
    perform("lift_legal_hold", walked, by=mo, legal_hold=False)
    perform("anonymise", walked)

    extended = OpenPetitionFactory()  # a night signing was paused (deiseb.switches)
    perform("extend_closing", extended, closes_at=extended.closes_at + datetime.timedelta(days=1))
    on_paper = start(  # handed in on paper (deiseb.parliament.paper)
        "receive_paper", by=mo, action_en="Save the library", action_cy="Achub y llyfrgell",
        background_en="It is ours.", background_cy="Ein un ni yw hi.", creator_name="Pat Paper",
        duration_days=0, referral_threshold=250, debate_threshold=10_000,
        paper_submitted_on=timezone.localdate(), paper_signatures=12, signature_count=12,
    )  # fmt: skip

    events = PetitionEvent.objects.all()
    reached = set(events.values_list("state_after", flat=True)) | set(
        events.values_list("debate_state_after", flat=True)
    )
    assert {State.OPEN, State.CLOSED, State.COMPLETED, State.REJECTED, State.HIDDEN} <= reached
    assert {DebateState.PENDING, DebateState.NOT_DEBATED} <= reached
    for petition in (rejected, too_few, not_debated, walked, extended, on_paper):
        assert_history_explains(petition)


def test_the_two_walks_use_every_verb_and_reach_every_state(settings, mo):
    test_one_petition_goes_through_its_whole_life_by_the_verbs(settings, mo)
    test_every_state_and_verb_is_reachable(mo)
    events = PetitionEvent.objects.all()
    assert set(events.values_list("verb", flat=True)) == set(VERBS)
    reached_states = set(events.values_list("state_after", flat=True))
    reached_debates = set(events.values_list("debate_state_after", flat=True))
    assert reached_states == set(State)
    assert reached_debates == set(DebateState)


def test_a_verb_refuses_a_state_it_does_not_start_from():
    petition = OpenPetitionFactory()
    with pytest.raises(InvalidTransition):
        perform("flag", petition)
    with pytest.raises(InvalidTransition):
        perform("complete", petition)  # an open petition is not finished
    petition.refresh_from_db()
    assert petition.state == State.OPEN
    assert not petition.events.filter(verb__in=["flag", "complete"]).exists()


def test_racing_the_same_verb_moves_the_petition_once():
    petition = OpenPetitionFactory()
    stale = Petition.objects.get(pk=petition.pk)
    perform("close", petition)
    with pytest.raises(InvalidTransition):
        perform("close", stale)  # still "open" in memory: the conditional UPDATE refuses
    assert PetitionEvent.objects.filter(verb="close").count() == 1


def test_a_threshold_is_reached_once():
    petition = OpenPetitionFactory()
    perform("reach_referral_threshold", petition)
    with pytest.raises(InvalidTransition):
        perform("reach_referral_threshold", Petition.objects.get(pk=petition.pk))


def test_history_is_append_only():
    petition = OpenPetitionFactory()
    event = perform("close", petition)
    event.notes = "rewritten"
    with pytest.raises(RuntimeError):
        event.save()
