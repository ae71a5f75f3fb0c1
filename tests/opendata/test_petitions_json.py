"""/petitions.json and /petitions/<id>.json keep petition.parliament.uk's shape, field by field."""

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deiseb.geography.models import Country
from deiseb.parliament.paper import record_paper_petition
from deiseb.signatures.counting import count_signatures
from tests.factories import (
    ClosedPetitionFactory,
    CompletedPetitionFactory,
    FlaggedPetitionFactory,
    HiddenPetitionFactory,
    OpenPetitionFactory,
    PendingPetitionFactory,
    RejectedPetitionFactory,
    ValidatedSignatureFactory,
    clerk,
)
from tests.parliament import scenario

pytestmark = pytest.mark.django_db

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "petition_json.json").read_text())
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
KINDS = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "time": lambda v: isinstance(v, str) and TIME.match(v),
    "date": lambda v: isinstance(v, str) and DATE.match(v),
    "url": lambda v: isinstance(v, str) and v.startswith(("http://", "https://")),
    "object": lambda v: isinstance(v, dict),
    "list": lambda v: isinstance(v, list),
}


def conforms(value, spec: str) -> bool:
    return any(value is None if kind == "null" else KINDS[kind](value) for kind in spec.split("|"))


def assert_shape(obj: dict, specs: dict, where: str):
    """Every key the fixture names is present, and holds what it says: tools index blindly."""
    for key, spec in specs.items():
        assert key in obj, f"{where}.{key} is missing"
        assert conforms(obj[key], spec), f"{where}.{key} = {obj[key]!r}, not {spec}"


def get_json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response, response.json()


def rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_it_lists_published_petitions_in_the_anchors_shape(client):
    ClosedPetitionFactory()
    open_one = OpenPetitionFactory(creator_pseudonym="A parent in Powys")
    RejectedPetitionFactory()
    response, body = get_json(client, "/petitions.json")
    assert "public" in response["Cache-Control"]
    assert set(body["links"]) == set(FIXTURE["list_links"])
    assert len(body["data"]) == 3
    for item in body["data"]:
        assert item["type"] == "petition"
        assert_shape(item, {"id": "integer"}, "data[]")
        assert item["links"]["self"].endswith(f"/petitions/{item['id']}.json")
        assert_shape(item["attributes"], FIXTURE["attributes"], "attributes")
        assert_shape(item["attributes"], FIXTURE["deiseb_attributes"], "attributes")
    by_id = {item["id"]: item["attributes"] for item in body["data"]}
    assert by_id[open_one.pk]["creator_name"] == "A parent in Powys"
    assert by_id[open_one.pk]["state"] == "open"
    assert by_id[open_one.pk]["action_cy"] == open_one.action_cy
    assert by_id[open_one.pk]["referral_threshold"] == open_one.referral_threshold


def test_every_public_list_is_a_state(client):
    open_one, closed = OpenPetitionFactory(), ClosedPetitionFactory()
    completed, rejected = CompletedPetitionFactory(), RejectedPetitionFactory()
    expected = {
        "open": {open_one.pk},
        "completed": {completed.pk},
        "rejected": {rejected.pk},
        "referred": {completed.pk},
        "all": {open_one.pk, closed.pk, completed.pk, rejected.pk},
    }
    for state, ids in expected.items():
        _, body = get_json(client, f"/petitions.json?state={state}")
        assert {item["id"] for item in body["data"]} == ids, state
    for state in ("debated", "not_debated"):
        get_json(client, f"/petitions.json?state={state}")


def test_pagination_links_are_absolute_keep_the_query_and_are_null_at_the_ends(client):
    for _ in range(5):
        OpenPetitionFactory()
    _, first = get_json(client, "/petitions.json?state=open&count=2")
    links = first["links"]
    assert links["prev"] is None
    assert links["self"].startswith("http")
    assert parse_qs(urlsplit(links["next"]).query) == {
        "state": ["open"],
        "count": ["2"],
        "page": ["2"],
    }
    assert parse_qs(urlsplit(links["last"]).query)["page"] == ["3"]
    following = urlsplit(links["next"])
    _, middle = get_json(client, f"{following.path}?{following.query}")
    assert len(middle["data"]) == 2
    assert parse_qs(urlsplit(middle["links"]["prev"]).query)["page"] == ["1"]
    _, last = get_json(client, "/petitions.json?state=open&count=2&page=3")
    assert len(last["data"]) == 1
    assert last["links"]["next"] is None
    _, past = get_json(client, "/petitions.json?state=open&count=2&page=9")
    assert past["data"] == []
    assert past["links"]["next"] is None
    pages = {item["id"] for body in (first, middle, last) for item in body["data"]}
    assert len(pages) == 5


