"""A small Senedd for the public pages and open data tests, its votes recorded by the services.

Cardiff Central (old boundaries, in South Wales Central) and Caerdydd Penarth (from 7 May 2026);
five members across three parties; a debate like the reference story (counts only), a tied
government debate decided by the Presiding Officer's casting vote with every member's vote
recorded, a debate after the 2026 election, and one still to come.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from deiseb.geography.models import Constituency, Country, Postcode
from deiseb.parliament.models import (
    Amendment,
    CommitteeConsideration,
    Debate,
    GovernmentResponse,
    Member,
    Motion,
    Party,
    Vote,
)
from tests import worlds
from tests.factories import (
    AmendmentFactory,
    ClosedPetitionFactory,
    ConstituencyFactory,
    DebateFactory,
    MemberFactory,
    MotionFactory,
    PartyFactory,
    PetitionFactory,
    RoleFactory,
    SeatFactory,
    TermFactory,
    constituency,
)

OLD_FROM = datetime.date(2007, 5, 3)
OLD_TO = datetime.date(2026, 5, 6)
NEW_FROM = datetime.date(2026, 5, 7)
STORY_DATE = datetime.date(2025, 2, 12)
TIED_DATE = datetime.date(2025, 3, 5)
NEW_TERM_DATE = datetime.date(2026, 6, 10)

STORY_TEXT_EN = "To propose that the Senedd calls for a Wales-wide independent inquiry."
STORY_TEXT_CY = "Cynnig bod y Senedd yn galw am ymchwiliad annibynnol ledled Cymru."


@dataclass
class Record:
    petition: object
    hidden_petition: object
    labour: Party
    conservative: Party
    plaid: Party
    ann: Member  # Labour, Cardiff Central, then Caerdydd Penarth
    bryn: Member  # Plaid, South Wales Central region
    ceri: Member  # Conservative, South Wales Central region; opens the story debate
    dai: Member  # Conservative, Swansea West: not a member for Cardiff
    elin: Member  # Plaid, the Presiding Officer
    old: Constituency
    new: Constituency
    story: Debate
    tied: Debate
    later: Debate
    scheduled: Debate
    motion: Motion
    amendment_1: Amendment
    amendment_2: Amendment
    without_amendment: Vote
    on_amendment: Vote
    as_amended: Vote
    tied_vote: Vote
    later_vote: Vote


def geography():
    Country.objects.get_or_create(
        code=Country.WALES, defaults={"name_en": "Wales", "name_cy": "Cymru"}
    )
    old = ConstituencyFactory()  # Cardiff Central, in South Wales Central
    swansea = ConstituencyFactory(
        code="W09000022", name_en="Swansea West", name_cy="Gorllewin Abertawe", region=None
    )
    Postcode.objects.create(postcode="CF101AA", constituency=old)
    new = constituency()  # Caerdydd Penarth from 7 May 2026, also at CF10 1AA
    Postcode.objects.create(postcode="SA11AA", constituency=swansea)
    return old.region, old, swansea, new


def member(slug, name_en, senedd_id) -> Member:
    return MemberFactory(
        slug=slug,
        name_en=name_en,
        senedd_id=senedd_id,
        url_en=f"https://senedd.wales/people/{slug}/",
        url_cy=f"https://senedd.cymru/pobl/{slug}/",
    )


def build() -> Record:
    region, old, swansea, new = geography()
    sixth = TermFactory(start_date=datetime.date(2021, 5, 7))
    seventh = TermFactory(
        number=7,
        name_en="Seventh Senedd",
        name_cy="Seithfed Senedd",
        start_date=NEW_FROM,
        end_date=None,
    )
    labour = PartyFactory(
        slug="welsh-labour", name_en="Welsh Labour", name_cy="Llafur Cymru", colour="#E4003B"
    )
    conservative = PartyFactory(
        slug="welsh-conservative",
        name_en="Welsh Conservative Party",
        name_cy="Ceidwadwyr Cymreig",
        colour="#0087DC",
    )
    plaid = PartyFactory(
        slug="plaid-cymru", name_en="Plaid Cymru", name_cy="Plaid Cymru", colour="#008672"
    )
    ann = member("ann-jones", "Ann Jones", senedd_id=101)
    bryn = member("bryn-owen", "Bryn Owen", senedd_id=102)
    ceri = member("ceri-hughes", "Ceri Hughes", senedd_id=103)
    dai = member("dai-morgan", "Dai Morgan", senedd_id=104)
    elin = member("elin-jones", "Elin Jones", senedd_id=105)
    eluned = member("eluned-price", "Eluned Price", senedd_id=106)
    listed = {"constituency": None, "region": region}
    SeatFactory(term=sixth, member=ann, party=labour, constituency=old)
    SeatFactory(term=sixth, member=bryn, party=plaid, **listed)
    SeatFactory(term=sixth, member=ceri, party=conservative, **listed)
    SeatFactory(term=sixth, member=dai, party=conservative, constituency=swansea)
    SeatFactory(term=sixth, member=elin, party=plaid, **listed)
    SeatFactory(term=seventh, member=ann, party=labour, constituency=new)
    SeatFactory(term=seventh, member=eluned, party=conservative, constituency=new)
    RoleFactory(
        member=ann,
        title_en="Cabinet Secretary for Social Justice",
        title_cy="Ysgrifennydd y Cabinet dros Gyfiawnder Cymdeithasol",
        start_date=datetime.date(2024, 3, 21),
        end_date=OLD_TO,
    )
    RoleFactory(
        member=elin,
        title_en="Presiding Officer",
        title_cy="Llywydd",
        start_date=datetime.date(2021, 5, 12),
    )

    petition = ClosedPetitionFactory(
        action_en="Hold a Wales-wide inquiry into child sexual exploitation",
        action_cy="Cynnal ymchwiliad ledled Cymru i gamfanteisio'n rhywiol ar blant",
    )
    hidden = PetitionFactory(action_en="A petition still in moderation", action_cy="Deiseb gudd")
    CommitteeConsideration.objects.create(
        petition=petition,
        meeting_date=datetime.date(2024, 11, 18),
        decision=CommitteeConsideration.Decision.SEEK_DEBATE,
        text_en="The Committee agreed to seek a debate.",
        text_cy="Cytunodd y Pwyllgor i geisio dadl.",
    )
    GovernmentResponse.objects.create(
        petition=petition,
        responded_on=datetime.date(2025, 1, 20),
        member=ann,
        summary_en="We will consult on a ten-year strategy.",
        summary_cy="Byddwn yn ymgynghori ar strategaeth deng mlynedd.",
        text_en="Full response.",
        text_cy="Ymateb llawn.",
    )

    story = DebateFactory(
        date=STORY_DATE,
        title_en="Welsh Conservatives Debate: Grooming gangs",
        title_cy="Dadl y Ceidwadwyr Cymreig: Gangiau meithrin perthynas amhriodol",
        kind=Debate.Kind.OPPOSITION,
        opened_by=ceri,
    )
    story.petitions.add(petition, hidden)
    motion = MotionFactory(
        debate=story,
        reference="NDM8812",
        mover=ceri,
        text_en=STORY_TEXT_EN,
        text_cy=STORY_TEXT_CY,
        binding=False,
    )
    motion.cosignatories.add(dai)
    # Created out of order, so the page's order comes from the numbers and positions.
    amendment_2 = worlds.deselect(
        AmendmentFactory(
            motion=motion, number=2, mover=ann, text_en="Delete point 3.", text_cy="Dileu pwynt 3."
        )
    )
    amendment_1 = AmendmentFactory(
        motion=motion,
        number=1,
        mover=bryn,
        text_en="Add an all-Wales audit first.",
        text_cy="Ychwanegu archwiliad Cymru gyfan yn gyntaf.",
    )
    on_amendment = worlds.division(
        motion, Vote.Question.AMENDMENT, (47, 0, 0), position=2, amendment=amendment_1
    )
    without_amendment = worlds.division(
        motion, Vote.Question.MOTION_WITHOUT_AMENDMENT, (13, 0, 34), position=1
    )
    as_amended = worlds.without_objection(motion, Vote.Question.MOTION_AS_AMENDED, position=3)

    tied = DebateFactory(
        date=TIED_DATE,
        title_en="Government debate: Bus services",
        title_cy="Dadl y llywodraeth: Gwasanaethau bysiau",
        kind=Debate.Kind.GOVERNMENT,
        opened_by=ann,
    )
    tied_motion = MotionFactory(
        debate=tied,
        reference="NDM8900",
        mover=ann,
        text_en="The Senedd approves the bus plan.",
        text_cy="Mae'r Senedd yn cymeradwyo'r cynllun bysiau.",
        binding=True,
    )
    tied_vote = worlds.division(
        tied_motion,
        Vote.Question.MOTION,
        (2, 1, 2),
        members={
            ann: Vote.Option.FOR,
            bryn: Vote.Option.FOR,
            ceri: Vote.Option.AGAINST,
            dai: Vote.Option.AGAINST,
            elin: Vote.Option.ABSTAIN,
        },
        casting=(Vote.Option.AGAINST, elin),
    )

    later = DebateFactory(
        date=NEW_TERM_DATE,
        title_en="Member debate: Libraries",
        title_cy="Dadl aelodau: Llyfrgelloedd",
        kind=Debate.Kind.MEMBER,
        opened_by=eluned,
    )
    later_motion = MotionFactory(
        debate=later,
        reference="NDM9001",
        mover=eluned,
        text_en="Keep libraries open.",
        text_cy="Cadw llyfrgelloedd ar agor.",
    )
    later_vote = worlds.division(
        later_motion, Vote.Question.MOTION, members={eluned: Vote.Option.FOR}
    )

    scheduled = DebateFactory(
        date=timezone.localdate() + datetime.timedelta(days=30),
        title_en="Petition debate: Inquiry",
        title_cy="Dadl ar ddeiseb: Ymchwiliad",
        kind=Debate.Kind.PETITION,
    )
    scheduled.petitions.add(petition)

    return Record(
        petition=petition,
        hidden_petition=hidden,
        labour=labour,
        conservative=conservative,
        plaid=plaid,
        ann=ann,
        bryn=bryn,
        ceri=ceri,
        dai=dai,
        elin=elin,
        old=old,
        new=new,
        story=story,
        tied=tied,
        later=later,
        scheduled=scheduled,
        motion=motion,
        amendment_1=amendment_1,
        amendment_2=amendment_2,
        without_amendment=without_amendment,
        on_amendment=on_amendment,
        as_amended=as_amended,
        tied_vote=tied_vote,
        later_vote=later_vote,
    )
