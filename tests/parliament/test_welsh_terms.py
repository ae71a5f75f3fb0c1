"""The record's words as the Senedd writes them (GLOSSARY-cy.md C2 and C8), in both languages."""

import pytest
from django.utils import translation

from deiseb.parliament import services
from deiseb.parliament.models import Debate, Vote
from deiseb.parliament.wording import casting_vote_text, outcome, with_casting_office
from deiseb.petitions.models import Petition
from tests.factories import RoleFactory
from tests.helpers import localised
from tests.parliament import scenario
from tests.parliament.chamber import chamber

pytestmark = pytest.mark.django_db


@pytest.fixture
def senedd():
    return chamber()


def tie(senedd, member, option):
    return services.record_division(
        Vote(
            motion=senedd.motion,
            question=Vote.Question.MOTION_WITHOUT_AMENDMENT,
            position=1,
            for_count=20,
            abstain_count=0,
            against_count=20,
            casting_vote=option,
            casting_member=member,
        )
    )


def in_both(function, *args):
    with translation.override("en"):
        english = function(*args)
    with translation.override("cy"):
        welsh = function(*args)
    return english, welsh


def test_an_opposition_debate_is_named_without_the_party_of_the_opposition_party():
    """ "Plaid yr wrthblaid" said "party of the opposition party"; gwrthblaid already is one."""
    english, welsh = in_both(lambda: str(Debate.Kind.OPPOSITION.label))
    assert english == "Opposition debate"
    assert welsh == "Dadl gwrthblaid"


def test_the_llywydds_casting_vote_names_the_presiding_officer(senedd):
    vote = tie(senedd, senedd.llywydd, Vote.Option.AGAINST)
    english, welsh = in_both(casting_vote_text, vote)
    name_en, name_cy = in_both(lambda: senedd.llywydd.name)
    assert english == f"The Presiding Officer, {name_en}, used a casting vote against."
    assert welsh == f"Defnyddiodd y Llywydd, {name_cy}, bleidlais fwrw yn erbyn."


@pytest.mark.parametrize(
    ("option", "english_end", "welsh_end"),
    [
        (Vote.Option.FOR, "used a casting vote in favour.", "bleidlais fwrw o blaid."),
        (Vote.Option.AGAINST, "used a casting vote against.", "bleidlais fwrw yn erbyn."),
    ],
)
def test_a_deputys_casting_vote_names_the_deputy_presiding_officer(
    senedd, option, english_end, welsh_end
):
    deputy = senedd["bob"]
    RoleFactory(
        member=deputy,
        title_en="Deputy Presiding Officer",
        title_cy="Dirprwy Lywydd",
        start_date=senedd.term.start_date,
    )
    vote = tie(senedd, deputy, option)
    english, welsh = in_both(outcome, vote)
    name_en, name_cy = in_both(lambda: deputy.name)
    assert english.endswith(f". The Deputy Presiding Officer, {name_en}, {english_end}")
    assert welsh.endswith(f". Defnyddiodd y Dirprwy Lywydd, {name_cy}, {welsh_end}")
    assert "y Llywydd" not in welsh


def test_pages_read_the_office_from_the_votes_own_query(senedd, django_assert_num_queries):
    """The annotated queryset of the pages, feeds and emails gives the words without a query."""
    deputy = senedd["bob"]
    RoleFactory(
        member=deputy,
        title_en="Deputy Presiding Officer",
        title_cy="Dirprwy Lywydd",
        start_date=senedd.term.start_date,
    )
    tie(senedd, deputy, Vote.Option.FOR)
    vote = with_casting_office(
        Vote.objects.select_related("motion__debate", "casting_member")
    ).get()
    with django_assert_num_queries(0), translation.override("cy"):
        assert casting_vote_text(vote).startswith("Defnyddiodd y Dirprwy Lywydd, ")


def test_the_welsh_debate_page_names_an_opposition_debate_as_the_glossary_does(client):
    record = scenario.build()
    html = client.get(localised("cy", "parliament:debate", record.story.pk)).content.decode()
    assert "Dadl gwrthblaid" in html
    assert "plaid yr wrthblaid" not in html


def test_debated_has_one_welsh_name_on_the_list_the_timeline_and_the_state(client):
    """Plenary debate is "cynnal dadl"; "trafod" reads as a committee considering it (C6)."""
    record = scenario.build()
    timeline = client.get(localised("cy", "petitions:detail", record.petition.pk)).content.decode()
    listing = client.get(localised("cy", "petitions:list") + "?state=debated").content.decode()
    assert "Cynhaliwyd dadl yn y Senedd" in timeline
    heading = listing.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "Cynhaliwyd dadl yn y Senedd" in heading
    for html in (timeline, listing):
        assert "Trafodwyd yn y Senedd" not in html
        assert "Wedi&#x27;u trafod yn y Senedd" not in html
    with translation.override("cy"):
        assert str(Petition.DebateState.DEBATED.label) == "Cynhaliwyd dadl"