def test_count_is_at_most_fifty_and_bad_parameters_are_a_clear_400(client):
    for _ in range(3):
        OpenPetitionFactory()
    _, body = get_json(client, "/petitions.json?count=500")
    assert parse_qs(urlsplit(body["links"]["self"]).query)["count"] == ["50"]
    for query in ("state=secret", "page=0", "page=%C2%B2", "count=x", "q=" + "a" * 500):
        _, error = get_json(client, f"/petitions.json?{query}", status=400)
        assert error["errors"][0]["detail"]


def test_search_narrows_the_list(client):
    wanted = OpenPetitionFactory(action_en="Save the Newport transporter bridge")
    OpenPetitionFactory()
    _, body = get_json(client, "/petitions.json?q=transporter")
    assert [item["id"] for item in body["data"]] == [wanted.pk]
    assert parse_qs(urlsplit(body["links"]["next"] or body["links"]["self"]).query)["q"] == [
        "transporter"
    ]


def test_a_list_page_costs_the_same_queries_however_many_petitions(client):
    record = scenario.build()
    ClosedPetitionFactory()
    with CaptureQueriesContext(connection) as few:
        get_json(client, "/petitions.json")
    for _ in range(6):
        OpenPetitionFactory()
    record.story.petitions.add(*OpenPetitionFactory.create_batch(2))
    with CaptureQueriesContext(connection) as many:
        get_json(client, "/petitions.json")
    assert len(many) == len(few)


def test_a_petition_has_its_record_and_breakdowns(client):
    record = scenario.build()
    petition = record.petition
    for _ in range(3):
        ValidatedSignatureFactory(petition=petition, constituency=record.new)
    ValidatedSignatureFactory(petition=petition, country_id=Country.ENGLAND)
    ValidatedSignatureFactory(petition=petition, constituency=record.old)  # signed before May 2026
    count_signatures()
    petition.refresh_from_db()
    _, body = get_json(client, f"/petitions/{petition.pk}.json")
    data = body["data"]
    attributes = data["attributes"]
    assert body["links"]["self"].endswith(f"/petitions/{petition.pk}.json")
    assert_shape(attributes, FIXTURE["attributes"], "attributes")
    assert_shape(attributes, FIXTURE["deiseb_attributes"], "attributes")
    assert attributes["action"] == petition.action_en
    assert attributes["state"] == "closed"
    assert attributes["creator_name"] is None  # public only while open
    assert_shape(attributes["government_response"], FIXTURE["government_response"], "response")
    assert attributes["government_response"]["summary"] == (
        "We will consult on a ten-year strategy."
    )
    assert_shape(attributes["debate"], FIXTURE["debate"], "debate")
    assert attributes["debate"]["debated_on"] == record.story.date.isoformat()
    assert attributes["scheduled_debate_date"] == record.scheduled.date.isoformat()
    assert f"debate-{record.story.pk}" in attributes["debates"]
    assert "NDM8812-1" in attributes["votes"]
    for key, specs in FIXTURE["breakdowns"].items():
        assert attributes[key], key
        for row in attributes[key]:
            assert_shape(row, specs, key)
    countries = attributes["signatures_by_country"]
    assert sum(row["signature_count"] for row in countries) == attributes["signature_count"] == 5
    by_code = {row["id"]: row for row in attributes["signatures_by_constituency"]}
    constituency = by_code[record.new.code]
    assert constituency["id"] == constituency["ons_code"] == record.new.code
    assert constituency["signature_count"] == 3
    assert "ann-jones" in {member["id"] for member in constituency["members"]}
    assert attributes["signatures_by_region"] == [
        {
            "id": record.old.region_id,
            "ons_code": record.old.region_id,
            "name": record.old.region.name_en,
            "signature_count": 1,
        }
    ]


