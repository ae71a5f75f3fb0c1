"""A small Sixth Senedd for the record's tests: six members in three parties, a Llywydd, and a
debate with a motion and two amendments, built with the shared factories."""

import datetime
from dataclasses import dataclass

from deiseb.parliament.models import Amendment, Member, Motion, Party, Term
from tests.factories import (
    AmendmentFactory,
    ConstituencyFactory,
    MotionFactory,
    PartyFactory,
    RegionFactory,
    RoleFactory,
    SeatFactory,
    TermFactory,
)

DEBATE_DATE = datetime.date(2025, 2, 12)


@dataclass
class Chamber:
    term: Term
    red: Party
    blue: Party
    green: Party
    members: dict[str, Member]
    llywydd: Member
    motion: Motion
    amendment_1: Amendment
    amendment_2: Amendment

    def __getitem__(self, name: str) -> Member:
        return self.members[name]


def chamber(term_members: int = 60) -> Chamber:
    term = TermFactory(members=term_members)
    red = PartyFactory(slug="red", name_en="Red Party", name_cy="Y Blaid Goch", colour="#E4003B")
    blue = PartyFactory(slug="blue", name_en="Blue Party", name_cy="Y Blaid Las", colour="#0087DC")
    green = PartyFactory(
        slug="green", name_en="Green Party", name_cy="Y Blaid Werdd", colour="#008672"
    )
    region = RegionFactory()
    seat_of = {
        "ann": (red, ConstituencyFactory()),
        "bob": (red, ConstituencyFactory(code="W09000025", name_en="Cardiff North")),
        "cai": (red, None),
        "dee": (blue, None),
        "eve": (blue, None),
        "elin": (green, ConstituencyFactory(code="W09000012", name_en="Ceredigion")),
    }
    members = {}
    for name, (party, constituency) in seat_of.items():
        seat = SeatFactory(
            term=term,
            party=party,
            constituency=constituency,
            region=None if constituency else region,
            member__name_en=name.title(),
            member__slug=name,
        )
        members[name] = seat.member
    RoleFactory(
        member=members["elin"],
        title_en="Llywydd",
        title_cy="Llywydd",
        start_date=term.start_date,
    )
    motion = MotionFactory(debate__date=DEBATE_DATE, mover=members["dee"])
    return Chamber(
        term=term,
        red=red,
        blue=blue,
        green=green,
        members=members,
        llywydd=members["elin"],
        motion=motion,
        amendment_1=AmendmentFactory(motion=motion, number=1, mover=members["ann"]),
        amendment_2=AmendmentFactory(motion=motion, number=2, mover=members["cai"]),
    )
