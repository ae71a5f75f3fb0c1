"""Search that finds, on both databases: stemmed words in either language, over every public
petition from the "Sign a petition" list, and never a server error whatever is typed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deiseb.petitions.models import Petition
from tests.factories import (
    ClosedPetitionFactory,
    DebatedPetitionFactory,
    HiddenPetitionFactory,
    OpenPetitionFactory,
    PendingPetitionFactory,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def found(query):
    return list(Petition.objects.published().search(query))


def listed(client, query, language="en", **params):
    return client.get(localised(language, "petitions:list"), {"q": query, **params})


def test_it_finds_a_word_in_another_form_in_either_language():
    dentist = OpenPetitionFactory(
        action_en="Every town needs an NHS dentist",
        action_cy="Mae angen deintydd GIG ym mhob tref",
    )
    OpenPetitionFactory(action_en="Fund rural buses", action_cy="Ariannu bysiau gwledig")
    assert found("dentists") == [dentist]
    assert found("Dentistry towns") == []  # every word is required; "dentistry" is another word
    assert found("NHS dentists in towns") == [dentist]
    assert found("deintydd") == [dentist]


def test_it_searches_the_background_and_details_in_both_languages():
    petition = OpenPetitionFactory(
        action_en="Protect our coast",
        action_cy="Diogelu ein harfordir",
        background_en="Erosion threatens the cliffs at Borth.",
        background_cy="Mae erydiad yn bygwth y clogwyni.",
        additional_details_en="Sea defences were last repaired in 1990.",
        additional_details_cy="Atgyweiriwyd yr amddiffynfeydd môr ddiwethaf ym 1990.",
    )
    assert found("cliff") == [petition]
    assert found("defence repairs") == [petition]
    assert found("clogwyni") == [petition]
    assert found("amddiffynfeydd") == [petition]


def test_the_index_follows_every_change_to_the_text():
    petition = OpenPetitionFactory(action_en="Save the ferries", action_cy="Achub y fferïau")
    assert found("ferry") == [petition]
    assert found("fferiau") == [petition]  # accents folded on both databases
    Petition.objects.filter(pk=petition.pk).update(action_en="Save the lighthouses")
    assert found("ferry") == []
    assert found("lighthouse") == [petition]
    Petition.objects.filter(pk=petition.pk).update(action_cy="Achub y goleudai")
    assert found("fferiau") == []
    assert found("goleudai") == [petition]
    Petition.objects.filter(pk=petition.pk).update(signature_count=5)  # not the text
    assert found("lighthouse") == [petition]
    petition.delete()
    assert found("lighthouse") == []


def test_unpublished_petitions_are_never_found():
    PendingPetitionFactory(action_en="Secret dentists plan", action_cy="Cynllun cyfrinachol")
    HiddenPetitionFactory(action_en="Hidden dentists plan", action_cy="Cynllun cudd")
    assert found("dentists") == []
    assert found("plan") == []


@pytest.mark.parametrize(
    "query",
    [
        "dentists AND",
        "AND OR NOT",
        "dent*",
        '"dentists',
        'NEAR(dentists "town")',
        "dentists NEAR town",
        "action_en:dentists",
        "{action_en} : dentists",
        "^dentists",
        "the of and",
        "y yr a",
        "- + ( ) ' ’",
        "dentists’ town's",
    ],
)
def test_operators_and_punctuation_are_only_words(client, query):
    OpenPetitionFactory(action_en="Every town needs an NHS dentist", action_cy="Deintydd")
    assert isinstance(found(query), list)
    assert isinstance(list(Petition.objects.published().similar_to(query)), list)
    for language in ("en", "cy"):
        assert listed(client, query, language).status_code == 200
        check = client.get(localised(language, "petitions:check"), {"q": query})
        assert check.status_code == 200


def test_a_query_of_stop_words_finds_nothing_rather_than_everything():
    OpenPetitionFactory(action_en="Stop the closure of the library", action_cy="Atal cau")
    assert found("the of") == []


def test_searching_the_open_list_covers_every_public_petition_open_first(client):
    closed = ClosedPetitionFactory(
        action_en="Reopen the dentist in Tywyn", action_cy="Ailagor y deintydd", signature_count=900
    )
    debated = DebatedPetitionFactory(
        action_en="More NHS dentists", action_cy="Mwy o ddeintyddion", signature_count=9000
    )
    open_one = OpenPetitionFactory(
        action_en="Train dentists in Wales", action_cy="Hyfforddi deintyddion", signature_count=3
    )
    response = listed(client, "dentist")
    assert list(response.context["page"]) == [open_one, debated, closed]
    html = response.content.decode()
    assert "3 petitions match “dentist”." in html
    assert "2 of them are closed and can no longer be signed" in html
    assert "1 of them has been debated in the Senedd." in html


def test_another_tab_searches_only_its_own_petitions(client):
    ClosedPetitionFactory(action_en="Reopen the dentist in Tywyn", action_cy="Ailagor y deintydd")
    debated = DebatedPetitionFactory(action_en="More NHS dentists", action_cy="Mwy o ddeintyddion")
    response = listed(client, "dentist", state="debated")
    assert list(response.context["page"]) == [debated]
    assert "can no longer be signed" not in response.content.decode()


def test_only_open_matches_say_nothing_about_closed_ones(client):
    OpenPetitionFactory(action_en="Train dentists in Wales", action_cy="Hyfforddi deintyddion")
    html = listed(client, "dentists").content.decode()
    assert "1 petition matches “dentists”." in html
    assert "closed" not in html.split('role="status"')[1].split("</p>")[0]


def test_the_welsh_page_says_which_matches_are_closed(client):
    ClosedPetitionFactory(action_en="Reopen the dentist", action_cy="Ailagor y deintydd")
    response = listed(client, "deintydd", "cy")
    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def test_the_list_asks_the_same_number_of_queries_however_many_match(client):
    def queries_for(count):
        for n in range(count):
            ClosedPetitionFactory(action_en=f"Dentists for town {n}", action_cy=f"Deintydd {n}")
            OpenPetitionFactory(action_en=f"Dentists for city {n}", action_cy=f"Deintydd {n}")
        with CaptureQueriesContext(connection) as queries:
            assert listed(client, "dentists").status_code == 200
        Petition.objects.all().delete()
        return len(queries)

    assert queries_for(1) == queries_for(6)