def test_welsh_with_json_added_to_the_welsh_page(client):
    petition = OpenPetitionFactory()
    _, body = get_json(client, f"/cy/deisebau/{petition.pk}.json")
    assert body["data"]["attributes"]["action"] == petition.action_cy
    _, english = get_json(client, f"/en/petitions/{petition.pk}.json")
    assert english["data"]["attributes"]["action"] == petition.action_en


def test_paper_signatures_have_their_own_country_row(client):
    petition = record_paper_petition(
        action_en="Reopen the library",
        action_cy="Ailagor y llyfrgell",
        background_en="It closed.",
        background_cy="Caeodd.",
        creator_name="Charlie",
        submitted_on=scenario.STORY_DATE,
        signatures=120,
        by=clerk(),
    )
    _, body = get_json(client, f"/petitions/{petition.pk}.json")
    countries = body["data"]["attributes"]["signatures_by_country"]
    assert countries == [
        {
            "name": "On paper",
            "code": "paper",
            "name_en": "On paper",
            "name_cy": countries[0]["name_cy"],
            "signature_count": 120,
        }
    ]
    assert body["data"]["attributes"]["signature_count"] == 120


def test_a_rejected_petition_has_its_reason_and_no_breakdowns(client):
    petition = RejectedPetitionFactory()
    _, body = get_json(client, f"/petitions/{petition.pk}.json")
    attributes = body["data"]["attributes"]
    assert_shape(attributes["rejection"], FIXTURE["rejection"], "rejection")
    assert attributes["rejection"]["code"] == petition.rejection.reason_id
    for key in FIXTURE["breakdowns"]:
        assert attributes[key] is None


def test_unpublished_and_unknown_petitions_are_a_json_404(client):
    hidden = [PendingPetitionFactory(), FlaggedPetitionFactory(), HiddenPetitionFactory()]
    untranslated = OpenPetitionFactory()
    type(untranslated).objects.filter(pk=untranslated.pk).update(background_cy="")
    for pk in [p.pk for p in hidden] + [untranslated.pk, 999999, 2**70]:
        for path in (f"/petitions/{pk}.json", f"/cy/deisebau/{pk}.json"):
            _, body = get_json(client, path, status=404)
            assert body["errors"][0]["status"] == "404"
        assert client.get(f"/petitions/{pk}/signatures.csv").status_code == 404
    _, listed = get_json(client, "/petitions.json")
    assert listed["data"] == []
    assert rows(client.get("/petitions.csv")) == []


def test_no_personal_data_of_signers_or_creators(client):
    petition = OpenPetitionFactory()
    ValidatedSignatureFactory(petition=petition, email="suzie@secret.example", name="Suzie Q")
    count_signatures()
    texts = [
        client.get(f"/petitions/{petition.pk}.json").content.decode(),
        client.get("/petitions.json").content.decode(),
        b"".join(client.get("/petitions.csv").streaming_content).decode(),
        b"".join(client.get(f"/petitions/{petition.pk}/signatures.csv").streaming_content).decode(),
    ]
    for text in texts:
        for secret in (
            "suzie@secret.example",
            "Suzie Q",
            petition.creator_email,
            petition.creator_postcode,
            petition.creator_address,
            petition.creator_phone,
            petition.sponsor_token,
        ):
            assert secret not in text


def test_csv_of_a_list_and_of_a_petitions_signatures_is_formula_safe(client):
    petition = OpenPetitionFactory(action_en="=HYPERLINK(1)", action_cy="+SUM(1,2)")
    record = scenario.build()
    record.new.name_en = "@cmd"
    record.new.save()
    ValidatedSignatureFactory(petition=petition, constituency=record.new)
    count_signatures()
    listed = client.get("/petitions.csv?state=open")
    assert listed["Access-Control-Allow-Origin"] == "*"
    [row] = rows(listed)
    assert row["action_en"] == "'=HYPERLINK(1)"
    assert row["action_cy"] == "'+SUM(1,2)"
    assert row["signature_count"] == "1"
    breakdown = rows(client.get(f"/petitions/{petition.pk}/signatures.csv"))
    assert {"kind": "constituency", "code": record.new.code} | {
        "name_en": "'@cmd",
        "name_cy": record.new.name_cy,
        "signature_count": "1",
    } in breakdown
    wales = next(row for row in breakdown if row["code"] == Country.WALES)
    assert wales["signature_count"] == "1"
