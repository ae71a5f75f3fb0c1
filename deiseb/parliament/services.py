"""Writes to the parliamentary record: one verb per change, each atomic and checked first.

The database refuses what one row shows to be wrong (a result that does not follow its counts,
a member voting twice). The rules that need other rows are checked here: who held a seat that
day, the order the questions were put in, whether member votes add up to the counts. They run
inside the same transaction as the write, with the motion's row locked, so two clerks cannot
interleave. Every refusal is a ValidationError whose messages are in the active language, so a
form or the admin can show it as it is.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deiseb.parliament.models import (
    Amendment,
    Debate,
    GovernmentResponse,
    Member,
    MemberVote,
    Motion,
    PetitionOutcome,
    Role,
    Seat,
    Term,
    Vote,
)
from deiseb.petitions.lifecycle import VERBS, InvalidTransition, perform
from deiseb.petitions.models import Petition

Option = Vote.Option
Question = Vote.Question
Result = Vote.Result
Status = Amendment.Status
DebateState = Petition.DebateState

MemberVotes = Mapping[Member, str] | Iterable[tuple[Member, str]]

# Deselected and withdrawn amendments are never put; the others may have a vote.
UNPUT_STATUSES = frozenset({Status.DESELECTED, Status.WITHDRAWN})
# The forms of the motion itself, each put at most once.
MOTION_QUESTIONS = (Question.MOTION, Question.MOTION_WITHOUT_AMENDMENT, Question.MOTION_AS_AMENDED)


def _day(date: datetime.date) -> str:
    return date_format(date, "j F Y")


# -- reads the rules need ------------------------------------------------------------------


def term_on(date: datetime.date) -> Term | None:
    return Term.objects.on(date).order_by("-number").first()


def seats_on(date: datetime.date) -> dict[int, Seat]:
    """Every seat held on a date, by member id, with its party."""
    return {
        seat.member_id: seat
        for seat in Seat.objects.on(date).select_related("member", "party").order_by("start_date")
    }


def presiding_officers(on: datetime.date):
    """Members who could give a casting vote that day: the Llywydd and the Deputy."""
    return Member.objects.filter(
        pk__in=Role.objects.on(on).presiding().values("member_id")
    ).order_by("name_en")


def result_for(for_count: int, against_count: int, casting_vote: str = "") -> str:
    """The result that follows from the counts; a tie is decided by the casting vote."""
    if for_count > against_count:
        return Result.AGREED
    if for_count < against_count:
        return Result.NOT_AGREED
    return Result.AGREED if casting_vote == Option.FOR else Result.NOT_AGREED


def _pairs(member_votes: MemberVotes) -> list[tuple[Member, str]]:
    return list(member_votes.items() if isinstance(member_votes, Mapping) else member_votes)


# -- the rules -----------------------------------------------------------------------------


def _question_problems(vote: Vote) -> list[str]:
    problems = []
    amendment = vote.amendment
    if vote.question == Question.AMENDMENT:
        if amendment is None:
            return [_("Choose the amendment this vote was on.")]
        if amendment.motion_id != vote.motion_id:
            problems.append(
                _("Amendment %(number)s belongs to another motion.") % {"number": amendment.number}
            )
        if amendment.status in UNPUT_STATUSES:
            problems.append(
                _("Amendment %(number)s was %(status)s, so it was not put to a vote.")
                % {"number": amendment.number, "status": amendment.get_status_display().lower()}
            )
    elif amendment is not None:
        problems.append(_("Only a vote on an amendment names an amendment."))
    return problems


def _count_problems(vote: Vote, date: datetime.date) -> list[str]:
    counts = list(vote.counts.values())
    if vote.result == Result.WITHOUT_OBJECTION:
        if any(count is not None for count in counts) or vote.casting_vote:
            return [_("A question agreed without objection has no counts and no casting vote.")]
        return []
    if any(count is None for count in counts):
        return [_("Enter the number of members for, abstaining and against.")]
    if any(count < 0 for count in counts):
        return [_("A count cannot be negative.")]
    problems = []
    tied = vote.for_count == vote.against_count
    if tied and not vote.casting_vote:
        problems.append(_("The vote is tied: record the Presiding Officer's casting vote."))
    elif vote.casting_vote and not tied:
        problems.append(_("A casting vote is given only when the vote is tied."))
    elif vote.result and vote.result != result_for(
        vote.for_count, vote.against_count, vote.casting_vote
    ):
        problems.append(
            _("The counts give the result “%(expected)s”, not “%(given)s”.")
            % {
                "expected": Result(
                    result_for(vote.for_count, vote.against_count, vote.casting_vote)
                ).label,
                "given": Result(vote.result).label,
            }
        )
    if vote.casting_vote and vote.casting_member is None:
        problems.append(_("Say who gave the casting vote."))
    if vote.casting_member is not None and not vote.casting_vote:
        problems.append(_("Choose the casting vote as well as who gave it."))
    if (
        vote.casting_vote
        and vote.casting_member is not None
        and not presiding_officers(date).filter(pk=vote.casting_member.pk).exists()
    ):
        problems.append(
            _(
                "%(name)s was not the Presiding Officer or a Deputy Presiding Officer on "
                "%(date)s, so could not give a casting vote."
            )
            % {"name": vote.casting_member.name, "date": _day(date)}
        )
    term = term_on(date)
    total = sum(counts)
    if term is None:
        problems.append(_("No Senedd term is recorded for %(date)s.") % {"date": _day(date)})
    elif total > term.members:
        problems.append(
            _("%(total)s members voted, but the Senedd had %(members)s members on %(date)s.")
            % {"total": total, "members": term.members, "date": _day(date)}
        )
    return problems


def _member_problems(vote: Vote, pairs: list[tuple[Member, str]], date: datetime.date):
    if vote.result == Result.WITHOUT_OBJECTION:
        return [_("A question agreed without objection has no member votes.")] if pairs else []
    problems = []
    seats = seats_on(date)
    seen = Counter(member.pk for member, _option in pairs)
    for member, option in pairs:
        if seen[member.pk] > 1:
            problems.append(_("%(name)s is listed more than once.") % {"name": member.name})
            seen[member.pk] = 0  # say it once
        if option not in Option.values:
            problems.append(
                _("%(name)s has no valid vote (for, abstain or against).") % {"name": member.name}
            )
        if member.pk not in seats:
            problems.append(
                _("%(name)s was not a member of the Senedd on %(date)s.")
                % {"name": member.name, "date": _day(date)}
            )
    listed = Counter(option for _member, option in pairs)
    for option, count in vote.counts.items():
        if count is not None and listed[option] != count:
            problems.append(
                _("%(option)s: the count is %(count)s but %(listed)s members are listed.")
                % {"option": option.label, "count": count, "listed": listed[option]}
            )
    return problems


def order_problems(votes: list[Vote]) -> list[str]:
    """The usual order: the motion without amendment, each amendment by number, then the
    motion as amended; or the motion alone when no amendment is put. A gap (a vote not yet
    entered) is allowed; a vote out of place is not."""
    votes = sorted(votes, key=lambda vote: vote.position)
    by_question = Counter(vote.question for vote in votes)
    problems = []
    positions = Counter(vote.position for vote in votes)
    for position, count in positions.items():
        if count > 1:
            problems.append(
                _("Another vote on this motion is already at position %(position)s.")
                % {"position": position}
            )
    for question in (
        Question.MOTION,
        Question.MOTION_WITHOUT_AMENDMENT,
        Question.MOTION_AS_AMENDED,
    ):
        if by_question[question] > 1:
            problems.append(
                _("“%(question)s” has already been put on this motion.")
                % {"question": Question(question).label}
            )
    if by_question[Question.MOTION] and len(votes) > 1:
        problems.append(
            _(
                "“The motion” is put alone. When amendments are put, record “the motion without "
                "amendment” first and “the motion as amended” last."
            )
        )
    first = next((v for v in votes if v.question == Question.MOTION_WITHOUT_AMENDMENT), None)
    last = next((v for v in votes if v.question == Question.MOTION_AS_AMENDED), None)
    amendments = [vote for vote in votes if vote.question == Question.AMENDMENT]
    if first is not None:
        if any(vote.position < first.position for vote in [*amendments, *([last] if last else [])]):
            problems.append(_("The motion without amendment is put before the amendments."))
        if first.result != Result.NOT_AGREED and (amendments or last):
            problems.append(
                _(
                    "The motion without amendment was agreed, so the amendments fell and no "
                    "further question was put."
                )
            )
    numbers = [vote.amendment.number for vote in amendments]
    if numbers != sorted(numbers):
        problems.append(_("Amendments are put in number order."))
    if last is not None:
        if any(vote.position > last.position for vote in amendments):
            problems.append(_("The motion as amended is put last, after the amendments."))
        if not any(vote.is_agreed for vote in amendments if vote.position < last.position):
            problems.append(_("The motion as amended needs an amendment that was agreed."))
    return problems


def _motion_problems(vote: Vote, motion: Motion) -> list[str]:
    """Rules about the question given the motion's amendments and its other votes."""
    amendments = list(motion.amendments.all())
    problems = []
    if vote.question == Question.MOTION and any(a.status not in UNPUT_STATUSES for a in amendments):
        problems.append(_("This motion has amendments: put “the motion without amendment” first."))
    if vote.question == Question.MOTION_WITHOUT_AMENDMENT and not amendments:
        problems.append(_("This motion has no amendments: the question is “the motion”."))
    others = list(
        motion.votes.exclude(pk=vote.pk).select_related("amendment")
        if vote.pk
        else motion.votes.select_related("amendment")
    )
    if vote.amendment is not None and any(o.amendment_id == vote.amendment.pk for o in others):
        problems.append(
            _("Amendment %(number)s already has a vote.") % {"number": vote.amendment.number}
        )
    return problems + order_problems([*others, vote])


