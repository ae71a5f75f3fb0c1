"""Members kept current from the Senedd's ModernGov web service: fetched over real HTTP from a
loopback server holding a recorded document of that shape, idempotent, a clerk's corrections
kept, and a feed that cannot be read changing nothing."""

import datetime
import logging
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from deiseb.core.scheduler import SCHEDULE
from deiseb.parliament import moderngov, tasks
from deiseb.parliament.models import Member, Party, Seat, Term
from tests.factories import PartyFactory, clerk, constituency
from tests.servers import DocumentServer

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
EN_PATH = "/mgwebservice.asmx/GetCouncillorsByWard"
CY_PATH = "/mgwebservicew.asmx/GetCouncillorsByWard"
JUNE = datetime.date(2026, 6, 1)
SEVENTH_STARTS = datetime.date(2026, 5, 7)


def fixture(language: str) -> bytes:
    return (FIXTURES / f"members_{language}.xml").read_bytes()


@pytest.fixture
def feed():
    server = DocumentServer()
    server.start()
    server.documents[EN_PATH] = (200, fixture("en"))
    server.documents[CY_PATH] = (200, fixture("cy"))
    yield server
    server.stop()


@pytest.fixture
def places():
    return {
        "caerdydd": constituency(),
        "gwynedd": constituency(code="W09000058", name="Gwynedd Maldwyn", postcodes=("LL551AA",)),
    }


@pytest.fixture
def plaid():
    return PartyFactory(slug="plaid-cymru", name_en="Plaid Cymru", name_cy="Plaid Cymru")


def run(feed, today=JUNE):
    return moderngov.import_from_feed(feed.url(EN_PATH), feed.url(CY_PATH), today=today)


def seat_of(senedd_id: int, on=JUNE) -> Seat:
    return (
        Seat.objects.on(on)
        .select_related("party", "constituency", "term")
        .get(member__senedd_id=senedd_id)
    )


def edit(feed, language: str, old: str, new: str) -> None:
    path = EN_PATH if language == "en" else CY_PATH
    status, body = feed.documents[path]
    assert old.encode() in body
    feed.documents[path] = (status, body.replace(old.encode(), new.encode()))


def test_the_first_import_seats_the_term_from_its_first_day(feed, places, plaid):
    run(feed)
    assert set(feed.requests) == {EN_PATH, CY_PATH}
    assert Member.objects.count() == 5
    alys = Member.objects.get(senedd_id=9101)
    assert (alys.name_en, alys.name_cy, alys.slug) == ("Alys Bevan", "Alys Bevan", "alys-bevan")
    seat = seat_of(9101)
    assert seat.term.number == 7 and seat.start_date == SEVENTH_STARTS and seat.end_date is None
    assert seat.constituency == places["caerdydd"] and seat.region is None
    assert seat.party.slug == "welsh-labour-coop"
    assert seat_of(9201).party == plaid and seat_of(9201).constituency == places["gwynedd"]
    green = Party.objects.get(slug="welsh-green")  # new to the record: named in both languages
    assert (green.name_en, green.name_cy) == ("Welsh Green Party", "Plaid Werdd Cymru")


def test_a_second_run_changes_nothing(feed, places, plaid):
    run(feed)
    before = list(Seat.objects.values_list("pk", "party_id", "start_date", "end_date"))
    report = run(feed)
    assert list(Seat.objects.values_list("pk", "party_id", "start_date", "end_date")) == before
    assert Member.objects.count() == 5
    assert "0 created, 0 updated; seats 0 opened, 0 ended" in report.lines[-1]


def test_later_changes_are_dated_from_the_night_they_are_seen(feed, places, plaid):
    run(feed)
    later = datetime.date(2026, 9, 15)
    # Carys Davies has gone; Dafydd Evans has joined the Greens; Ffion Hughes has arrived.
    edit(feed, "en", "Carys Davies MS", "Ffion Hughes MS")
    edit(feed, "en", "<councillorid>9103</councillorid>", "<councillorid>9104</councillorid>")
    edit(feed, "cy", "Carys Davies AS", "Ffion Hughes AS")
    edit(feed, "cy", "<councillorid>9103</councillorid>", "<councillorid>9104</councillorid>")
    dafydd_en = "<fullusername>Dafydd Evans MS</fullusername>"
    body = feed.documents[EN_PATH][1].decode()
    start = body.index(dafydd_en)
    party_at = body.index("<politicalpartytitle>Plaid Cymru", start)
    body = (
        body[:party_at]
        + "<politicalpartytitle>Welsh Green Party"
        + body[party_at + len("<politicalpartytitle>Plaid Cymru") :]
    )
    feed.documents[EN_PATH] = (200, body.encode())

    run(feed, today=later)
    gone = Seat.objects.get(member__senedd_id=9103)
    assert gone.end_date == later - datetime.timedelta(days=1)
    assert not Seat.objects.on(later).filter(member__senedd_id=9103).exists()
    ffion = seat_of(9104, on=later)
    assert ffion.start_date == later and ffion.member.name_en == "Ffion Hughes"
    dafydd = Seat.objects.filter(member__senedd_id=9201).order_by("start_date")
    assert [(s.party.slug, s.start_date, s.end_date) for s in dafydd] == [
        ("plaid-cymru", SEVENTH_STARTS, later - datetime.timedelta(days=1)),
        ("welsh-green", later, None),
    ]
    # The record read on a day of the summer is still the summer's.
    assert seat_of(9103, on=JUNE).member.name_en == "Carys Davies"


