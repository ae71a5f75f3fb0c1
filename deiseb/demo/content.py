"""What the demo says: the reference story and a petition in every state, in both languages.

Kept apart from the builder (builder.py) so the words can be read and corrected without reading
code. Each petition says where it should end up; the builder gets it there through the same
services and lifecycle verbs a creator, signers, moderators, clerks and the scheduler use.
"""

import datetime
from dataclasses import dataclass

from deiseb.moderation.models import RejectionReason
from deiseb.parliament.models import CommitteeConsideration, Debate
from deiseb.petitions.models import Petition

State = Petition.State
DebateState = Petition.DebateState
Decision = CommitteeConsideration.Decision


@dataclass(frozen=True)
class DemoPetition:
    """One demo petition: its text, where it ends up, and when things happened (days before today).

    Whether a closed petition is referred or closed as insufficient is not said here: the
    scheduler decides it from the count, as it does for a real one.
    """

    state: str
    action_en: str = ""
    action_cy: str = ""
    background_en: str = ""
    background_cy: str = ""
    language: str = "en"
    created_days_ago: float = 0
    opened_days_ago: int | None = None
    duration_days: int = 90
    signatures: int = 0
    # Where the debate stands: SCHEDULED and NOT_DEBATED are clerks' entries, AWAITING follows
    # from reaching the debate threshold, DEBATED from the story's record.
    debate_state: str = DebateState.PENDING
    completed_days_ago: int | None = None
    archived_days_ago: int | None = None
    reason: str = ""  # rejection reason code
    details_en: str = ""
    details_cy: str = ""
    duplicate_of: str = ""  # for a duplicate: the English action of the petition it repeats
    flag_notes: str = ""
    creator_name: str = ""
    creator_pseudonym: str = ""
    story: bool = False
    # Fixed dates instead of "days ago", for a petition whose story happened on known days.
    created_on: datetime.date | None = None
    opened_on: datetime.date | None = None
    # Signers confirmed within the last hour, so the home page has something trending.
    recent: int = 0


STORY = DemoPetition(
    story=True,
    action_en=(
        "Hold a Wales-wide independent inquiry into child sexual exploitation by grooming gangs"
    ),
    # "gangiau sy'n meithrin perthynas amhriodol â phlant" (grooming gangs) does not fit in the
    # 100 characters an action may have, so the title says "gangs that sexually exploit
    # children" and the background uses the full term.
    action_cy=(
        "Cynnal ymchwiliad annibynnol ledled Cymru i gangiau sy'n camfanteisio'n rhywiol ar blant"
    ),
    background_en=(
        "I survived child sexual exploitation, and I am writing under a pseudonym. Survivors in "
        "Wales deserve to know how grooming gangs were able to operate here, who knew, and why "
        "the abuse was not stopped. A Wales-wide independent inquiry, able to hear from survivors "
        "and to require evidence from councils, the police and health services, would show the "
        "true scale of this abuse and make sure every agency learns from it."
    ),
    background_cy=(
        "Rwyf wedi goroesi camfanteisio rhywiol ar blant, ac rwy'n ysgrifennu dan ffugenw. Mae "
        "goroeswyr yng Nghymru yn haeddu gwybod sut y bu i gangiau sy'n meithrin perthynas "
        "amhriodol â phlant weithredu yma, pwy oedd yn gwybod, a pham na chafodd y cam-drin ei "
        "atal. Byddai ymchwiliad annibynnol ledled Cymru, a allai glywed gan oroeswyr a mynnu "
        "tystiolaeth gan gynghorau, yr heddlu a gwasanaethau iechyd, yn dangos gwir raddfa'r "
        "cam-drin hwn ac yn sicrhau bod pob asiantaeth yn dysgu ohono."
    ),
    creator_name="Demo Creator",
    creator_pseudonym="Emily Vaughn",
    # Published in June 2024, closed in September, referred to the Petitions Committee the next
    # day; the record below follows it into 2025.
    state=State.CLOSED,
    debate_state=DebateState.DEBATED,
    created_on=datetime.date(2024, 6, 3),
    opened_on=datetime.date(2024, 6, 12),
    duration_days=90,
)

DENTISTRY_EN = "Guarantee every child in Wales a place with an NHS dentist"
DENTISTRY_CY = "Gwarantu lle gyda deintydd GIG i bob plentyn yng Nghymru"

