"""/petitions/<id>/history.json and .csv: the counter's hours, as tools and spreadsheets want."""

import csv
import datetime
import io
import json

import pytest
from django.test import Client

from deiseb.signatures.counting import count_signatures
from tests.factories import (
    OpenPetitionFactory,
    PendingPetitionFactory,
    RejectedPetitionFactory,
    ValidatedSignatureFactory,
    constituency,
)

pytestmark = pytest.mark.django_db

NINE = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def at(hours: float) -> datetime.datetime:
    return NINE + datetime.timedelta(hours=hours)


@pytest.fixture
def petition():
    cardiff = constituency()
    petition = OpenPetitionFactory()
    sign = ValidatedSignatureFactory.create_batch
    sign(3, petition=petition, validated_at=at(0.25), constituency=cardiff)
    sign(2, petition=petition, validated_at=at(5.5), constituency=cardiff)
    sign(1, petition=petition, validated_at=at(5.75), country_id="FR", postcode="")
    count_signatures()
    petition.refresh_from_db()
    return petition


def get(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_the_history_lists_hours_with_signatures_and_the_running_total(client, petition):
    response = get(client, f"/petitions/{petition.pk}/history.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    assert document["links"]["petition"].endswith(f"/petitions/{petition.pk}.json")
    attributes = document["data"]["attributes"]
    assert document["data"]["type"] == "history" and document["data"]["id"] == petition.pk
    # The quiet hours between are left out; the total carries on across them.
    assert attributes["hours"] == [
        {"hour": "2026-06-01T09:00:00.000Z", "signature_count": 3, "total": 3},
        {"hour": "2026-06-01T14:00:00.000Z", "signature_count": 3, "total": 6},
    ]
    assert attributes["signature_count"] == attributes["counted_signature_count"] == 6
    assert attributes["paper_signature_count"] == 0


def test_by_constituency_and_by_country_give_each_hours_places(client, petition):
    by_seat = json.loads(
        get(client, f"/petitions/{petition.pk}/history.json?by=constituency").content
    )
    first, second = by_seat["data"]["attributes"]["hours"]
    assert [
        (row["ons_code"], row["id"], row["signature_count"])
        for row in first["signatures_by_constituency"]
    ] == [("W09000053", "W09000053", 3)]
    assert second["signatures_by_constituency"][0]["signature_count"] == 2
    assert by_seat["links"]["self"].endswith("history.json?by=constituency")

    by_country = json.loads(
        get(client, f"/petitions/{petition.pk}/history.json?by=country").content
    )
    second = by_country["data"]["attributes"]["hours"][1]
    assert {row["code"]: row["signature_count"] for row in second["signatures_by_country"]} == {
        "GB-WLS": 2,
        "FR": 1,
    }
    assert {row["name_cy"] for row in second["signatures_by_country"]} >= {"Cymru", "Ffrainc"}


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csvs_hold_the_same_hours(client, petition):
    rows = read_csv(get(client, f"/petitions/{petition.pk}/history.csv"))
    assert rows == [
        ["hour", "signature_count", "total"],
        ["2026-06-01T09:00:00.000Z", "3", "3"],
        ["2026-06-01T14:00:00.000Z", "3", "6"],
    ]
    response = get(client, f"/petitions/{petition.pk}/history.csv?by=country")
    assert f"petition-{petition.pk}-history-by-country.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["hour", "code", "name_en", "name_cy", "signature_count"]
    assert sum(int(row[-1]) for row in rows[1:]) == petition.signature_count


def test_an_unknown_breakdown_is_a_400_that_names_the_choices(client, petition):
    for suffix in ("json", "csv"):
        response = get(client, f"/petitions/{petition.pk}/history.{suffix}?by=street", 400)
        detail = json.loads(response.content)["errors"][0]["detail"]
        assert "street" in detail and "constituency" in detail


@pytest.mark.parametrize("world", [PendingPetitionFactory, RejectedPetitionFactory, None])
def test_unpublished_rejected_and_unknown_petitions_are_a_json_404(client, world):
    pk = world().pk if world else 2**40
    for suffix in ("json", "csv"):
        response = get(client, f"/petitions/{pk}/history.{suffix}", 404)
        assert json.loads(response.content)["errors"][0]["status"] == "404"


def test_no_signer_detail_appears(client, petition):
    body = get(client, f"/petitions/{petition.pk}/history.json?by=constituency").content.decode()
    assert "@" not in body.replace("@context", "") and "CF101AA" not in body


def test_another_method_is_a_405_not_a_csrf_403(petition):
    client = Client(enforce_csrf_checks=True)  # as a tool's request meets the middleware
    response = client.generic("QUERY", f"/petitions/{petition.pk}/history.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