def test_a_clerks_corrections_in_the_admin_are_kept(client, feed, places, plaid):
    run(feed)
    client.force_login(clerk())
    alys = Member.objects.get(senedd_id=9101)
    seat = seat_of(9101)
    response = client.post(
        f"/en/staff/admin/parliament/member/{alys.pk}/change/",
        {
            "senedd_id": "9101",
            "slug": alys.slug,
            "name_en": "Alys Bevan",
            "name_cy": "Alys Befan",  # the clerk's correction
            "url_en": "",
            "url_cy": "",
            "clerk_fields": "[]",
            "seats-TOTAL_FORMS": "1",
            "seats-INITIAL_FORMS": "1",
            "seats-0-id": str(seat.pk),
            "seats-0-member": str(alys.pk),
            "seats-0-term": str(seat.term_id),
            "seats-0-party": str(plaid.pk),  # and her party, which the feed has wrong
            "seats-0-constituency": str(seat.constituency_id),
            "seats-0-region": "",
            "seats-0-start_date": "2026-05-07",
            "seats-0-end_date": "",
            "seats-0-clerk_fields": "[]",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    alys.refresh_from_db()
    assert alys.clerk_fields == ["name_cy"]
    assert Seat.objects.get(pk=seat.pk).clerk_fields == ["party"]

    report = run(feed)
    alys.refresh_from_db()
    assert alys.name_cy == "Alys Befan"
    assert seat_of(9101).pk == seat.pk and seat_of(9101).party == plaid
    assert "2 kept as a clerk corrected them" in report.lines[-1]
    # Once she leaves the feed, the seat the clerk corrected is still not ended by it.
    edit(feed, "en", "<councillorid>9101</councillorid>", "<councillorid>9109</councillorid>")
    edit(feed, "cy", "<councillorid>9101</councillorid>", "<councillorid>9109</councillorid>")
    run(feed, today=datetime.date(2026, 7, 1))
    assert Seat.objects.get(pk=seat.pk).end_date is None


def bad(feed, path, status=200, body=b""):
    feed.documents[path] = (status, body)


@pytest.mark.parametrize(
    ("path", "status", "body", "message"),
    [
        (CY_PATH, 500, b"<error/>", "answered 500"),
        (EN_PATH, 404, b"", "answered 404"),
        (EN_PATH, 200, b"<councillorsbyward><wards>", "not readable XML"),
        (EN_PATH, 200, b"<html>Service unavailable</html>", "not a GetCouncillorsByWard"),
        (EN_PATH, 200, b"<councillorsbyward><wards/></councillorsbyward>", "lists nobody"),
        (
            EN_PATH,
            200,
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><councillorsbyward>&b;</councillorsbyward>',
            "not readable XML",
        ),
    ],
)
def test_a_feed_that_cannot_be_read_changes_nothing(
    feed, places, plaid, path, status, body, message
):
    run(feed)
    before = list(Seat.objects.values_list("pk", "end_date"))
    bad(feed, path, status, body)
    with pytest.raises(moderngov.FeedError, match=message):
        run(feed, today=datetime.date(2026, 7, 1))
    assert list(Seat.objects.values_list("pk", "end_date")) == before
    assert Member.objects.count() == 5


def test_an_unknown_constituency_is_refused_whole(feed, places, plaid):
    edit(feed, "en", "<wardtitle>Gwynedd Maldwyn</wardtitle>", "<wardtitle>Atlantis</wardtitle>")
    with pytest.raises(moderngov.FeedError, match="Atlantis"):
        run(feed)
    assert not Member.objects.exists() and not Seat.objects.exists()


def test_the_task_imports_when_the_urls_are_set(feed, places, plaid, settings):
    settings.MEMBERS_URL_EN = feed.url(EN_PATH)
    settings.MEMBERS_URL_CY = feed.url(CY_PATH)
    with time_machine.travel(datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC), tick=False):
        result = tasks.fetch_members.call()
    assert "5 members" in result["report"][-1]
    assert Seat.objects.filter(term=Term.objects.get(number=7)).count() == 5


def test_the_task_does_nothing_without_urls_and_logs_a_broken_feed(
    feed, places, plaid, settings, caplog
):
    settings.MEMBERS_URL_EN = settings.MEMBERS_URL_CY = ""
    assert "skipped" in tasks.fetch_members.call()
    assert not feed.requests
    settings.MEMBERS_URL_EN = feed.url(EN_PATH)
    settings.MEMBERS_URL_CY = feed.url("/nowhere")
    with caplog.at_level(logging.WARNING, logger="deiseb.parliament.tasks"):
        result = tasks.fetch_members.call()
    assert "answered 404" in result["error"] and "Members feed not imported" in caplog.text
    assert not Member.objects.exists()


def test_the_scheduler_runs_it_nightly(settings):
    (job,) = [job for job in SCHEDULE if job.name == "fetch_members"]
    assert job.task_path == "deiseb.parliament.tasks.fetch_members"
    assert job.interval == datetime.timedelta(days=1)


def test_the_command_runs_it_now_and_says_why_not(feed, places, plaid, capsys):
    with pytest.raises(CommandError, match="DEISEB_MEMBERS_URL_EN"):
        call_command("fetch_members")
    with pytest.raises(CommandError, match="Nothing was changed: .*answered 404"):
        call_command("fetch_members", en=feed.url(EN_PATH), cy=feed.url("/nowhere"))
    with time_machine.travel(datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC), tick=False):
        call_command("fetch_members", en=feed.url(EN_PATH), cy=feed.url(CY_PATH))
    assert "5 members" in capsys.readouterr().out
    assert Seat.objects.count() == 5