OTHERS = [
    DemoPetition(
        state=State.OPEN,
        action_en="Let councils restore 30mph limits on main roads through towns and villages",
        action_cy="Gadael i gynghorau adfer terfynau 30mya ar brif ffyrdd drwy drefi a phentrefi",
        background_en=(
            "Since the default speed limit on restricted roads fell to 20mph in September 2023, "
            "journeys on many main routes through our communities have become slower and buses "
            "less reliable. Councils should have clear guidance and funding to restore a 30mph "
            "limit on suitable main roads, while keeping 20mph outside schools, hospitals and "
            "play areas."
        ),
        background_cy=(
            "Ers i'r terfyn cyflymder diofyn ar ffyrdd cyfyngedig ostwng i 20mya ym mis Medi "
            "2023, mae teithiau ar lawer o brif lwybrau drwy ein cymunedau wedi mynd yn arafach "
            "ac mae bysiau'n llai dibynadwy. Dylai cynghorau gael canllawiau clir a chyllid i "
            "adfer terfyn 30mya ar brif ffyrdd addas, gan gadw 20mya y tu allan i ysgolion, "
            "ysbytai a mannau chwarae."
        ),
        created_days_ago=112,
        opened_days_ago=100,
        duration_days=150,
        # The biggest open petition, past the debate threshold: the Committee will consider it
        # for a debate.
        signatures=10_240,
        debate_state=DebateState.AWAITING,
        recent=42,
    ),
    DemoPetition(
        state=State.OPEN,
        action_en=DENTISTRY_EN,
        action_cy=DENTISTRY_CY,
        background_en=(
            "Families across Wales are being told that no NHS dentist near them is taking on new "
            "patients, and some children wait years for a check-up. The Welsh Government should "
            "fund enough NHS dental places for every child, starting in the areas with the "
            "longest waiting lists."
        ),
        background_cy=(
            "Mae teuluoedd ledled Cymru yn clywed nad oes unrhyw ddeintydd GIG yn agos atynt yn "
            "derbyn cleifion newydd, ac mae rhai plant yn aros blynyddoedd am archwiliad. Dylai "
            "Llywodraeth Cymru ariannu digon o leoedd deintyddol GIG i bob plentyn, gan ddechrau "
            "yn yr ardaloedd sydd â'r rhestrau aros hiraf."
        ),
        created_days_ago=70,
        opened_days_ago=60,
        duration_days=120,
        signatures=187,
        recent=9,
    ),
    DemoPetition(
        state=State.OPEN,
        language="cy",
        action_en="Protect rural bus services in Ceredigion, Powys and Gwynedd",
        action_cy="Diogelu gwasanaethau bysiau gwledig yng Ngheredigion, Powys a Gwynedd",
        background_en=(
            "Cuts to subsidised routes have left villages with one bus a day or none at all, "
            "cutting older and younger people off from work, college and hospital appointments. "
            "The Welsh Government should guarantee funding for rural routes while the new system "
            "of bus franchising is introduced."
        ),
        background_cy=(
            "Mae toriadau i lwybrau â chymhorthdal wedi gadael pentrefi gydag un bws y dydd neu "
            "ddim o gwbl, gan ynysu pobl hŷn a phobl ifanc oddi wrth waith, coleg ac apwyntiadau "
            "ysbyty. Dylai Llywodraeth Cymru warantu cyllid ar gyfer llwybrau gwledig tra bo'r "
            "system newydd o fasnachfreinio bysiau yn cael ei chyflwyno."
        ),
        created_days_ago=40,
        opened_days_ago=30,
        duration_days=90,
        signatures=96,
    ),
    DemoPetition(
        state=State.OPEN,
        action_en="Fund permanent flood defences for Pontypridd town centre",
        action_cy="Ariannu amddiffynfeydd llifogydd parhaol ar gyfer canol tref Pontypridd",
        background_en=(
            "Pontypridd has flooded again and again since Storm Dennis in February 2020, and "
            "businesses on Taff Street still cannot get affordable insurance. We ask the Welsh "
            "Government to fund a permanent flood defence scheme for the town centre and to "
            "publish a timetable for building it."
        ),
        background_cy=(
            "Mae Pontypridd wedi dioddef llifogydd dro ar ôl tro ers Storm Dennis ym mis "
            "Chwefror 2020, ac mae busnesau ar Stryd Taf yn dal i fethu â chael yswiriant "
            "fforddiadwy. Gofynnwn i Lywodraeth Cymru ariannu cynllun amddiffyn rhag llifogydd "
            "parhaol ar gyfer canol y dref a chyhoeddi amserlen ar gyfer ei adeiladu."
        ),
        created_days_ago=19,
        opened_days_ago=9,
        duration_days=60,
        signatures=38,
        recent=6,
    ),
    DemoPetition(
        state=State.OPEN,
        language="cy",
        action_en="Open a Welsh-medium secondary school in Monmouthshire",
        action_cy="Agor ysgol uwchradd cyfrwng Cymraeg yn Sir Fynwy",
        background_en=(
            "Children who go to Welsh-medium primary schools in Monmouthshire have to travel to "
            "another county to continue their education in Welsh, and that puts many families "
            "off. A secondary school in the county would help reach the target of a million "
            "Welsh speakers by 2050."
        ),
        background_cy=(
            "Mae'n rhaid i blant sy'n mynd i ysgolion cynradd cyfrwng Cymraeg yn Sir Fynwy "
            "deithio i sir arall i barhau â'u haddysg drwy'r Gymraeg, ac mae hynny'n digalonni "
            "llawer o deuluoedd. Byddai ysgol uwchradd yn y sir yn helpu i gyrraedd y targed o "
            "filiwn o siaradwyr Cymraeg erbyn 2050."
        ),
        created_days_ago=57,
        opened_days_ago=45,
        duration_days=180,
        signatures=131,
        recent=3,
    ),
    DemoPetition(
        # Closed at the end of yesterday: the referral decision falls due within the next day.
        state=State.CLOSED,
        action_en="Reopen the railway line between Carmarthen and Aberystwyth",
        action_cy="Ailagor y rheilffordd rhwng Caerfyrddin ac Aberystwyth",
        background_en=(
            "The line closed to passengers in 1965, leaving west Wales without a north–south rail "
            "link. A feasibility study has shown that most of the route could be rebuilt, and "
            "reopening it would connect students, patients and visitors without adding traffic "
            "to the A485."
        ),
        background_cy=(
            "Caeodd y rheilffordd i deithwyr ym 1965, gan adael gorllewin Cymru heb gyswllt "
            "rheilffordd rhwng y gogledd a'r de. Mae astudiaeth ddichonoldeb wedi dangos y "
            "gellid ailadeiladu'r rhan fwyaf o'r llwybr, a byddai ei hailagor yn cysylltu "
            "myfyrwyr, cleifion ac ymwelwyr heb ychwanegu traffig at yr A485."
        ),
        created_days_ago=103,
        opened_days_ago=91,
        duration_days=90,
        signatures=271,
    ),
    DemoPetition(
        # Referred, and the Committee asked for a debate: it is in the Senedd's business.
        state=State.CLOSED,
        debate_state=DebateState.SCHEDULED,
        action_en="Extend free school meals to every secondary school pupil in Wales",
        action_cy="Ymestyn prydau ysgol am ddim i bob disgybl ysgol uwchradd yng Nghymru",
        background_en=(
            "Every primary school pupil in Wales can now have a free school lunch, but many "
            "secondary pupils from families on low wages still go hungry because they fall just "
            "outside the rules. Extending free meals to secondary schools would end the stigma "
            "and help every young person concentrate on learning."
        ),
        background_cy=(
            "Gall pob disgybl ysgol gynradd yng Nghymru gael cinio ysgol am ddim erbyn hyn, ond "
            "mae llawer o ddisgyblion uwchradd o deuluoedd ar gyflogau isel yn dal i fynd heb "
            "fwyd am eu bod ychydig y tu allan i'r rheolau. Byddai ymestyn prydau am ddim i "
            "ysgolion uwchradd yn dileu'r stigma ac yn helpu pob person ifanc i ganolbwyntio ar "
            "ddysgu."
        ),
        created_days_ago=215,
        opened_days_ago=200,
        duration_days=180,
        signatures=612,
    ),
    DemoPetition(
        state=State.COMPLETED,
        debate_state=DebateState.NOT_DEBATED,
        completed_days_ago=120,
        action_en="Protect public libraries in Wales from closure",
        action_cy="Diogelu llyfrgelloedd cyhoeddus yng Nghymru rhag cau",
        background_en=(
            "Libraries are often the only free, warm place in town where people can use a "
            "computer, get help with forms or find books for their children. Councils facing "
            "budget cuts are reducing opening hours and closing branches, and we ask the Welsh "
            "Government to set a minimum standard of library provision for every community."
        ),
        background_cy=(
            "Llyfrgelloedd yn aml yw'r unig le cynnes ac am ddim yn y dref lle gall pobl "
            "ddefnyddio cyfrifiadur, cael help gyda ffurflenni neu ddod o hyd i lyfrau i'w plant. "
            "Mae cynghorau sy'n wynebu toriadau i'w cyllidebau yn lleihau oriau agor ac yn cau "
            "canghennau, a gofynnwn i Lywodraeth Cymru osod safon sylfaenol ar gyfer darpariaeth "
            "llyfrgelloedd ym mhob cymuned."
        ),
        created_days_ago=420,
        opened_days_ago=400,
        duration_days=120,
        signatures=418,
    ),
    DemoPetition(
        # Open for its full time, then closed as insufficient by the referral job a day later.
        state=State.REJECTED,
        reason=RejectionReason.INSUFFICIENT,
        action_en="Make swimming lessons free for every primary school child",
        action_cy="Sicrhau gwersi nofio am ddim i bob plentyn ysgol gynradd",
        background_en=(
            "Too many children leave primary school unable to swim 25 metres, and the cost of "
            "lessons puts them out of reach for many families. Free lessons through schools would "
            "help every child stay safe in the water along our coast and rivers."
        ),
        background_cy=(
            "Mae gormod o blant yn gadael yr ysgol gynradd heb allu nofio 25 metr, ac mae cost "
            "gwersi yn eu gwneud yn anfforddiadwy i lawer o deuluoedd. Byddai gwersi am ddim "
            "drwy ysgolion yn helpu pob plentyn i gadw'n ddiogel yn y dŵr ar hyd ein harfordir "
            "a'n hafonydd."
        ),
        created_days_ago=165,
        opened_days_ago=150,
        duration_days=90,
        signatures=84,
    ),
    DemoPetition(
        state=State.REJECTED,
        reason="duplicate",
        action_en="Give every child in Wales access to an NHS dentist",
        action_cy="Rhoi mynediad at ddeintydd GIG i bob plentyn yng Nghymru",
        background_en=(
            "My children have been on a waiting list for an NHS dentist for two years. No child "
            "should have to go private or go without dental care."
        ),
        background_cy=(
            "Mae fy mhlant wedi bod ar restr aros am ddeintydd GIG ers dwy flynedd. Ni ddylai "
            "unrhyw blentyn orfod talu'n breifat na mynd heb ofal deintyddol."
        ),
        details_en=(
            f"There is already a petition calling for this: “{DENTISTRY_EN}”. "
            "Please sign that petition instead."
        ),
        details_cy=(
            f"Mae deiseb eisoes yn galw am hyn: “{DENTISTRY_CY}”. "
            "Llofnodwch y ddeiseb honno yn lle hynny."
        ),
        duplicate_of=DENTISTRY_EN,
        created_days_ago=40,
    ),
    DemoPetition(
        state=State.REJECTED,
        reason="irrelevant",
        action_en="Cut the rate of VAT on household energy bills to zero",
        action_cy="Torri'r gyfradd TAW ar filiau ynni'r cartref i ddim",
        background_en=(
            "Energy bills are still far higher than before 2022, and VAT adds to the cost for "
            "every household. Removing VAT from domestic energy would give immediate help to "
            "families struggling to heat their homes."
        ),
        background_cy=(
            "Mae biliau ynni yn dal yn llawer uwch nag yr oeddent cyn 2022, ac mae TAW yn "
            "ychwanegu at y gost i bob aelwyd. Byddai dileu TAW ar ynni domestig yn rhoi cymorth "
            "ar unwaith i deuluoedd sy'n ei chael hi'n anodd gwresogi eu cartrefi."
        ),
        details_en=(
            "VAT is set by the UK Parliament and HM Treasury, not by the Senedd or the Welsh "
            "Government. You could petition the UK Parliament instead."
        ),
        details_cy=(
            "Senedd y DU a Thrysorlys EF sy'n pennu TAW, nid y Senedd na Llywodraeth Cymru. "
            "Gallech gyflwyno deiseb i Senedd y DU yn lle hynny."
        ),
        created_days_ago=25,
    ),
    DemoPetition(
        # Never published, so never translated; the abusive original is not reproduced.
        state=State.HIDDEN,
        reason="offensive",
        action_en="Ban day-trippers from a neighbouring town from our beaches",
        background_en=(
            "Demo data: the original background used abusive language about the people of a "
            "named town, so it is not reproduced here."
        ),
        details_en="The background contained abusive language about the people of a named town.",
        details_cy="Roedd y cefndir yn cynnwys iaith sarhaus am bobl tref a enwir.",
        created_days_ago=14,
        archived_days_ago=7,  # nothing more will happen to it
    ),
    DemoPetition(
        state=State.FLAGGED,
        action_en="Ban the sale of high-caffeine energy drinks to children under 16",
        action_cy="Gwahardd gwerthu diodydd egni â llawer o gaffein i blant dan 16 oed",
        background_en=(
            "Energy drinks with more caffeine than two cups of coffee are sold cheaply to "
            "children in shops across Wales. Teachers say they affect pupils' sleep, "
            "concentration and behaviour, and a legal age limit would back up the voluntary bans "
            "many shops already have."
        ),
        background_cy=(
            "Mae diodydd egni sy'n cynnwys mwy o gaffein na dau gwpanaid o goffi yn cael eu "
            "gwerthu'n rhad i blant mewn siopau ledled Cymru. Mae athrawon yn dweud eu bod yn "
            "effeithio ar gwsg, canolbwyntio ac ymddygiad disgyblion, a byddai terfyn oedran "
            "cyfreithiol yn atgyfnerthu'r gwaharddiadau gwirfoddol sydd gan lawer o siopau "
            "eisoes."
        ),
        flag_notes=(
            "Second look: check with the clerks whether the Welsh Government's own plans for an "
            "age limit already cover this before we publish."
        ),
        created_days_ago=9,
    ),
    DemoPetition(
        # English only: a moderator has to supply the Welsh before it can be published.
        state=State.SPONSORED,
        action_en="Put a public-access defibrillator within reach of every village in Wales",
        background_en=(
            "When someone's heart stops, every minute without CPR and a defibrillator cuts their "
            "chance of survival. Many rural villages have no defibrillator within a few minutes' "
            "walk, and community groups struggle to pay for them and keep them maintained."
        ),
        created_days_ago=5,
    ),
    DemoPetition(
        state=State.SPONSORED,
        language="cy",
        action_en="Require all new homes in Wales to be built with solar panels",
        action_cy="Ei gwneud yn ofynnol i bob cartref newydd yng Nghymru gael paneli solar",
        background_en=(
            "Homes built today will still be standing in 2100, yet most are finished without the "
            "solar panels that would cut bills and carbon emissions. Fitting panels while a "
            "house is built costs far less than adding them later, so building regulations "
            "should require them."
        ),
        background_cy=(
            "Bydd cartrefi a adeiledir heddiw yn dal i sefyll yn 2100, ond mae'r rhan fwyaf yn "
            "cael eu gorffen heb y paneli solar a fyddai'n torri biliau ac allyriadau carbon. "
            "Mae gosod paneli wrth adeiladu tŷ yn costio llawer llai na'u hychwanegu yn nes "
            "ymlaen, felly dylai'r rheoliadau adeiladu eu gwneud yn ofynnol."
        ),
        created_days_ago=3,
    ),
    DemoPetition(
        # Written in Welsh, one supporter confirmed of the two needed.
        state=State.VALIDATED,
        language="cy",
        action_cy="Cyflwyno tocyn bws £1 i bobl ifanc dan 22 oed ledled Cymru",
        background_cy=(
            "Mae pobl ifanc yn dibynnu ar fysiau i gyrraedd yr ysgol, y coleg a'u swyddi cyntaf, "
            "ond mae tocynnau'n ddrud ac mae'r pris yn amrywio o sir i sir. Byddai tocyn sengl "
            "£1 i bawb dan 22 oed yn eu helpu i fod yn annibynnol ac yn annog arferion teithio "
            "gwyrddach."
        ),
        created_days_ago=2,
    ),
    DemoPetition(
        # The creator has not clicked the confirmation link yet.
        state=State.PENDING,
        action_en="Fund a 24-hour mental health crisis café in every health board area",
        background_en=(
            "People in a mental health crisis at night often have nowhere to go but A&E. Crisis "
            "cafés run with the NHS and local charities give them somewhere safe to talk, and "
            "every health board should have at least one open around the clock."
        ),
        created_days_ago=0.08,
    ),
]


