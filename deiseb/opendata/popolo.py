"""The parliamentary record as Popolo (https://www.popoloproject.com/specs/), version 1.

Plain dicts, one function per resource, shared by the JSON views and the CSV tables. Popolo's
Motion, VoteEvent, Count and Vote are extended for what a Senedd vote needs: amendments are
Motions that point at the motion they amend (`amends`) and carry a `status` (agreed, not agreed,
deselected, withdrawn); a Presiding Officer's casting vote is `casting_vote`, outside the counts;
"agreed without objection" is a VoteEvent with no counts. Every text field comes in both
languages (`text_en`, `text_cy`); the Popolo field (`text`, `name`) holds the English. The
collections have Popolo's names (`persons`, not `people`), which is what its readers look up, and
every object validates against Popolo's JSON Schemas (tests/opendata/popolo_schemas/). See
docs/opendata.md. No personal data of signers is ever part of it.
"""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from deiseb.parliament.models import Amendment, Debate, Member, Motion, Party, Seat, Vote

# 2: `people` became `persons`, a vote event's `start_date` a date-time where the time is known,
# and `areas` was added.
VERSION = 2
LEGISLATURE_ID = "senedd"
# Popolo's option and result words for ours.
OPTIONS = {Vote.Option.FOR: "yes", Vote.Option.ABSTAIN: "abstain", Vote.Option.AGAINST: "no"}
RESULTS = {
    Vote.Result.AGREED: "pass",
    Vote.Result.NOT_AGREED: "fail",
    Vote.Result.WITHOUT_OBJECTION: "pass",
}
REQUIREMENT = "simple majority"


def page_url(language: str, name: str, *args) -> str:
    with translation.override(language):
        return f"{settings.SITE_URL}{reverse(name, args=args)}"


def motion_id(motion: Motion) -> str:
    return motion.reference


def amendment_id(motion: Motion, number: int) -> str:
    return f"{motion.reference}-amendment-{number}"


def vote_event_id(vote: Vote) -> str:
    return f"{vote.motion.reference}-{vote.position}"


def debate_id(debate: Debate) -> str:
    return f"debate-{debate.pk}"


def vote_event_motion_id(vote: Vote) -> str:
    """An amendment's vote is on the amendment; every other question is on the motion."""
    if vote.amendment_id:
        return amendment_id(vote.motion, vote.amendment.number)
    return motion_id(vote.motion)


def vote_start_date(vote: Vote) -> str:
    """UTC, as Popolo asks, to the second, when the clerk recorded the time; the day otherwise.

    Popolo allows a reduced ISO 8601 date where the time is not known; inventing midnight
    would say something the record does not.
    """
    if vote.divided_at is None:
        return vote.motion.debate.date.isoformat()
    utc = vote.divided_at.astimezone(datetime.UTC).replace(microsecond=0, tzinfo=None)
    return f"{utc.isoformat()}Z"


def debate_to_dict(debate: Debate) -> dict:
    """A Popolo Event (`name`, `start_date`) with our fields beside it."""
    return {
        "id": debate_id(debate),
        "name": debate.title_en,
        "start_date": debate.date.isoformat(),
        "organization_id": LEGISLATURE_ID,
        "date": debate.date.isoformat(),
        "title": debate.title_en,
        "title_en": debate.title_en,
        "title_cy": debate.title_cy,
        "classification": debate.kind,
        "opened_by_id": debate.opened_by.slug if debate.opened_by else None,
        "petition_ids": [petition.pk for petition in debate.petitions.all()],
        "motion_ids": [motion_id(motion) for motion in debate.motions.all()],
        "sources": [
            {"url": page_url("en", "parliament:debate", debate.pk), "note": "en"},
            {"url": page_url("cy", "parliament:debate", debate.pk), "note": "cy"},
        ],
    }


def _decided_by(motion: Motion) -> Vote | None:
    """The last question put on the motion itself (not on an amendment) decides it."""
    on_motion = [vote for vote in motion.votes.all() if vote.question != Vote.Question.AMENDMENT]
    return on_motion[-1] if on_motion else None


