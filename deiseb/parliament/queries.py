"""Reads that join the record across dates: who represented a place, how they voted, and what
followed a petition. Each costs a fixed number of queries whatever the number of rows."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from deiseb.geography.models import Constituency
from deiseb.parliament.models import (
    Amendment,
    Debate,
    GovernmentResponse,
    Member,
    MemberVote,
    Motion,
    Party,
    PetitionOutcome,
    Role,
    Seat,
    Term,
    Vote,
)
from deiseb.parliament.wording import outcome, with_casting_office
from deiseb.petitions.models import Petition
from deiseb.petitions.timeline import Event, petition_milestones


def seats_for(constituency: Constituency, on: datetime.date):
    """The seats that represented a constituency on a date: its own and its region's list seats."""
    area = Q(constituency=constituency)
    if constituency.region_id:
        area |= Q(region_id=constituency.region_id)
    return (
        Seat.objects.on(on).filter(area).select_related("member", "party", "constituency", "region")
    )


def members_held_on(on: datetime.date) -> bool:
    """Whether the record holds the Senedd's members for a date. Without them a constituency with
    no seat means the member list is missing here, not that the place had nobody to speak for it
    (the members file may predate an election)."""
    return Seat.objects.on(on).exists()


def latest_term_with_members() -> Term | None:
    return Term.objects.filter(seats__isnull=False).distinct().order_by("-number").first()


def votes_of_my_members(vote: Vote, constituency: Constituency) -> list[tuple[Seat, str | None]]:
    """Each member for the constituency on the day of the vote, with their vote if recorded."""
    seats = list(seats_for(constituency, vote.motion.debate.date))
    options = dict(
        MemberVote.objects.filter(vote=vote, member__in=[s.member_id for s in seats]).values_list(
            "member_id", "option"
        )
    )
    return [(seat, options.get(seat.member_id)) for seat in seats]


def my_members_in_debate(debate: Debate, constituency: Constituency):
    """The members for a constituency on the debate's date, and each one's vote in every division.

    Three queries: the seats, the votes (in voting order), the member votes. Returns the seats
    and a list of (vote, [(seat, option or None)]) with the constituency member first.
    """
    seats = sorted(
        seats_for(constituency, debate.date),
        key=lambda seat: (seat.constituency_id is None, seat.member.name_en),
    )
    votes = list(
        Vote.objects.filter(motion__debate=debate)
        .select_related("motion", "amendment")
        .order_by("motion_id", "position")
    )
    options = {
        (vote_id, member_id): option
        for vote_id, member_id, option in MemberVote.objects.filter(
            vote__in=votes, member__in=[seat.member_id for seat in seats]
        ).values_list("vote_id", "member_id", "option")
    }
    rows = [
        (vote, [(seat, options.get((vote.pk, seat.member_id))) for seat in seats]) for vote in votes
    ]
    return seats, rows


def votes_in_order():
    """Votes with what a page needs to show them, in the order they were put."""
    return (
        with_casting_office(Vote.objects.select_related("amendment", "casting_member"))
        .prefetch_related(
            Prefetch(
                "member_votes",
                queryset=MemberVote.objects.select_related("member", "party").order_by(
                    "member__name_en"
                ),
            )
        )
        .order_by("position")
    )


def debates_with_record():
    """Debates with their motions, amendments and votes prefetched (a fixed number of queries)."""
    return Debate.objects.select_related("opened_by").prefetch_related(
        Prefetch(
            "motions",
            queryset=Motion.objects.select_related("mover")
            .prefetch_related(
                "cosignatories",
                Prefetch(
                    "amendments",
                    queryset=Amendment.objects.select_related("mover").order_by("number"),
                ),
                Prefetch("votes", queryset=votes_in_order()),
            )
            .order_by("pk"),
        ),
        Prefetch("petitions", queryset=Petition.objects.published().order_by("pk")),
    )


@dataclass
class PartyTally:
    party: Party
    counts: Counter = field(default_factory=Counter)

    @property
    def for_count(self) -> int:
        return self.counts[Vote.Option.FOR]

    @property
    def abstain_count(self) -> int:
        return self.counts[Vote.Option.ABSTAIN]

    @property
    def against_count(self) -> int:
        return self.counts[Vote.Option.AGAINST]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def party_breakdown(vote: Vote) -> list[PartyTally]:
    """How each party's members voted, biggest party first; empty unless members are recorded.

    Reads the prefetched member votes, so it costs no query on a page built by
    debates_with_record().
    """
    if not vote.members_recorded:
        return []
    tallies: dict[int, PartyTally] = {}
    for member_vote in vote.member_votes.all():
        tally = tallies.setdefault(member_vote.party_id, PartyTally(member_vote.party))
        tally.counts[member_vote.option] += 1
    return sorted(tallies.values(), key=lambda t: (-t.total, t.party.name_en))