# The debate the free school meals petition is scheduled for: a Wednesday (plenary day) about a
# fortnight ahead, titled as the Senedd titles petition debates.
SCHEDULED_DEBATE_DAYS_AHEAD = 14
SCHEDULED_DEBATE_TITLE_EN = "Petition debate: {action}"
SCHEDULED_DEBATE_TITLE_CY = "Dadl ar ddeiseb: {action}"


# -- The record that follows the story petition ---------------------------------------------------
#
# What PRODUCT.md's story gives: the Welsh Conservatives' debate of Wednesday 12 February 2025,
# opened by Altaf Hussain MS; the motion without amendment defeated 13 for, 34 against; Plaid
# Cymru's amendment agreed unanimously; the response of Jane Hutt MS. The wording of the motion,
# amendment, committee minutes and response below is written for the demo, not quoted from the
# Record of Proceedings. Two assumptions, said here so nobody mistakes them for sources:
#   * "unanimously" is taken as the same 47 members voting, all for (47, 0, 0);
#   * the vote on the motion as amended is not in the story, so it is not recorded: inventing
#     its counts, or calling it agreed without objection, would be inventing the record.
# Member-by-member votes for this debate are not in our data either, so every vote is counts
# only (members_recorded is false) and the debate page says the member list is not recorded.

