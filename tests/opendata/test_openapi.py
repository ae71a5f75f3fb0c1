"""/data/openapi.json is valid OpenAPI 3.1, describes every data address, and keeps up with them."""

import re

import pytest
from django.utils import translation
from openapi_spec_validator import validate

from deiseb.opendata import openapi, petitions_json
from deiseb.petitions.models import Petition
from deiseb.signatures.counting import count_signatures
from tests.factories import OpenPetitionFactory, ValidatedSignatureFactory
from tests.helpers import localised
from tests.parliament import scenario

pytestmark = pytest.mark.django_db

DATA_FILE = re.compile(r"\.(json|csv|atom)$")


def served(client):
    response = client.get("/data/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def schema(document: dict, name: str) -> dict:
    return document["components"]["schemas"][name]


def test_the_description_is_valid_openapi_3_1(client):
    document = served(client)
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_it_is_in_english_whatever_the_reader_chose(client):
    client.cookies["django_language"] = "cy"
    with translation.override("cy"):
        welsh = openapi.document()
    document = served(client)
    with translation.override("en"):
        assert document == openapi.document()
    assert document["paths"].keys() == welsh["paths"].keys()


def test_every_data_address_in_the_urlconf_is_described():
    """A new .json, .csv or .atom address with no description fails here, not in a tool."""
    described = set(openapi.document()["paths"])
    for language in ("en", "cy"):
        files = {path for path in openapi.routes(language).values() if DATA_FILE.search(path)}
        assert files - described == set(), language


def test_the_bounds_are_the_views_own():
    parameters = openapi.document()["components"]["parameters"]
    assert parameters["State"]["schema"]["enum"] == list(Petition.LISTS)
    assert parameters["PageSize"]["schema"]["minimum"] == 1
    assert str(petitions_json.MAX_COUNT) in parameters["PageSize"]["description"]
    assert parameters["HistoryBy"]["schema"]["enum"] == list(petitions_json.HISTORY_BY)


def test_every_attribute_a_petition_has_is_described_and_no_other(client):
    """Exact both ways: the fuzz test proves what is described conforms, this that it is all."""
    record = scenario.build()
    ValidatedSignatureFactory(petition=record.petition, constituency=record.old)
    open_one = OpenPetitionFactory()
    count_signatures()
    document = openapi.document()
    listed = set(schema(document, "PetitionAttributes")["properties"])
    breakdowns = set(schema(document, "PetitionDocumentAttributes")["allOf"][1]["properties"])
    item = client.get("/petitions.json").json()["data"][0]
    assert set(item) == set(schema(document, "PetitionItem")["properties"])
    assert set(item["attributes"]) == listed
    attributes = client.get(f"/petitions/{record.petition.pk}.json").json()["data"]["attributes"]
    assert set(attributes) == listed | breakdowns
    count = client.get(f"/petitions/{open_one.pk}/count.json").json()
    assert set(count) == set(schema(document, "Count")["properties"])
    for name, key in (("GovernmentResponse", "government_response"), ("Debate", "debate")):
        assert set(attributes[key]) == set(schema(document, name)["properties"]), name
    region = attributes["signatures_by_region"][0]
    assert set(region) == set(schema(document, "RegionCount")["properties"])


def test_the_page_lists_every_address_from_the_same_description(client):
    for language in ("en", "cy"):
        response = client.get(localised(language, "open_data"))
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
        page = response.content.decode()
        with translation.override(language):
            paths = openapi.document()["paths"]
        for path in paths:
            assert f"GET {path}</code>" in page, (language, path)
        assert 'href="/data/openapi.json"' in page
        assert '<script src="http' not in page
