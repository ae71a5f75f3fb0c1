"""The duplicate check at creation finds the petition someone is about to write again.

Twenty pairs of an existing petition and a new one asking for the same thing in other words, some
across the two languages, among distractors on near topics. The check ranks by similarity, so no
single word of the new wording is required; the original must be among its first five for at
least 18 of the 20.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from deiseb.demo import content
from deiseb.petitions.models import Petition
from tests.factories import ClosedPetitionFactory, OpenPetitionFactory
from tests.helpers import localised

pytestmark = pytest.mark.django_db

# (original: action_en, action_cy, background_en, background_cy), the new petition's action.
PAIRS = [
    (
        (
            "Ban the sale of single-use disposable vapes in Wales",
            "Gwahardd gwerthu fêps untro yng Nghymru",
            "Disposable vapes litter our streets and attract children to nicotine.",
            "Mae fêps untro yn sbwriel ar ein strydoedd ac yn denu plant at nicotin.",
        ),
        "Stop shops selling throwaway vapes to protect young people",
    ),
    (
        (
            "Reverse the default 20mph speed limit on restricted roads",
            "Gwrthdroi'r terfyn cyflymder diofyn o 20mya ar ffyrdd cyfyngedig",
            "The blanket 20mph limit slows journeys on safe roads.",
            "Mae'r terfyn 20mya cyffredinol yn arafu teithiau ar ffyrdd diogel.",
        ),
        "Dylid dileu'r terfyn cyflymder 20mya a dychwelyd i 30mya",
    ),
    (
        (
            "Provide free school meals for all secondary school pupils",
            "Darparu prydau ysgol am ddim i bob disgybl ysgol uwchradd",
            "Primary pupils already get free meals; hunger does not wait.",
            "Mae disgyblion cynradd eisoes yn cael prydau am ddim; nid yw newyn yn aros.",
        ),
        "Extend free lunches to every pupil in secondary schools",
    ),
    (
        (
            "Fund a specialist cancer treatment centre in North Wales",
            "Ariannu canolfan trin canser arbenigol yng Ngogledd Cymru",
            "Patients travel to Liverpool or Cardiff for radiotherapy.",
            "Mae cleifion yn teithio i Lerpwl neu Gaerdydd am radiotherapi.",
        ),
        "Sefydlu canolfan ganser newydd yn y Gogledd fel nad oes rhaid teithio i Lerpwl",
    ),
    (
        (
            "Increase the number of NHS dentists taking new patients",
            "Cynyddu nifer y deintyddion GIG sy'n derbyn cleifion newydd",
            "Thousands of people cannot register with an NHS dental practice.",
            "Ni all miloedd o bobl gofrestru gyda phractis deintyddol GIG.",
        ),
        "I cannot find an NHS dentist: make practices accept new patients",
    ),
    (
        (
            "Keep Withybush Hospital's emergency department open 24 hours a day",
            "Cadw adran achosion brys Ysbyty Llwynhelyg ar agor 24 awr y dydd",
            "Pembrokeshire families would face a long drive to Carmarthen in an emergency.",
            "Byddai teuluoedd Sir Benfro yn wynebu taith hir i Gaerfyrddin mewn argyfwng.",
        ),
        "Save the A&E at Withybush hospital from closure",
    ),
    (
        (
            "Make learning Welsh free for all adults",
            "Gwneud dysgu Cymraeg yn rhad ac am ddim i bob oedolyn",
            "Course fees stop adults who want to learn the language.",
            "Mae ffioedd cyrsiau yn atal oedolion sydd am ddysgu'r iaith.",
        ),
        "Dylai gwersi Cymraeg i oedolion fod am ddim",
    ),
    (
        (
            "Stop the closure of rural bank branches",
            "Atal cau canghennau banc gwledig",
            "Older people and small businesses in villages rely on a local bank.",
            "Mae pobl hŷn a busnesau bach mewn pentrefi yn dibynnu ar fanc lleol.",
        ),
        "Protect village banks from closing down in the countryside",
    ),
    (
        (
            "Do not introduce a tourism levy on overnight stays",
            "Peidio â chyflwyno ardoll ymwelwyr ar arosiadau dros nos",
            "A charge per night on visitors will drive tourists to England.",
            "Bydd tâl y noson ar ymwelwyr yn gyrru twristiaid i Loegr.",
        ),
        "Scrap the planned visitor levy on tourists",
    ),
    (
        (
            "Reopen the Carmarthen to Aberystwyth railway line",
            "Ailagor rheilffordd Caerfyrddin i Aberystwyth",
            "The line closed in 1965 and there has been no north-south railway since.",
            "Caeodd y lein ym 1965 ac nid oes rheilffordd o'r gogledd i'r de ers hynny.",
        ),
        "Adfer y rheilffordd rhwng Aberystwyth a Chaerfyrddin",
    ),
    (
        (
            "Require all new homes to have solar panels",
            "Ei gwneud yn ofynnol i bob cartref newydd gael paneli solar",
            "Fitting panels while building is far cheaper than adding them later.",
            "Mae gosod paneli wrth adeiladu yn llawer rhatach na'u hychwanegu wedyn.",
        ),
        "New houses should be built with solar panels on the roof",
    ),
    (
        (
            "Ban the use of snares and glue traps",
            "Gwahardd defnyddio maglau a thrapiau glud",
            "Snares and glue traps kill pets and wildlife cruelly.",
            "Mae maglau a thrapiau glud yn lladd anifeiliaid anwes a bywyd gwyllt yn greulon.",
        ),
        "Make snare traps illegal to protect wildlife",
    ),
    (
        (
            "Fund mental health support in every secondary school",
            "Ariannu cymorth iechyd meddwl ym mhob ysgol uwchradd",
            "Young people wait months for help from child and adolescent services.",
            "Mae pobl ifanc yn aros misoedd am help gan wasanaethau plant a'r glasoed.",
        ),
        "Cwnselwyr iechyd meddwl ym mhob ysgol",
    ),
    (
        (
            "Scrap plans to close Bronglais Hospital's stroke unit",
            "Rhoi'r gorau i gynlluniau i gau uned strôc Ysbyty Bronglais",
            "Stroke patients in Ceredigion would have to travel to Carmarthen.",
            "Byddai cleifion strôc yng Ngheredigion yn gorfod teithio i Gaerfyrddin.",
        ),
        "Keep stroke services at Bronglais in Aberystwyth",
    ),
    (
        (
            "Hold a Wales-specific public inquiry into the handling of Covid-19",
            "Cynnal ymchwiliad cyhoeddus penodol i Gymru i'r modd yr ymdriniwyd â Covid-19",
            "The UK inquiry cannot examine every decision taken in Wales.",
            "Ni all ymchwiliad y DU archwilio pob penderfyniad a wnaed yng Nghymru.",
        ),
        "Ymchwiliad cyhoeddus i Gymru am y pandemig Covid",
    ),
    (
        (
            "Stop the sale of fireworks to the public",
            "Atal gwerthu tân gwyllt i'r cyhoedd",
            "Fireworks frighten animals and injure people every November.",
            "Mae tân gwyllt yn dychryn anifeiliaid ac yn anafu pobl bob mis Tachwedd.",
        ),
        "Only allow organised displays to use fireworks and ban private sales",
    ),
    (
        (
            "Make period products free in all public buildings",
            "Darparu nwyddau mislif am ddim ym mhob adeilad cyhoeddus",
            "Pads and tampons cost money that many women and girls do not have.",
            "Mae padiau a thamponau yn costio arian nad oes gan lawer o fenywod a merched.",
        ),
        "Free sanitary pads and tampons in libraries and leisure centres",
    ),
    (
        (
            "Plant a million trees on public land by 2030",
            "Plannu miliwn o goed ar dir cyhoeddus erbyn 2030",
            "Trees store carbon, reduce flooding and give wildlife a home.",
            "Mae coed yn storio carbon, yn lleihau llifogydd ac yn rhoi cartref i fywyd gwyllt.",
        ),
        "Plannu mwy o goed i fynd i'r afael â newid hinsawdd",
    ),
    (
        (
            "Introduce a deposit return scheme for drinks bottles and cans",
            "Cyflwyno cynllun dychwelyd ernes ar gyfer poteli a chaniau diod",
            "A small deposit paid back on return stops bottles ending up in rivers.",
            "Mae ernes fach a dalir yn ôl yn atal poteli rhag mynd i afonydd.",
        ),
        "Pay people back a deposit when they return plastic bottles",
    ),
    (
        (
            "Ensure every child can get Welsh-medium education near home",
            "Sicrhau bod pob plentyn yn gallu cael addysg cyfrwng Cymraeg yn agos i'w gartref",
            "Too many children travel long distances to Welsh-medium schools.",
            "Mae gormod o blant yn teithio'n bell i ysgolion cyfrwng Cymraeg.",
        ),
        "More Welsh medium schools so children do not travel so far",
    ),
]

# Petitions on near topics, sharing words with the pairs, that are not duplicates of them.
DISTRACTORS = [
    ("Fund more buses in rural areas", "Ariannu mwy o fysiau mewn ardaloedd gwledig"),
    (
        "Cut hospital waiting times in Betsi Cadwaladr",
        "Torri amseroedd aros ysbytai Betsi Cadwaladr",
    ),
    ("Build more council houses for local people", "Adeiladu mwy o dai cyngor i bobl leol"),
    ("Ban smoking outside school gates", "Gwahardd ysmygu y tu allan i gatiau ysgol"),
    (
        "Lower the speed limit to 10mph outside schools",
        "Gostwng y terfyn cyflymder i 10mya ger ysgolion",
    ),
    ("Fund school libraries in every county", "Ariannu llyfrgelloedd ysgol ym mhob sir"),
    ("Protect ancient woodland from new roads", "Diogelu coetir hynafol rhag ffyrdd newydd"),
    ("Cap the price of school uniforms", "Capio pris gwisg ysgol"),
    (
        "Free swimming for children in the summer holidays",
        "Nofio am ddim i blant yn ystod gwyliau'r haf",
    ),
    ("Stop the closure of public toilets", "Atal cau toiledau cyhoeddus"),
    ("Ban plastic straws and cutlery", "Gwahardd gwellt a chyllyll a ffyrc plastig"),
    ("Electrify the North Wales main line", "Trydaneiddio prif reilffordd Gogledd Cymru"),
    ("Build a new bridge across the Menai Strait", "Adeiladu pont newydd dros Afon Menai"),
    ("Give young carers a free bus pass", "Rhoi tocyn bws am ddim i ofalwyr ifanc"),
    ("Recruit more GPs in rural Wales", "Recriwtio mwy o feddygon teulu yng nghefn gwlad"),
    (
        "Protect the Welsh language in planning decisions",
        "Diogelu'r Gymraeg mewn penderfyniadau cynllunio",
    ),
    ("Fund new cancer drugs on the NHS", "Ariannu cyffuriau canser newydd ar y GIG"),
    (
        "Install defibrillators in every public building",
        "Gosod diffibrilwyr ym mhob adeilad cyhoeddus",
    ),
]


@pytest.fixture
def world():
    originals = []
    for n, ((action_en, action_cy, background_en, background_cy), _new) in enumerate(PAIRS):
        factory = ClosedPetitionFactory if n % 4 == 3 else OpenPetitionFactory
        originals.append(
            factory(
                action_en=action_en,
                action_cy=action_cy,
                background_en=background_en,
                background_cy=background_cy,
                signature_count=10 * n,
            )
        )
    for action_en, action_cy in DISTRACTORS:
        OpenPetitionFactory(action_en=action_en, action_cy=action_cy, signature_count=5000)
    return originals


def candidates(client, language, query):
    response = client.get(localised(language, "petitions:check"), {"q": query})
    assert response.status_code == 200
    return list(response.context["results"])


def test_the_check_lists_the_original_among_its_first_five(client, world):
    found = 0
    missed = []
    every_word = 0  # the list search, which requires every word, for comparison
    for original, (_text, new) in zip(world, PAIRS, strict=True):
        if original in candidates(client, "en", new)[:5]:
            found += 1
        else:
            missed.append(new)
        every_word += original in Petition.objects.published().search(new)[:5]
    print(
        f"\nduplicate check on {connection.vendor}: {found} of {len(PAIRS)} originals in the "
        f"first five (every-word search: {every_word}); missed {missed}"
    )
    assert found >= 18


def test_it_finds_a_petition_whichever_language_it_was_written_in(client, world):
    vapes, speed = world[0], world[1]
    assert candidates(client, "cy", "Gwahardd fêps untro")[0] == vapes
    assert candidates(client, "en", "Gwahardd fêps untro")[0] == vapes
    assert candidates(client, "en", "scrap the 20mph speed limit")[0] == speed


def test_no_word_of_the_new_wording_is_required(client, world):
    # "throwaway" and "shops" appear nowhere; "vapes" alone makes it a candidate.
    assert world[0] in candidates(client, "en", "Stop shops selling throwaway vapes")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigrams are PostgreSQL's pg_trgm")
def test_trigrams_catch_a_welsh_mutation(client, world):
    # "bysiau" and "fysiau" share no stem, only most of their letters.
    buses = candidates(client, "cy", "bysiau")
    assert [petition.action_en for petition in buses] == ["Fund more buses in rural areas"]


def test_it_finds_the_duplicate_the_demo_rejected(client):
    # The demo's moderator rejected this as a duplicate; the check should have shown it first.
    call_command("load_demo", "--signatures", "250", stdout=StringIO())  # texts, not a crowd
    for language, action in [("en", content.DENTISTRY_EN), ("cy", content.DENTISTRY_CY)]:
        first = candidates(client, language, "Give every child in Wales access to an NHS dentist")
        assert first[0].action_en == content.DENTISTRY_EN, language
        assert getattr(first[0], f"action_{language}") == action
    welsh = candidates(client, "cy", "Rhoi mynediad at ddeintydd GIG i bob plentyn yng Nghymru")
    assert welsh[0].action_cy == content.DENTISTRY_CY