# Senedd member ids of the people the story names (from the February 2025 snapshot).
ALTAF_HUSSAIN = 543
DARREN_MILLAR = 171
JANE_HUTT = 156
SIONED_WILLIAMS = 8670
ANDREW_RT_DAVIES = 143
LEE_WATERS = 4978
JANE_DODDS = 4983
ELIN_JONES = 162

# When the open data directory (or the geography in it) is missing, the demo creates only these
# members, their parties and the areas they sat for, as typed facts in the files' own shape.
STORY_PARTIES = [
    {"slug": "welsh-labour", "name_en": "Welsh Labour", "name_cy": "Llafur Cymru",
     "colour": "#E4003B"},
    {"slug": "welsh-conservative", "name_en": "Welsh Conservative Party",
     "name_cy": "Ceidwadwyr Cymreig", "colour": "#0087DC"},
    {"slug": "plaid-cymru", "name_en": "Plaid Cymru", "name_cy": "Plaid Cymru",
     "colour": "#008672"},
    {"slug": "welsh-liberal-democrats", "name_en": "Welsh Liberal Democrats",
     "name_cy": "Democratiaid Rhyddfrydol Cymru", "colour": "#FF6400"},
]  # fmt: skip
STORY_REGIONS = [  # code, English, Welsh
    ("W10000001", "North Wales", "Gogledd Cymru"),
    ("W10000006", "Mid and West Wales", "Canolbarth a Gorllewin Cymru"),
    ("W10000007", "South Wales Central", "Canol De Cymru"),
    ("W10000009", "South Wales West", "Gorllewin De Cymru"),
]
STORY_CONSTITUENCIES = [  # code, English, Welsh, region
    ("W09000004", "Clwyd West", "Gorllewin Clwyd", "W10000001"),
    ("W09000012", "Ceredigion", "Ceredigion", "W10000006"),
    ("W09000017", "Llanelli", "Llanelli", "W10000006"),
    ("W09000047", "Vale of Glamorgan", "Bro Morgannwg", "W10000007"),
]