def vote_problems(vote: Vote, member_votes: MemberVotes | None = None) -> list[str]:
    """Everything wrong with a vote and its member votes, as sentences for the clerk."""
    debate = vote.motion.debate
    if debate.date > timezone.localdate():
        return [
            _("The debate is on %(date)s: record its votes once it has been held.")
            % {"date": _day(debate.date)}
        ]
    problems = _question_problems(vote)
    problems += _count_problems(vote, debate.date)
    if member_votes is not None:
        problems += _member_problems(vote, _pairs(member_votes), debate.date)
    if not problems:
        problems += _motion_problems(vote, vote.motion)
    return problems


def check_vote(vote: Vote, member_votes: MemberVotes | None = None) -> None:
    if problems := vote_problems(vote, member_votes):
        raise ValidationError(problems)


# -- votes -------------------------------------------------------------------------------


def next_position(motion: Motion) -> int:
    last = motion.votes.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _save_vote(vote: Vote, member_votes: MemberVotes | None) -> Vote:
    """Lock the motion, check everything, then write the vote, its member votes and the
    amendment's status together."""
    vote.motion = Motion.objects.select_for_update().select_related("debate").get(pk=vote.motion_id)
    if vote.position is None:
        vote.position = next_position(vote.motion)
    check_vote(vote, member_votes)
    if vote.pk:  # a vote moved to another question leaves its old amendment unvoted
        Amendment.objects.filter(vote=vote).exclude(pk=vote.amendment_id).update(
            status=Status.PENDING
        )
    vote.members_recorded = member_votes is not None
    vote.save()
    MemberVote.objects.filter(vote=vote).delete()
    if member_votes is not None:
        seats = seats_on(vote.motion.debate.date)
        MemberVote.objects.bulk_create(
            MemberVote(vote=vote, member=member, party_id=seats[member.pk].party_id, option=option)
            for member, option in _pairs(member_votes)
        )
    if vote.amendment is not None:
        status = Status.AGREED if vote.is_agreed else Status.NOT_AGREED
        Amendment.objects.filter(pk=vote.amendment.pk).update(status=status)
        vote.amendment.status = status
    return vote


