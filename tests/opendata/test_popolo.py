"""Votes as Popolo JSON and CSV: the structure, the links between ids, and our extensions."""

import csv
import datetime
import io
import json
import pathlib

import pytest
from jsonschema import Draft3Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from deiseb.parliament import services
from deiseb.parliament.models import Amendment, Vote
from tests.parliament import scenario

pytestmark = pytest.mark.django_db

# Popolo's own JSON Schemas, vendored unchanged (see popolo_schemas/README.md). They are draft 3
# and name each other by absolute URL, so each is registered under its `id`: nothing is fetched.
SCHEMAS = {
    path.stem: json.loads(path.read_text())
    for path in (pathlib.Path(__file__).parent / "popolo_schemas").glob("*.json")
}
REGISTRY = Registry().with_resources(
    (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3))
    for schema in SCHEMAS.values()
)
# The Popolo schema for each collection of ours. `debates` are Popolo Events.
COLLECTIONS = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "areas": "area",
    "debates": "event",
    "motions": "motion",
    "vote_events": "vote_event",
}


def popolo_format_checker() -> FormatChecker:
    """Draft 3's formats, checked for real (uri, date-time, email), with one reading of Popolo's.

    Vote_event.json's `start_date` and motion.json's `date` say `format: date-time`, but
    Popolo's specification recommends ISO 8601 reduced dates for imprecise dates (specs/index.md,
    "Dates and times"), and event.json, the class a vote event inherits from, allows them by
    pattern. So `date-time` here is an RFC 3339 date-time or a calendar date, and nothing else.
    """
    strict = Draft3Validator.FORMAT_CHECKER
    checker = FormatChecker(formats=())
    checker.checkers = dict(strict.checkers)

    @checker.checks("date-time")
    def date_or_date_time(value) -> bool:
        return strict.conforms(value, "date-time") or strict.conforms(value, "date")

    return checker


FORMATS = popolo_format_checker()


def validator(schema: str) -> Draft3Validator:
    return Draft3Validator(SCHEMAS[schema], registry=REGISTRY, format_checker=FORMATS)


def errors(schema: str, instance: dict) -> list[str]:
    return [error.message for error in validator(schema).iter_errors(instance)]


def record_time(vote: Vote, time: datetime.time) -> Vote:
    """The clerk adds the time to a division already entered, through the service."""
    vote.time = time
    vote.result = ""
    members = None
    if vote.members_recorded:
        members = {mv.member: mv.option for mv in vote.member_votes.select_related("member")}
    return services.record_division(vote, members)


@pytest.fixture
def record():
    return scenario.build()


