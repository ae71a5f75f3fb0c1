"""A petition debated like the reference story, and the people who signed it.

Cardiff Central (old boundaries, in South Wales Central) was represented on 12 February 2025 by
Ann (Labour, constituency) and Bryn (Plaid Cymru, region); Dai (Conservative) sat for Swansea
West. The motion without amendment was defeated on counts only; amendment 1 was agreed with
every member's vote recorded; amendment 2 was deselected; the motion as amended was agreed
without objection.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from deiseb.geography.models import Constituency, Postcode
from deiseb.parliament.models import Debate, Member, Vote
from deiseb.petitions.models import Petition
from deiseb.signatures.models import Signature
from tests import worlds
from tests.factories import (
    AmendmentFactory,
    ConstituencyFactory,
    DebateFactory,
    MotionFactory,
    OpenPetitionFactory,
    PartyFactory,
    RegionFactory,
    SeatFactory,
    ValidatedSignatureFactory,
    constituency,
)

STORY_DATE = datetime.date(2025, 2, 12)


@dataclass
class Story:
    petition: Petition
    debate: Debate
    scheduled: Debate
    old: Constituency
    ann: Member
    bryn: Member
    dai: Member
    signers: dict


def build_story(extra_signers: int = 0) -> Story:
    old = ConstituencyFactory()  # Cardiff Central, 2007–2026
    Postcode.objects.get_or_create(postcode="CF101AA", constituency=old)
    new = constituency()  # Caerdydd Penarth from 7 May 2026, same postcode
    swansea = ConstituencyFactory(
        code="W09000040",
        name_en="Swansea West",
        name_cy="Gorllewin Abertawe",
        region=RegionFactory(
            code="W10000009", name_en="South Wales West", name_cy="Gorllewin De Cymru"
        ),
    )
    labour = PartyFactory(slug="labour", name_en="Welsh Labour", name_cy="Llafur Cymru")
    plaid = PartyFactory(slug="plaid", name_en="Plaid Cymru", name_cy="Plaid Cymru")
    tories = PartyFactory(
        slug="conservatives", name_en="Welsh Conservatives", name_cy="Ceidwadwyr Cymreig"
    )
    ann = SeatFactory(member__name_en="Ann Aelod", party=labour, constituency=old).member
    bryn = SeatFactory(
        member__name_en="Bryn Rhanbarth", party=plaid, constituency=None, region=old.region
    ).member
    dai = SeatFactory(member__name_en="Dai Abertawe", party=tories, constituency=swansea).member

    petition = OpenPetitionFactory(
        action_en="Hold a Wales-wide inquiry",
        action_cy="Cynnal ymchwiliad ledled Cymru",
    )
    debate = DebateFactory(
        date=STORY_DATE,
        title_en="Welsh Conservatives debate: child sexual exploitation",
        title_cy="Dadl y Ceidwadwyr Cymreig: camfanteisio rhywiol ar blant",
        opened_by=dai,
    )
    debate.petitions.add(petition)
    motion = MotionFactory(debate=debate, reference="NDM8812", mover=dai, binding=False)
    first = AmendmentFactory(motion=motion, number=1, mover=bryn)
    worlds.deselect(AmendmentFactory(motion=motion, number=2, mover=ann))
    worlds.division(motion, Vote.Question.MOTION_WITHOUT_AMENDMENT, (13, 0, 34))
    worlds.division(
        motion,
        Vote.Question.AMENDMENT,
        amendment=first,
        members={ann: Vote.Option.FOR, bryn: Vote.Option.FOR, dai: Vote.Option.AGAINST},
    )
    worlds.without_objection(motion, Vote.Question.MOTION_AS_AMENDED)
    scheduled = DebateFactory(
        date=timezone.localdate() + datetime.timedelta(days=14),
        title_en="Petition debate: school buses",
        title_cy="Dadl ar ddeiseb: bysiau ysgol",
        kind=Debate.Kind.PETITION,
    )
    scheduled.petitions.add(petition)

    def sign(name, email, **fields):
        fields.setdefault("notify_by_email", True)
        fields.setdefault("constituency", old)
        return ValidatedSignatureFactory(petition=petition, name=name, email=email, **fields)

    signers = {
        "creator": sign("Charlie Creator", "charlie@example.com", kind=Signature.Kind.CREATOR),
        # Counted under the 2026 boundaries: looked up again for the debate's date.
        "alice": sign("Alice Adams", "alice@example.com", constituency=new),
        "gwen": sign("Gwen Gymraeg", "gwen@example.com", language="cy"),
        "hal": sign("Hal Household", "hal@example.com"),
        "hana": sign("Hana Household", "hal@example.com", slot=2),
        "abroad": sign(
            "Amélie Abroad", "amelie@example.com", country_id="FR", postcode="", constituency=None
        ),
        "quiet": sign("Quentin Quiet", "quentin@example.com", notify_by_email=False),
    }
    signers["pending"] = ValidatedSignatureFactory(
        petition=petition,
        name="Pat Pending",
        email="pat@example.com",
        notify_by_email=True,
        state=Signature.State.PENDING,
        validated_at=None,
    )
    for number in range(extra_signers):
        signers[f"extra{number}"] = sign(f"Extra Signer {number}", f"extra{number}@example.com")
    return Story(petition, debate, scheduled, old, ann, bryn, dai, signers)


# Inboxes that asked for updates in the story: the household shares one.
RECIPIENTS = {
    "charlie@example.com",
    "alice@example.com",
    "gwen@example.com",
    "hal@example.com",
    "amelie@example.com",
}