def _write(vote: Vote, member_votes: MemberVotes | None) -> Vote:
    adding = vote.pk is None
    try:
        with transaction.atomic():
            return _save_vote(vote, member_votes)
    except IntegrityError as exc:
        # Only a write racing this one gets here: every rule was checked under the lock.
        if adding:  # rolled back, so the instance must not claim a row
            vote.pk, vote._state.adding = None, True
        raise ValidationError(
            _("Another change to this motion was saved at the same time. Reload and try again.")
        ) from exc


def record_division(vote: Vote, member_votes: MemberVotes | None = None) -> Vote:
    """Save a division: the counts, the result that follows from them, and where known how each
    member voted (which replaces any member votes saved before).

    When member votes are given and the counts are left blank, the counts are taken from them.
    A blank result is filled in from the counts; a given one must agree with them.
    """
    if member_votes is not None:
        member_votes = _pairs(member_votes)
        listed = Counter(option for _member, option in member_votes)
        if vote.for_count is None and vote.abstain_count is None and vote.against_count is None:
            vote.for_count = listed[Option.FOR]
            vote.abstain_count = listed[Option.ABSTAIN]
            vote.against_count = listed[Option.AGAINST]
    if vote.result == Result.WITHOUT_OBJECTION:
        raise ValidationError(_("A division has counts: it was not agreed without objection."))
    if not vote.result and None not in (vote.for_count, vote.against_count):
        vote.result = result_for(vote.for_count, vote.against_count, vote.casting_vote)
    return _write(vote, member_votes)


