"""A petition's whole life: every change of `state` or `debate_state` is a verb of one table.

Each verb names the states it may start from, where it goes, the timestamp it sets, the email
it sends and the label of the history it writes. `perform` carries any verb out the same way:
one conditional UPDATE (`WHERE state IN (…)`) with a row-count check, so two moderators or two
workers racing cannot both move a petition; one PetitionEvent row; the emails queued in the
same transaction (their delivery waits for the commit). Moderation, the record, signatures and
the scheduler call these verbs, and nothing else assigns a state.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from deiseb.core.caching import forget_on_commit
from deiseb.petitions import emails
from deiseb.petitions.models import Petition, PetitionEvent

State = Petition.State
# The copy of a published petition each process keeps for the sign form; every verb forgets it.
KEPT_PETITION = "petitions:published:{}"
DebateState = Petition.DebateState


class InvalidTransition(Exception):
    """The petition was not in a state that allows this change (or someone got there first)."""


@dataclass(frozen=True)
class Verb:
    name: str
    label: str
    allowed_from: frozenset = frozenset()
    to: str | None = None  # the state the verb moves to; None leaves it where it is
    field: str = "state"  # which of the two state machines: "state" or "debate_state"
    stamp: str | None = None  # the timestamp it sets
    once: bool = False  # refuse if `stamp` is already set (a threshold is reached once)
    email: str | None = None  # the function in petitions.emails it sends
    targets: frozenset = frozenset()  # for verbs that choose where they go (restore)

    def allows(self, petition: Petition) -> bool:
        if getattr(petition, self.field) not in self.allowed_from:
            return False
        return not (self.once and getattr(petition, self.stamp))


MODERATION = Petition.MODERATION_STATES
REJECTABLE = frozenset({*MODERATION, State.OPEN, State.CLOSED})
BEFORE_DEBATE = frozenset({DebateState.PENDING, DebateState.AWAITING})
UNDECIDED_DEBATE = frozenset({*BEFORE_DEBATE, DebateState.SCHEDULED})

# A verb's label names the event in the petition's history ("Closed" on a date), which Welsh
# puts in the past tense ("Caewyd") where the state of the same English name is "Ar gau": hence
# the "history" context, apart from Petition.State's labels.
VERBS = {
    verb.name: verb
    for verb in (
        Verb("create", pgettext_lazy("history", "Created"), to=State.PENDING),
        Verb(
            "validate",
            pgettext_lazy("history", "Creator confirmed"),
            {State.PENDING},
            State.VALIDATED,
            stamp="validated_at",
            email="gather_supporters",
        ),
        Verb(
            "gather_support",
            pgettext_lazy("history", "Enough supporters"),
            {State.VALIDATED},
            State.SPONSORED,
            stamp="sponsored_at",
            email="awaiting_moderation",
        ),
        Verb("flag", pgettext_lazy("history", "Flagged"), {State.SPONSORED}, State.FLAGGED),
        Verb("unflag", pgettext_lazy("history", "Unflagged"), {State.FLAGGED}, State.SPONSORED),
        Verb("edit_text", pgettext_lazy("history", "Text edited"), frozenset(State)),
        Verb(
            "publish",
            pgettext_lazy("history", "Published"),
            MODERATION,
            State.OPEN,
            stamp="opened_at",
            email="published",
        ),
        Verb(
            "reject",
            pgettext_lazy("history", "Rejected"),
            REJECTABLE,
            State.REJECTED,
            stamp="rejected_at",
            email="rejected",
        ),
        Verb(
            "hide",
            pgettext_lazy("history", "Rejected and hidden"),
            REJECTABLE | {State.REJECTED},
            State.HIDDEN,
            stamp="rejected_at",
            email="rejected",
        ),
        Verb(
            "restore",
            pgettext_lazy("history", "Restored"),
            Petition.REJECTED_STATES,
            targets=frozenset({State.SPONSORED, State.OPEN, State.CLOSED}),
        ),
        Verb(
            "close",
            pgettext_lazy("history", "Closed"),
            {State.OPEN},
            State.CLOSED,
            stamp="closed_at",
        ),
        # A night signing was paused site-wide gives every open petition a day back.
        Verb("extend_closing", pgettext_lazy("history", "Closing date extended"), {State.OPEN}),
        # A petition handed in on paper starts life closed, on the day it was handed in, and
        # goes on to the referral decision like any other.
        Verb(
            "receive_paper",
            pgettext_lazy("history", "Received on paper"),
            to=State.CLOSED,
            stamp="closed_at",
        ),
        Verb(
            "refer",
            pgettext_lazy("history", "Referred to the Committee"),
            {State.CLOSED, State.COMPLETED},
            stamp="referred_at",
            once=True,
            email="referred",
        ),
        Verb(
            "close_insufficient",
            pgettext_lazy("history", "Closed with too few signatures"),
            {State.CLOSED},
            State.REJECTED,
            stamp="rejected_at",
            email="rejected",
        ),
        Verb(
            "reach_referral_threshold",
            pgettext_lazy("history", "Reached the referral threshold"),
            {State.OPEN, State.CLOSED},
            stamp="referral_threshold_reached_at",
            once=True,
        ),
        Verb(
            "reach_debate_threshold",
            pgettext_lazy("history", "Reached the debate threshold"),
            {DebateState.PENDING},
            DebateState.AWAITING,
            field="debate_state",
            stamp="debate_threshold_reached_at",
            once=True,
        ),
        Verb(
            "schedule_debate",
            pgettext_lazy("history", "Debate scheduled"),
            BEFORE_DEBATE,
            DebateState.SCHEDULED,
            field="debate_state",
        ),
        Verb(
            "record_debated",
            pgettext_lazy("history", "Debated"),
            UNDECIDED_DEBATE,
            DebateState.DEBATED,
            field="debate_state",
        ),
        Verb(
            "record_not_debated",
            pgettext_lazy("history", "Not debated"),
            UNDECIDED_DEBATE,
            DebateState.NOT_DEBATED,
            field="debate_state",
        ),
        Verb(
            "record_response",
            pgettext_lazy("history", "Government response recorded"),
            frozenset({State.OPEN, State.CLOSED, State.COMPLETED}),
        ),
        Verb(
            "complete",
            pgettext_lazy("history", "Completed"),
            {State.CLOSED},
            State.COMPLETED,
            stamp="completed_at",
        ),
        # Keeping the count honest and personal data only as long as needed: history, no move.
        Verb(
            "invalidate_signatures",
            pgettext_lazy("history", "Signatures invalidated"),
            frozenset(State.values),
        ),
        Verb(
            "anonymise",
            pgettext_lazy("history", "Signers anonymised"),
            frozenset({State.COMPLETED, State.REJECTED, State.HIDDEN}),
            stamp="anonymised_at",
            once=True,
        ),
        Verb(
            "place_legal_hold",
            pgettext_lazy("history", "Legal hold placed"),
            frozenset(State.values),
        ),
        Verb(
            "lift_legal_hold",
            pgettext_lazy("history", "Legal hold lifted"),
            frozenset(State.values),
        ),
        Verb(
            "archive",
            pgettext_lazy("history", "Archived"),
            frozenset({State.COMPLETED, State.REJECTED, State.HIDDEN}),
            stamp="archived_at",
            once=True,
        ),
    )
}


def verbs_from(petition: Petition) -> list[Verb]:
    """What could be done to this petition now: the staff pages offer exactly these."""
    return [verb for verb in VERBS.values() if verb.allows(petition)]


def perform(
    name: str,
    petition: Petition,
    *,
    by=None,
    to: str | None = None,
    at=None,
    notes: str = "",
    changes: dict | None = None,
    **fields,
) -> PetitionEvent:
    """Carry out verb `name` on `petition`, atomically, and write its history.

    `to` picks the target of a verb that chooses (restore); `at` backdates the timestamp and
    the history row (the close happens at the closing time, not when the job runs); `fields`
    are written in the same UPDATE (the closing date a publication fixes, a text edit's text).
    """
    verb = VERBS[name]
    target = to if verb.targets else verb.to
    if verb.targets and target not in verb.targets:
        raise InvalidTransition(f"{name} cannot go to {target}")
    now = timezone.now()
    updates = {"updated_at": now, **fields}
    if target:
        updates[verb.field] = target
    if verb.stamp:
        updates[verb.stamp] = at or now
    with transaction.atomic():
        # What the row holds now, not what this copy of it says: the history's "before" must
        # be true even when the caller's copy is stale. The lock holds it until we commit.
        before = (
            Petition.objects.select_for_update()
            .filter(pk=petition.pk)
            .values_list("state", "debate_state")
            .first()
        )
        rows = Petition.objects.filter(pk=petition.pk, **{f"{verb.field}__in": verb.allowed_from})
        if verb.once:
            rows = rows.filter(**{f"{verb.stamp}__isnull": True})
        if before is None or rows.update(**updates) != 1:
            raise InvalidTransition(f"petition {petition.pk} cannot {name} now")
        petition.state, petition.debate_state = before
        for attribute, value in updates.items():
            setattr(petition, attribute, value)
        event = PetitionEvent.objects.create(
            petition=petition,
            verb=name,
            by=by,
            state_before=before[0],
            state_after=petition.state,
            debate_state_before=before[1],
            debate_state_after=petition.debate_state,
            notes=notes,
            changes=changes or {},
            created_at=at or now,
        )
        if verb.email:
            getattr(emails, verb.email)(petition)
        forget_on_commit(KEPT_PETITION.format(petition.pk))
    return event


def start(name: str, *, by=None, at=None, notes: str = "", **fields) -> Petition:
    """Create a petition by verb `name`, one allowed from nothing, in the state it leads to.

    `create` rows are made by the creation journey and `record_creation`; this is for verbs
    whose petition starts further along (`receive_paper`), so no other module writes a state.
    """
    verb = VERBS[name]
    if verb.allowed_from or not verb.to:
        raise InvalidTransition(f"{name} does not create a petition")
    now = timezone.now()
    stamp = {verb.stamp: at or now} if verb.stamp else {}
    with transaction.atomic():
        petition = Petition.objects.create(**fields, **stamp, **{verb.field: verb.to})
        record_creation(petition, by=by, verb=name, notes=notes, at=at or now)
        if verb.email:
            getattr(emails, verb.email)(petition)
    return petition


def record_creation(
    petition: Petition, *, by=None, verb: str = "create", notes: str = "", at=None
) -> PetitionEvent:
    """A new petition's first history row; it was created in its starting state."""
    return PetitionEvent.objects.create(
        petition=petition,
        verb=verb,
        by=by,
        state_after=petition.state,
        debate_state_before=petition.debate_state,
        debate_state_after=petition.debate_state,
        notes=notes,
        created_at=at or petition.created_at,
    )
