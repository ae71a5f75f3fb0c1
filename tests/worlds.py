"""Test worlds built the way the site builds them: petitions by the lifecycle's verbs, the record
by its services.

Nothing here writes a state or a vote row by hand, so every world is one the site could have
reached: each petition's history (PetitionEvent) explains where it is, and every division has
passed the rules a clerk's would. The state-named factories in tests/factories.py walk these.
"""

from collections.abc import Iterable

from deiseb.moderation.models import Rejection
from deiseb.parliament import services as record
from deiseb.parliament.models import Amendment, Debate, Motion, Vote
from deiseb.petitions import lifecycle
from deiseb.petitions.models import Petition

# The order a petition's life takes; a walk is some of these verbs, always in this order.
ORDER = (
    "validate",
    "gather_support",
    "flag",
    "publish",
    "reach_referral_threshold",
    "reach_debate_threshold",
    "close",
    "close_insufficient",
    "refer",
    "schedule_debate",
    "record_debated",
    "record_not_debated",
    "complete",
    "reject",
    "hide",
    "archive",
)

# From "created" to each state. Referral, debate and completion follow a petition that reached
# its thresholds while open, as the Committee only takes up what was referred to it.
PENDING = ()
VALIDATED = ("validate",)
SPONSORED = (*VALIDATED, "gather_support")
FLAGGED = (*SPONSORED, "flag")
OPEN = (*SPONSORED, "publish")
CLOSED = (*OPEN, "close")
REJECTED = (*SPONSORED, "reject")
HIDDEN = (*SPONSORED, "hide")
REFERRED = (*OPEN, "reach_referral_threshold", "close", "refer")
COMPLETED = (*REFERRED, "complete")
AWAITING_DEBATE = (*OPEN, "reach_referral_threshold", "reach_debate_threshold", "close", "refer")
SCHEDULED_DEBATE = (*AWAITING_DEBATE, "schedule_debate")
DEBATED = (*SCHEDULED_DEBATE, "record_debated")
NOT_DEBATED = (*AWAITING_DEBATE, "record_not_debated")

# A timestamp given for a petition means its verb happened: the verb each one implies.
IMPLIED_BY = {
    "validated_at": "validate",
    "sponsored_at": "gather_support",
    "opened_at": "publish",
    "referral_threshold_reached_at": "reach_referral_threshold",
    "debate_threshold_reached_at": "reach_debate_threshold",
    "closed_at": "close",
    "referred_at": "refer",
    "completed_at": "complete",
    "rejected_at": "reject",
    "archived_at": "archive",
}
STAMPS = frozenset(IMPLIED_BY)
# The reason a rejection is given when the test does not choose one.
REASONS = {"reject": "duplicate", "hide": "offensive", "close_insufficient": "insufficient"}


def walk_to(verbs: Iterable[str], stamps: Iterable[str] = ()) -> tuple[str, ...]:
    """`verbs` plus the verbs the given timestamps imply, in the order of a petition's life."""
    verbs = set(verbs)
    stamped = {lifecycle.VERBS[name].stamp for name in verbs}
    verbs |= {IMPLIED_BY[stamp] for stamp in stamps if stamp not in stamped}
    return tuple(sorted(verbs, key=ORDER.index))


def walk(petition: Petition, verbs: Iterable[str], *, at=None, reason: str = "", by=None):
    """Carry `petition` through `verbs` by the lifecycle, as the services would.

    `at` maps a timestamp field to when its verb happened (so a closed petition closed at its
    closing time); `reason` is the RejectionReason code of a rejection, written first as the
    moderation services do.
    """
    at = at or {}
    for name in verbs:
        notes = ""
        if name in REASONS:
            notes = reason or REASONS[name]
            Rejection.objects.update_or_create(petition=petition, defaults={"reason_id": notes})
        when = at.get(lifecycle.VERBS[name].stamp)
        lifecycle.perform(name, petition, by=by, at=when, notes=notes)
    return petition


# -- the record -----------------------------------------------------------------------------


def division(
    motion: Motion,
    question: str,
    counts: tuple | None = None,
    *,
    position: int | None = None,
    amendment: Amendment | None = None,
    members=None,
    casting: tuple = ("", None),
) -> Vote:
    """A division as the clerk records it: counts (for, abstain, against), each member's vote
    ({member: option}, the counts then following from them) or both; `casting` is the
    Presiding Officer's (option, member) on a tie."""
    for_count, abstain_count, against_count = counts or (None, None, None)
    casting_vote, casting_member = casting
    vote = Vote(
        motion=motion,
        question=question,
        position=position,
        amendment=amendment,
        for_count=for_count,
        abstain_count=abstain_count,
        against_count=against_count,
        casting_vote=casting_vote,
        casting_member=casting_member,
    )
    return record.record_division(vote, members)


def without_objection(
    motion: Motion, question: str, *, position: int | None = None, amendment=None
) -> Vote:
    """A question agreed without a division."""
    vote = Vote(motion=motion, question=question, position=position, amendment=amendment)
    return record.record_without_objection(vote)


def deselect(amendment: Amendment) -> Amendment:
    """The Llywydd did not select it, so it is never put."""
    record.set_amendment_status(amendment, Amendment.Status.DESELECTED)
    return amendment


def schedule(debate: Debate, *petitions: Petition, by=None) -> list[int]:
    """Put the petitions in a debate to come; those awaiting one are now "debate scheduled"."""
    debate.petitions.add(*petitions)
    return record.schedule_debate(debate, by=by)


def debated(debate: Debate, *petitions: Petition, by=None) -> list[int]:
    """The debate was held and its votes are entered: its petitions are now "debated"."""
    debate.petitions.add(*petitions)
    return record.record_debate_outcome(debate, by=by)


def assert_history_explains(petition: Petition) -> list[str]:
    """Each event starts where the one before it ended, and the last is where the petition is.
    Returns the verbs in the order they were performed (a backdated verb's row is dated when
    it happened, so dates alone need not put them in order)."""
    petition.refresh_from_db()
    events = list(petition.events.order_by("pk"))
    for before, after in zip(events, events[1:], strict=False):
        assert after.state_before == before.state_after, (before.verb, after.verb)
        assert after.debate_state_before == before.debate_state_after, (before.verb, after.verb)
    assert (events[-1].state_after, events[-1].debate_state_after) == (
        petition.state,
        petition.debate_state,
    )
    return [event.verb for event in events]