def popolo(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return response, json.loads(response.content)


def by_id(items):
    return {item["id"]: item for item in items}


def test_the_debate_file_holds_motions_vote_events_persons_and_parties(client, record):
    _, data = popolo(client, f"/data/debates/{record.story.pk}.popolo.json")
    assert set(data) == {
        "meta",
        "debates",
        "motions",
        "vote_events",
        "persons",
        "memberships",
        "organizations",
        "areas",
    }
    assert data["meta"] == {"format": "popolo", "version": 2}
    motions = by_id(data["motions"])
    assert list(motions) == ["NDM8812", "NDM8812-amendment-1", "NDM8812-amendment-2"]
    motion = motions["NDM8812"]
    assert motion["text_en"] == motion["text"] == scenario.STORY_TEXT_EN
    assert motion["text_cy"] == scenario.STORY_TEXT_CY
    assert motion["binding"] is False and motion["reference"] == "NDM8812"
    assert motion["creator_id"] == "ceri-hughes" and motion["cosignatory_ids"] == ["dai-morgan"]
    assert motion["classification"] == "motion" and motion["organization_id"] == "senedd"
    assert motion["date"] == "2025-02-12"
    assert motion["result"] == "pass"  # decided by the motion as amended
    (debate,) = data["debates"]
    assert debate["petition_ids"] == [record.petition.pk]  # not the unpublished one
    assert debate["title_cy"] == record.story.title_cy


def test_amendments_are_motions_that_amend_and_say_their_status(client, record):
    _, data = popolo(client, f"/data/debates/{record.story.pk}.popolo.json")
    motions = by_id(data["motions"])
    agreed, deselected = motions["NDM8812-amendment-1"], motions["NDM8812-amendment-2"]
    assert agreed["amends"] == deselected["amends"] == "NDM8812"
    assert agreed["classification"] == "amendment"
    assert agreed["status"] == "agreed" and agreed["result"] == "pass"
    assert deselected["status"] == "deselected" and deselected["result"] is None
    assert deselected["text_cy"] == "Dileu pwynt 3."
    assert not any(event["motion_id"] == deselected["id"] for event in data["vote_events"])


def test_vote_events_come_in_voting_order_with_counts(client, record):
    _, data = popolo(client, f"/data/debates/{record.story.pk}.popolo.json")
    events = data["vote_events"]
    assert [event["question"] for event in events] == [
        "motion_without_amendment",
        "amendment",
        "motion_as_amended",
    ]
    first, amendment, last = events
    assert first["motion_id"] == "NDM8812" and first["result"] == "fail"
    assert first["counts"] == [
        {"option": "yes", "value": 13},
        {"option": "abstain", "value": 0},
        {"option": "no", "value": 34},
    ]
    assert first["votes"] == [] and first["members_recorded"] is False
    assert amendment["motion_id"] == "NDM8812-amendment-1" and amendment["result"] == "pass"
    assert last["result"] == "pass" and last["result_detail"] == "without_objection"
    assert last["counts"] == [] and last["casting_vote"] is None


def test_every_id_links_up(client, record):
    _, data = popolo(client, "/data/votes.popolo.json")
    motions, people = by_id(data["motions"]), by_id(data["persons"])
    organizations = by_id(data["organizations"])
    debates = by_id(data["debates"])
    assert len(debates) == 4
    for motion in motions.values():
        assert motion["creator_id"] in people
        assert motion["debate_id"] in debates
        assert motion.get("amends") is None or motion["amends"] in motions
    for event in data["vote_events"]:
        assert event["motion_id"] in motions
        for count in event["counts"]:
            assert count.get("group_id") is None or count["group_id"] in organizations
        for vote in event["votes"]:
            assert vote["voter_id"] in people and vote["group_id"] in organizations
    for membership in data["memberships"]:
        assert membership["person_id"] in people
        assert membership["organization_id"] in organizations
    assert organizations["welsh-labour"]["name_cy"] == "Llafur Cymru"
    assert organizations["welsh-labour"]["colour"] == "#E4003B"
    assert organizations["senedd"]["classification"] == "legislature"
    ann = people["ann-jones"]
    assert {"scheme": "senedd", "identifier": "101"} in ann["identifiers"]


def test_every_object_in_every_collection_validates_against_popolo(client, record):
    """The whole file: a debate with amendments (one agreed, one deselected), a division, an
    agreed-without-objection, a tie decided by a casting vote, a timed and untimed division."""
    record_time(record.tied_vote, datetime.time(17, 32))
    _, data = popolo(client, "/data/votes.popolo.json")
    assert set(COLLECTIONS) <= set(data)
    for collection, schema in COLLECTIONS.items():
        assert data[collection], collection
        for item in data[collection]:
            assert errors(schema, item) == [], (collection, item.get("id"))
    castings = [event["casting_vote"] for event in data["vote_events"] if event["casting_vote"]]
    assert castings  # a casting vote is shaped as a Popolo Vote
    for casting in castings:
        assert errors("vote", casting) == []


def test_the_validation_is_not_a_formality():
    """The schemas and formats refuse what a careless file would say."""
    assert errors("vote_event", {"start_date": "12/02/2025"}) == [
        "'12/02/2025' is not a 'date-time'"
    ]
    assert errors("vote_event", {"start_date": "2025-02-12T17:32"})  # no zone: no instant
    assert errors("vote_event", {"counts": [{"option": "yes"}]})  # a count has a value
    assert errors("vote_event", {"votes": [{"voter_id": 101}]})  # ids are strings
    assert errors("person", {"sources": [{"url": "not a url"}]})
    assert errors("membership", {"start_date": "2025-2-1"})
    assert errors("motion", {"date": "2025-02-12"}) == []
    assert errors("vote_event", {"start_date": "2025-02-12T17:32:00Z"}) == []


def test_a_timed_division_starts_at_a_utc_date_time_an_untimed_one_on_a_date(client, record):
    record_time(record.without_amendment, datetime.time(17, 32))  # February: GMT
    record_time(record.later_vote, datetime.time(17, 32))  # June: BST, an hour ahead of UTC
    _, data = popolo(client, "/data/votes.popolo.json")
    events = by_id(data["vote_events"])
    assert events["NDM8812-1"]["start_date"] == "2025-02-12T17:32:00Z"
    assert events["NDM9001-1"]["start_date"] == "2026-06-10T16:32:00Z"
    assert events["NDM8812-2"]["start_date"] == "2025-02-12"  # the clerk did not say when
    assert events["NDM8900-1"]["start_date"] == "2025-03-05"
    assert by_id(data["motions"])["NDM8812"]["date"] == "2025-02-12"


def test_a_popolo_reader_finds_every_voter_among_the_persons(client, record):
    """As everypolitician-popolo reads a file: `persons`, `organizations`, `memberships`,
    `areas` by those names, and every id one object gives for another found among them."""
    _, data = popolo(client, "/data/votes.popolo.json")
    persons = by_id(data["persons"])
    organizations, areas = by_id(data["organizations"]), by_id(data["areas"])
    assert len(persons) == 6
    voters = [vote["voter_id"] for event in data["vote_events"] for vote in event["votes"]]
    assert len(voters) == 6
    assert all(voter in persons for voter in voters)
    for event in data["vote_events"]:
        assert event["organization_id"] in organizations
        if event["casting_vote"]:
            assert event["casting_vote"]["voter_id"] in persons
    for membership in data["memberships"]:
        assert membership["person_id"] in persons
        assert membership["organization_id"] in organizations
        assert membership["area_id"] in areas
    for area in areas.values():
        assert area.get("parent_id") is None or area["parent_id"] in areas
    cardiff = areas[record.old.code]
    assert cardiff["classification"] == "constituency" and cardiff["name_cy"] == record.old.name_cy
    assert areas[cardiff["parent_id"]]["classification"] == "region"
    assert {"scheme": "ons", "identifier": record.old.code} in cardiff["identifiers"]
    assert persons["ann-jones"]["name"] == "Ann Jones"


@pytest.mark.parametrize(
    "path",
    [
        "/data/votes.popolo.json",
        "/data/debates/{story}.popolo.json",
        "/data/motions/NDM8812.popolo.json",
        "/data/votes.csv",
        "/data/member-votes.csv",
    ],
)
def test_every_data_file_may_be_read_from_another_site(client, record, path):
    response = client.get(path.format(story=record.story.pk), HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "public" in response.headers["Cache-Control"]


def test_party_counts_sum_to_the_totals_and_the_casting_vote_stands_apart(client, record):
    _, data = popolo(client, f"/data/debates/{record.tied.pk}.popolo.json")
    (event,) = data["vote_events"]
    totals = {c["option"]: c["value"] for c in event["counts"] if "group_id" not in c}
    assert totals == {"yes": 2, "abstain": 1, "no": 2}
    by_party = [c for c in event["counts"] if "group_id" in c]
    assert {c["group_id"] for c in by_party} == {
        "welsh-labour",
        "plaid-cymru",
        "welsh-conservative",
    }
    for option, total in totals.items():
        assert sum(c["value"] for c in by_party if c["option"] == option) == total
    assert {"option": "no", "value": 2, "group_id": "welsh-conservative"} in by_party
    assert len(event["votes"]) == 5
    assert {"voter_id": "ann-jones", "option": "yes", "group_id": "welsh-labour"} in event["votes"]
    assert event["casting_vote"] == {
        "voter_id": "elin-jones",
        "option": "no",
        "role": "presiding_officer",
    }
    assert event["result"] == "fail"
    assert "elin-jones" in by_id(data["persons"])


def test_a_motion_file_holds_that_motion_only(client, record):
    _, data = popolo(client, "/data/motions/NDM8900.popolo.json")
    assert [motion["id"] for motion in data["motions"]] == ["NDM8900"]
    assert [event["id"] for event in data["vote_events"]] == ["NDM8900-1"]
    assert data["motions"][0]["binding"] is True


@pytest.mark.parametrize(
    "path",
    [
        "/data/debates/999999.popolo.json",
        "/data/motions/NDM1.popolo.json",
        "/data/votes.csv?debate=999999",
        "/data/votes.csv?debate=abc",
        "/data/member-votes.csv?member=nobody",
    ],
)
def test_unknown_ids_are_404(client, record, path):
    assert client.get(path).status_code == 404


def test_data_files_may_be_cached(client, record):
    response, _ = popolo(client, "/data/votes.popolo.json")
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=60" in response.headers["Cache-Control"]


def test_the_whole_file_costs_the_same_queries_however_big(
    client, record, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15) as small:
        client.get(f"/data/debates/{record.tied.pk}.popolo.json")
    with django_assert_max_num_queries(len(small)):
        client.get("/data/votes.popolo.json")


def read_csv(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return response, list(csv.DictReader(io.StringIO(text)))


def test_the_votes_csv_has_one_row_per_vote(client, record):
    response, rows = read_csv(client, "/data/votes.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="votes.csv"'
    assert list(rows[0]) == [
        "vote_event_id",
        "debate_id",
        "debate_date",
        "debate_title_en",
        "debate_title_cy",
        "motion_reference",
        "motion_id",
        "binding",
        "position",
        "question",
        "amendment_number",
        "amendment_status",
        "result",
        "for",
        "abstain",
        "against",
        "casting_vote",
        "casting_voter_id",
        "members_recorded",
    ]
    assert [row["vote_event_id"] for row in rows] == [
        "NDM8812-1",
        "NDM8812-2",
        "NDM8812-3",
        "NDM8900-1",
        "NDM9001-1",
    ]
    first, amendment, last, tied = rows[:4]
    assert (first["for"], first["abstain"], first["against"]) == ("13", "0", "34")
    assert first["result"] == "not_agreed" and first["binding"] == "false"
    assert amendment["amendment_number"] == "1" and amendment["amendment_status"] == "agreed"
    assert amendment["motion_id"] == "NDM8812-amendment-1"
    assert last["result"] == "without_objection" and last["for"] == ""
    assert tied["casting_vote"] == "against" and tied["casting_voter_id"] == "elin-jones"


def test_the_csv_can_be_narrowed_to_one_debate(client, record):
    response, rows = read_csv(client, f"/data/votes.csv?debate={record.story.pk}")
    assert {row["motion_reference"] for row in rows} == {"NDM8812"}
    assert f"votes-debate-{record.story.pk}.csv" in response.headers["Content-Disposition"]


def test_the_member_votes_csv_has_one_row_per_recorded_member_vote(client, record):
    _, rows = read_csv(client, "/data/member-votes.csv")
    assert list(rows[0]) == [
        "vote_event_id",
        "debate_id",
        "debate_date",
        "motion_reference",
        "question",
        "amendment_number",
        "voter_id",
        "senedd_id",
        "name_en",
        "name_cy",
        "group_id",
        "option",
    ]
    assert len(rows) == 6  # five in the tied division, one after 2026; none invented for 2025
    ann = next(row for row in rows if row["voter_id"] == "ann-jones")
    assert (
        ann["option"] == "for" and ann["group_id"] == "welsh-labour" and ann["senedd_id"] == "101"
    )
    _, mine = read_csv(client, "/data/member-votes.csv?member=ceri-hughes")
    assert [row["vote_event_id"] for row in mine] == ["NDM8900-1"]


def test_no_signer_data_is_ever_in_the_files(client, record):
    from tests.factories import SignatureFactory

    SignatureFactory(petition=record.petition, email="signer@example.com", postcode="CF101AA")
    body = client.get("/data/votes.popolo.json").content.decode()
    body += b"".join(client.get("/data/votes.csv").streaming_content).decode()
    assert "signer@example.com" not in body and "CF101AA" not in body
    assert record.petition.creator_email not in body


def test_a_withdrawn_amendment_is_said_so(client, record):
    record.amendment_2.status = Amendment.Status.WITHDRAWN
    record.amendment_2.save(update_fields=["status"])
    _, data = popolo(client, f"/data/debates/{record.story.pk}.popolo.json")
    assert by_id(data["motions"])["NDM8812-amendment-2"]["status"] == "withdrawn"