def members_by_option(vote: Vote) -> dict[str, list[MemberVote]]:
    """The recorded member votes grouped For / Abstain / Against, by name (prefetched)."""
    grouped = defaultdict(list)
    for member_vote in vote.member_votes.all():
        grouped[member_vote.option].append(member_vote)
    return grouped


def _committee_events(petition: Petition) -> list[Event]:
    return [
        Event(
            consideration.meeting_date,
            gettext("The Petitions Committee considered the petition: %(decision)s")
            % {"decision": consideration.get_decision_display()},
            consideration.text,
            consideration.url,
        )
        for consideration in petition.committee_considerations.all()
    ]


def _role_on(member: Member, on: datetime.date) -> Role | None:
    """The member's latest office in force on a date, from prefetched roles; of offices taken up
    the same day, the first recorded (the Senedd lists a member's main office first)."""
    held = [
        role
        for role in member.roles.all()
        if role.start_date <= on and (role.end_date is None or role.end_date >= on)
    ]
    return max(held, key=lambda role: (role.start_date, -role.pk)) if held else None


def responder(response: GovernmentResponse) -> str:
    """Who responded, with the office they held that day: "Jane Hutt, Cabinet Secretary for …".

    Reads the member's prefetched roles (prefetch "member__roles")."""
    role = _role_on(response.member, response.responded_on)
    return f"{response.member.name}, {role.title}" if role else response.member.name


def _response_events(petition: Petition) -> list[Event]:
    responses = petition.government_responses.select_related("member").prefetch_related(
        "member__roles"
    )
    return [
        Event(
            response.responded_on,
            gettext("The Welsh Government responded"),
            f"{responder(response)}: {response.summary}",
        )
        for response in responses
    ]


def _outcome_events(petition: Petition) -> list[Event]:
    """Completed (with the clerk's note, when one was written) and not debated (with why)."""
    outcomes = {outcome.kind: outcome for outcome in petition.outcomes.all()}
    events = []
    if petition.completed_at:
        note = outcomes.get(PetitionOutcome.Kind.COMPLETED)
        events.append(
            Event(
                timezone.localdate(petition.completed_at),
                gettext("Completed: the Committee has finished its work on it"),
                note.text if note else "",
            )
        )
    if reason := outcomes.get(PetitionOutcome.Kind.NOT_DEBATED):
        events.append(
            Event(
                timezone.localdate(reason.recorded_at),
                gettext("The Senedd will not debate this petition"),
                reason.text,
            )
        )
    return events


def _debate_events(petition: Petition, today: datetime.date) -> list[Event]:
    events = []
    votes = with_casting_office(
        Vote.objects.select_related("amendment", "casting_member").order_by("position")
    )
    debates = (
        Debate.objects.filter(petitions=petition)
        .prefetch_related(
            Prefetch(
                "motions",
                queryset=Motion.objects.prefetch_related(Prefetch("votes", queryset=votes)),
            )
        )
        .order_by("date", "pk")
    )
    for debate in debates:
        url = reverse("parliament:debate", args=[debate.pk])
        if debate.date > today:
            title = gettext("A debate is scheduled for %(date)s") % {
                "date": date_format(debate.date, "j F Y")
            }
            events.append(Event(debate.date, title, debate.title, url))
            continue
        outcomes = [outcome(vote) for motion in debate.motions.all() for vote in motion.votes.all()]
        detail = "\n".join([debate.title, *outcomes])
        title = pgettext("timeline", "Debated in the Senedd")
        events.append(Event(debate.date, title, detail, url))
    return events


def petition_events(petition: Petition) -> list[Event]:
    """What the record holds about a petition, for its timeline (unsorted, already translated).

    Committee decisions, the Welsh Government's responses and the debates it was linked to, each
    scheduled debate said as such and each held one with the outcome of every vote; then the end
    of its consideration (completed, not debated) with the clerk's words. Costs seven queries
    whatever the number of rows.
    """
    today = timezone.localdate()
    return [
        *_committee_events(petition),
        *_response_events(petition),
        *_debate_events(petition, today),
        *_outcome_events(petition),
    ]


def petition_timeline(petition: Petition) -> list[Event]:
    """What has happened to a petition, oldest first: its own milestones and the record's."""
    events = petition_milestones(petition) + petition_events(petition)
    return sorted(events, key=lambda event: event.date)