def record_without_objection(vote: Vote) -> Vote:
    """Save a question agreed without objection: no division, so no counts and no members."""
    vote.result = Result.WITHOUT_OBJECTION
    vote.for_count = vote.abstain_count = vote.against_count = None
    vote.casting_vote, vote.casting_member = "", None
    return _write(vote, None)


@transaction.atomic
def delete_vote(vote: Vote) -> None:
    """Remove a vote entered in error; its amendment goes back to not yet voted on."""
    motion = Motion.objects.select_for_update().get(pk=vote.motion_id)
    remaining = list(motion.votes.exclude(pk=vote.pk).select_related("amendment"))
    if problems := order_problems(remaining):
        raise ValidationError(problems)
    if vote.amendment_id:
        Amendment.objects.filter(pk=vote.amendment_id).update(status=Status.PENDING)
    vote.delete()


# -- amendments ----------------------------------------------------------------------------


def amendment_status_problems(amendment: Amendment, status: str) -> list[str]:
    if amendment.pk is None:
        voted = False
    else:
        voted = Vote.objects.filter(amendment_id=amendment.pk).exists()
    if status in (Status.AGREED, Status.NOT_AGREED) and not voted:
        return [_("An amendment is agreed or not by its vote: record the vote instead.")]
    if status not in (Status.AGREED, Status.NOT_AGREED) and voted:
        return [
            _("Amendment %(number)s has been voted on: delete its vote first.")
            % {"number": amendment.number}
        ]
    return []


@transaction.atomic
def set_amendment_status(amendment: Amendment, status: str) -> None:
    """Deselect or withdraw an amendment that was never put, or return it to "not yet voted on".

    When an amendment is agreed, later ones it makes meaningless fall and are deselected.
    Agreed and not agreed come only from a vote (record_division).
    """
    Amendment.objects.select_for_update().filter(pk=amendment.pk).first()
    if problems := amendment_status_problems(amendment, status):
        raise ValidationError(problems)
    amendment.status = status
    amendment.save(update_fields=["status"])