def _member(senedd_id, name, party, seat_type, code, titles, page):
    return {
        "senedd_id": str(senedd_id),
        "name": name,
        "party_en": party,
        "seat_type": seat_type,
        "constituency_code": code if seat_type == "constituency" else "",
        "region_code": code if seat_type == "region" else "",
        "titles_en": titles,
        "url_en": f"https://senedd.wales/people/{page}-ms/",
        "url_cy": f"https://senedd.cymru/pobl/{page}-as/",
    }


STORY_MEMBERS = [
    _member(ALTAF_HUSSAIN, "Altaf Hussain", "Welsh Conservative", "region", "W10000009", "",
            "altaf-hussain"),
    _member(DARREN_MILLAR, "Darren Millar", "Welsh Conservative", "constituency", "W09000004",
            "Leader of the Opposition", "darren-millar"),
    _member(JANE_HUTT, "Jane Hutt", "Welsh Labour", "constituency", "W09000047",
            "Cabinet Secretary for Social Justice, Trefnydd and Chief Whip", "jane-hutt"),
    _member(SIONED_WILLIAMS, "Sioned Williams", "Plaid Cymru", "region", "W10000009", "",
            "sioned-williams"),
    _member(ANDREW_RT_DAVIES, "Andrew RT Davies", "Welsh Conservative", "region", "W10000007",
            "", "andrew-rt-davies"),
    _member(LEE_WATERS, "Lee Waters", "Welsh Labour", "constituency", "W09000017", "",
            "lee-waters"),
    _member(JANE_DODDS, "Jane Dodds", "Welsh Liberal Democrats", "region", "W10000006", "",
            "jane-dodds"),
    _member(ELIN_JONES, "Elin Jones", "Plaid Cymru", "constituency", "W09000012", "Llywydd",
            "elin-jones"),
]  # fmt: skip


