"""Reads that join the record across dates: who represented a place, and how they voted."""

import datetime

from django.db.models import Q

from deiseb.geography.models import Constituency
from deiseb.parliament.models import MemberVote, Seat, Vote


def seats_for(constituency: Constituency, on: datetime.date):
    """The seats that represented a constituency on a date: its own and its region's list seats."""
    area = Q(constituency=constituency)
    if constituency.region_id:
        area |= Q(region_id=constituency.region_id)
    return Seat.objects.on(on).filter(area).select_related("member", "party")


def votes_of_my_members(vote: Vote, constituency: Constituency) -> list[tuple[Seat, str | None]]:
    """Each member for the constituency on the day of the vote, with their vote if recorded."""
    seats = list(seats_for(constituency, vote.motion.debate.date))
    options = dict(
        MemberVote.objects.filter(vote=vote, member__in=[s.member_id for s in seats]).values_list(
            "member_id", "option"
        )
    )
    return [(seat, options.get(seat.member_id)) for seat in seats]