def motion_to_dict(motion: Motion, debate: Debate) -> dict:
    decided_by = _decided_by(motion)
    return {
        "id": motion_id(motion),
        "organization_id": LEGISLATURE_ID,
        "creator_id": motion.mover.slug,
        "cosignatory_ids": [member.slug for member in motion.cosignatories.all()],
        "text": motion.text_en,
        "text_en": motion.text_en,
        "text_cy": motion.text_cy,
        "date": debate.date.isoformat(),
        "classification": "motion",
        "requirement": REQUIREMENT,
        "result": RESULTS[decided_by.result] if decided_by else None,
        "reference": motion.reference,
        "binding": motion.binding,
        "debate_id": debate_id(debate),
    }


def amendment_to_dict(amendment: Amendment, debate: Debate, vote: Vote | None) -> dict:
    """An amendment as a Motion of its own; `vote` is the vote on it, if it was put."""
    return {
        "id": amendment_id(amendment.motion, amendment.number),
        "organization_id": LEGISLATURE_ID,
        "creator_id": amendment.mover.slug,
        "text": amendment.text_en,
        "text_en": amendment.text_en,
        "text_cy": amendment.text_cy,
        "date": debate.date.isoformat(),
        "classification": "amendment",
        "requirement": REQUIREMENT,
        "result": RESULTS[vote.result] if vote else None,
        "amends": motion_id(amendment.motion),
        "number": amendment.number,
        "status": amendment.status,
        "debate_id": debate_id(debate),
    }


def counts_to_list(vote: Vote) -> list[dict]:
    """The totals, then one Count per party and option (`group_id`) when members are recorded."""
    if not vote.is_division:
        return []
    totals = vote.counts
    counts = [{"option": OPTIONS[option], "value": value} for option, value in totals.items()]
    if vote.members_recorded:
        by_party: dict[str, dict[str, int]] = {}
        for member_vote in vote.member_votes.all():
            tally = by_party.setdefault(member_vote.party.slug, dict.fromkeys(totals, 0))
            tally[member_vote.option] += 1
        counts += [
            {"option": OPTIONS[option], "value": value, "group_id": slug}
            for slug, tally in sorted(by_party.items())
            for option, value in tally.items()
        ]
    return counts


def vote_event_to_dict(vote: Vote, debate: Debate) -> dict:
    event = {
        "id": vote_event_id(vote),
        "motion_id": vote_event_motion_id(vote),
        "organization_id": LEGISLATURE_ID,
        "start_date": vote_start_date(vote),
        "result": RESULTS[vote.result],
        "question": vote.question,
        "position": vote.position,
        "result_detail": vote.result,
        "members_recorded": vote.members_recorded,
        "counts": counts_to_list(vote),
        "votes": [
            {
                "voter_id": member_vote.member.slug,
                "option": OPTIONS[member_vote.option],
                "group_id": member_vote.party.slug,
            }
            for member_vote in vote.member_votes.all()
        ]
        if vote.members_recorded
        else [],
        "casting_vote": None,
    }
    if vote.casting_vote:
        event["casting_vote"] = {
            "voter_id": vote.casting_member.slug,
            "option": OPTIONS[vote.casting_vote],
            "role": "presiding_officer",
        }
    return event


def person_to_dict(member: Member) -> dict:
    person = {
        "id": member.slug,
        "name": member.name_en,
        "name_en": member.name_en,
        "name_cy": member.name_cy or member.name_en,
        "identifiers": [],
        "links": [
            {"url": url, "note": language}
            for language, url in (("en", member.url_en), ("cy", member.url_cy))
            if url
        ],
        "sources": [{"url": page_url("en", "parliament:member", member.slug)}],
    }
    if member.senedd_id:
        person["identifiers"].append({"scheme": "senedd", "identifier": str(member.senedd_id)})
    return person