@dataclass(frozen=True)
class Consideration:
    meeting_date: datetime.date
    decision: str
    text_en: str
    text_cy: str


COMMITTEE = [
    Consideration(
        datetime.date(2024, 10, 7),
        Decision.WRITE_TO_MINISTER,
        "The Committee considered the petition for the first time and agreed to write to the "
        "Cabinet Secretary for Social Justice to ask for the Welsh Government's view, including "
        "how survivors of child sexual exploitation are supported in Wales.",
        "Ystyriodd y Pwyllgor y ddeiseb am y tro cyntaf a chytunodd i ysgrifennu at "
        "Ysgrifennydd y Cabinet dros Gyfiawnder Cymdeithasol i ofyn am farn Llywodraeth Cymru, "
        "gan gynnwys sut y caiff goroeswyr camfanteisio rhywiol ar blant eu cefnogi yng Nghymru.",
    ),
    Consideration(
        datetime.date(2025, 1, 27),
        Decision.AWAIT_RESPONSE,
        "The Committee noted that the Welsh Conservatives have tabled a debate on this subject "
        "for 12 February 2025, and agreed to await the outcome of the debate and the Welsh "
        "Government's full response before deciding what to do next.",
        "Nododd y Pwyllgor fod y Ceidwadwyr Cymreig wedi cyflwyno dadl ar y pwnc hwn ar gyfer 12 "
        "Chwefror 2025, a chytunodd i aros am ganlyniad y ddadl ac ymateb llawn Llywodraeth "
        "Cymru cyn penderfynu beth i'w wneud nesaf.",
    ),
    Consideration(
        datetime.date(2025, 3, 24),
        Decision.WRITE_TO_MINISTER,
        "The Committee considered the Welsh Government's response and the outcome of the debate, "
        "and agreed to write to the Cabinet Secretary asking to be told the findings of the "
        "national audit as they affect Wales, and the timetable for the ten-year strategy.",
        "Ystyriodd y Pwyllgor ymateb Llywodraeth Cymru a chanlyniad y ddadl, a chytunodd i "
        "ysgrifennu at Ysgrifennydd y Cabinet yn gofyn am gael gwybod canfyddiadau'r archwiliad "
        "cenedlaethol fel y maent yn effeithio ar Gymru, a'r amserlen ar gyfer y strategaeth "
        "deng mlynedd.",
    ),
]