# -- debates and the petitions they concern --------------------------------------------------


def _move_petitions(debate: Debate, verb: str, *, by=None) -> list[int]:
    """Each of the debate's petitions that the verb allows moves, once: a repeat call (or two
    clerks at once) finds them already moved. Returns the ids that moved."""
    moved = []
    for petition in debate.petitions.all():
        if not VERBS[verb].allows(petition):
            continue
        try:
            perform(verb, petition, by=by, notes=f"debate {debate.pk}")
        except InvalidTransition:
            continue  # another clerk moved it a moment ago
        moved.append(petition.pk)
    return moved


@transaction.atomic
def schedule_debate(debate: Debate, *, by=None) -> list[int]:
    """The debate is in the Senedd's business: its petitions are now "debate scheduled"."""
    if debate.date < timezone.localdate():
        raise ValidationError(
            _("The debate on %(date)s has been held: record its outcome instead.")
            % {"date": _day(debate.date)}
        )
    return _move_petitions(debate, "schedule_debate", by=by)


@transaction.atomic
def record_debate_outcome(debate: Debate, *, by=None) -> list[int]:
    """The debate has been held and its votes entered: its petitions are now "debated"."""
    if debate.date > timezone.localdate():
        raise ValidationError(
            _("The debate is on %(date)s: record its outcome once it has been held.")
            % {"date": _day(debate.date)}
        )
    for motion in debate.motions.all():
        if problems := order_problems(list(motion.votes.select_related("amendment"))):
            raise ValidationError(problems)
    return _move_petitions(debate, "record_debated", by=by)


# -- the end of a petition's consideration -------------------------------------------------


def _record_outcome(verb: str, kind: str, petition, text_en, text_cy, *, by) -> PetitionOutcome:
    perform(verb, petition, by=by, notes=text_en)
    return PetitionOutcome.objects.create(
        petition=petition, kind=kind, text_en=text_en, text_cy=text_cy, recorded_by=by
    )


@transaction.atomic
def complete_petition(petition: Petition, text_en: str, text_cy: str, *, by) -> PetitionOutcome:
    """The Committee has finished with the petition: it moves to "completed" with the clerk's
    note, kept in both languages for the timeline and in English in the history."""
    kind = PetitionOutcome.Kind.COMPLETED
    return _record_outcome("complete", kind, petition, text_en, text_cy, by=by)


@transaction.atomic
def record_not_debated(petition: Petition, text_en: str, text_cy: str, *, by) -> PetitionOutcome:
    """The petition will not be debated, and why."""
    kind = PetitionOutcome.Kind.NOT_DEBATED
    return _record_outcome("record_not_debated", kind, petition, text_en, text_cy, by=by)


@transaction.atomic
def record_response(response: GovernmentResponse, *, by) -> tuple[GovernmentResponse, bool]:
    """Save a new Government response through the verb; returns it and whether it is new.

    The same response entered twice (a double press, a clerk repeating a colleague) is found,
    not saved again: same petition, date, minister and summary. The petition's row is locked
    first, so two clerks saving it at once cannot both miss the other's.
    """
    Petition.objects.select_for_update().filter(pk=response.petition_id).first()
    existing = GovernmentResponse.objects.filter(
        petition_id=response.petition_id,
        responded_on=response.responded_on,
        member_id=response.member_id,
        summary_en=response.summary_en,
    ).first()
    if existing is not None:
        return existing, False
    perform("record_response", response.petition, by=by, notes=response.summary_en)
    response.save()
    return response, True


def archive_petition(petition: Petition, *, by, notes: str = ""):
    """Put a finished petition away: still public where it was, tagged as archived."""
    return perform("archive", petition, by=by, notes=notes)