def membership_to_dict(seat: Seat) -> dict:
    """A member's party for a span of time, with the area they sat for (our `area_id`)."""
    return {
        "person_id": seat.member.slug,
        "organization_id": seat.party.slug,
        "role": "member",
        "area_id": seat.constituency_id or seat.region_id,
        "start_date": seat.start_date.isoformat(),
        "end_date": seat.end_date.isoformat() if seat.end_date else None,
    }


def area_to_dict(area, classification: str) -> dict:
    """A constituency or an electoral region, by its ONS code; a constituency on the 2007–2026
    boundaries names its region as `parent_id`."""
    result = {
        "id": area.code,
        "name": area.name_en,
        "name_en": area.name_en,
        "name_cy": area.name_cy,
        "classification": classification,
        "identifiers": [{"scheme": "ons", "identifier": area.code}],
    }
    if classification == "constituency" and area.region_id:
        result["parent_id"] = area.region_id
    return result


def areas_of(seats: Iterable[Seat]) -> list[dict]:
    """Every area a membership's `area_id` names, and the regions above them, by id."""
    areas = {}
    for seat in seats:
        if seat.constituency_id:
            areas[seat.constituency_id] = area_to_dict(seat.constituency, "constituency")
            region = seat.constituency.region
        else:
            region = seat.region
        if region is not None:
            areas[region.code] = area_to_dict(region, "region")
    return [areas[code] for code in sorted(areas)]


def party_to_dict(party: Party) -> dict:
    return {
        "id": party.slug,
        "classification": "party",
        "name": party.name_en,
        "name_en": party.name_en,
        "name_cy": party.name_cy,
        "colour": party.colour,
        "parent_id": LEGISLATURE_ID,
    }


LEGISLATURE = {
    "id": LEGISLATURE_ID,
    "classification": "legislature",
    "name": "Welsh Parliament",
    "name_en": "Welsh Parliament",
    "name_cy": "Senedd Cymru",
}


def _people_in(debates: list[Debate]) -> set[int]:
    ids = set()
    for debate in debates:
        ids.add(debate.opened_by_id)
        for motion in debate.motions.all():
            ids.add(motion.mover_id)
            ids.update(member.pk for member in motion.cosignatories.all())
            ids.update(amendment.mover_id for amendment in motion.amendments.all())
            for vote in motion.votes.all():
                ids.add(vote.casting_member_id)
                ids.update(member_vote.member_id for member_vote in vote.member_votes.all())
    ids.discard(None)
    return ids


def to_popolo(debates: Iterable[Debate], *, motion: str | None = None, v: int = VERSION) -> dict:
    """One Popolo document for debates prefetched by queries.debates_with_record().

    `motion` keeps only that motion (by reference) and its amendments and votes. Three queries
    on top of the debates' own: people, their memberships (with their areas), and the parties.
    """
    if v != VERSION:
        raise ValueError(f"unknown open data version {v}")
    debates = list(debates)
    motions, vote_events = [], []
    for debate in debates:
        for item in debate.motions.all():
            if motion and item.reference != motion:
                continue
            votes = list(item.votes.all())
            by_amendment = {vote.amendment_id: vote for vote in votes if vote.amendment_id}
            motions.append(motion_to_dict(item, debate))
            motions += [
                amendment_to_dict(amendment, debate, by_amendment.get(amendment.pk))
                for amendment in item.amendments.all()
            ]
            vote_events += [vote_event_to_dict(vote, debate) for vote in votes]
    people = Member.objects.filter(pk__in=_people_in(debates)).order_by("slug")
    seats = list(
        Seat.objects.filter(member__in=people)
        .select_related("member", "party", "constituency__region", "region")
        .order_by("member__slug", "start_date")
    )
    return {
        "meta": {"format": "popolo", "version": VERSION},
        "debates": [debate_to_dict(debate) for debate in debates],
        "motions": motions,
        "vote_events": vote_events,
        "persons": [person_to_dict(person) for person in people],
        "memberships": [membership_to_dict(seat) for seat in seats],
        "organizations": [LEGISLATURE, *(party_to_dict(party) for party in Party.objects.all())],
        "areas": areas_of(seats),
    }