RESPONSE_DATE = datetime.date(2025, 3, 5)
RESPONSE_SUMMARY_EN = (
    "The Welsh Government will implement the recommendations of the 2022 report of the "
    "Independent Inquiry into Child Sexual Abuse, consult on a ten-year strategy, and take part "
    "in the national audit of group-based child sexual exploitation."
)
RESPONSE_SUMMARY_CY = (
    "Bydd Llywodraeth Cymru yn gweithredu argymhellion adroddiad 2022 yr Ymchwiliad Annibynnol "
    "i Gam-drin Plant yn Rhywiol, yn ymgynghori ar strategaeth deng mlynedd, ac yn cymryd rhan "
    "yn yr archwiliad cenedlaethol o gamfanteisio rhywiol ar blant gan grwpiau."
)
RESPONSE_TEXT_EN = """\
Thank you for your letter about this petition. Every survivor of child sexual abuse and \
exploitation deserves to be heard, believed and supported.

We are implementing the recommendations of the Independent Inquiry into Child Sexual Abuse, \
whose final report was published in 2022, that fall to the Welsh Government, and we are working \
with the UK Government on those that are not devolved.

We will consult on a ten-year strategy for preventing and responding to child sexual abuse in \
Wales, developed with survivors, so that councils, the police, health services and schools work \
to the same plan.

We will also take part in the national audit of group-based child sexual exploitation, so that \
its findings on the scale and nature of this abuse cover Wales. We will then consider, with \
survivors and our partners, whether further inquiry is needed."""
RESPONSE_TEXT_CY = """\
Diolch am eich llythyr am y ddeiseb hon. Mae pob un sydd wedi goroesi cam-drin a chamfanteisio \
rhywiol ar blant yn haeddu cael ei glywed, ei gredu a'i gefnogi.

Rydym yn gweithredu'r argymhellion sy'n gyfrifoldeb i Lywodraeth Cymru o blith argymhellion yr \
Ymchwiliad Annibynnol i Gam-drin Plant yn Rhywiol, a gyhoeddodd ei adroddiad terfynol yn 2022, \
ac rydym yn gweithio gyda Llywodraeth y DU ar y rhai nad ydynt wedi'u datganoli.

Byddwn yn ymgynghori ar strategaeth deng mlynedd i atal cam-drin plant yn rhywiol yng Nghymru \
ac ymateb iddo, wedi'i datblygu gyda goroeswyr, fel bod cynghorau, yr heddlu, gwasanaethau \
iechyd ac ysgolion yn gweithio i'r un cynllun.

Byddwn hefyd yn cymryd rhan yn yr archwiliad cenedlaethol o gamfanteisio rhywiol ar blant gan \
grwpiau, fel bod ei ganfyddiadau am raddfa a natur y cam-drin hwn yn cynnwys Cymru. Yna byddwn \
yn ystyried, gyda goroeswyr a'n partneriaid, a oes angen ymchwiliad pellach."""

DEBATE_DATE = datetime.date(2025, 2, 12)
DEBATE_KIND = Debate.Kind.OPPOSITION
DEBATE_TITLE_EN = "Welsh Conservatives Debate: Child sexual exploitation by grooming gangs"
DEBATE_TITLE_CY = (
    "Dadl y Ceidwadwyr Cymreig: Camfanteisio rhywiol ar blant gan gangiau sy'n meithrin "
    "perthynas amhriodol â phlant"
)
MOTION_REFERENCE = "NDM8812"
MOTION_TEXT_EN = """\
To propose that the Senedd:

1. Notes the findings of the Independent Inquiry into Child Sexual Abuse on the sexual \
exploitation of children by organised networks.

2. Believes that survivors in Wales deserve to know the full extent of child sexual \
exploitation by grooming gangs.

3. Calls on the Welsh Government to establish a Wales-wide independent inquiry into child \
sexual exploitation by grooming gangs."""
MOTION_TEXT_CY = """\
Cynnig bod y Senedd:

1. Yn nodi canfyddiadau'r Ymchwiliad Annibynnol i Gam-drin Plant yn Rhywiol ynghylch \
camfanteisio rhywiol ar blant gan rwydweithiau trefnedig.

2. Yn credu bod goroeswyr yng Nghymru yn haeddu gwybod gwir raddfa camfanteisio rhywiol ar \
blant gan gangiau sy'n meithrin perthynas amhriodol â phlant.

3. Yn galw ar Lywodraeth Cymru i sefydlu ymchwiliad annibynnol ledled Cymru i gamfanteisio \
rhywiol ar blant gan gangiau sy'n meithrin perthynas amhriodol â phlant."""
AMENDMENT_TEXT_EN = """\
Delete point 3 and replace with:

Calls on the Welsh Government to commission first an all-Wales audit of the scale and nature of \
gang-based child sexual exploitation, and to report its findings to the Senedd."""
AMENDMENT_TEXT_CY = """\
Dileu pwynt 3 a rhoi yn ei le:

Yn galw ar Lywodraeth Cymru i gomisiynu yn gyntaf archwiliad Cymru gyfan o raddfa a natur \
camfanteisio rhywiol ar blant gan gangiau, ac i adrodd ei ganfyddiadau i'r Senedd."""
# (question, counts for / abstain / against), in the order put.
VOTES = [
    ("motion_without_amendment", (13, 0, 34)),
    ("amendment", (47, 0, 0)),
]
