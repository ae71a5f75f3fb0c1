"""`deiseb import_members` against the real open data: the Sixth Senedd as of 17 February 2025."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count

from deiseb.geography.importers import OLD_CONSTITUENCIES_FILE, GeographyImporter
from deiseb.parliament import services
from deiseb.parliament.importers import (
    MEMBERS_FILE,
    PARTIES_FILE,
    MemberImporter,
    read_member_files,
    split_titles,
)
from deiseb.parliament.models import Member, Party, Role, Seat, Term

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (settings.DATA_DIR / MEMBERS_FILE).is_file()
        or not (settings.DATA_DIR / PARTIES_FILE).is_file(),
        reason=f"needs the open data in {settings.DATA_DIR} (set DEISEB_DATA_DIR)",
    ),
]


@pytest.fixture
def areas():
    """The 2007–2026 regions and constituencies the seats point at (no postcodes: quick)."""
    importer = GeographyImporter(settings.DATA_DIR)
    importer.import_regions()
    importer.import_constituencies(OLD_CONSTITUENCIES_FILE, old=True)


def run(*args) -> str:
    out = StringIO()
    call_command("import_members", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list:
    return [
        list(Term.objects.order_by("number").values()),
        list(Party.objects.order_by("slug").values()),
        list(Member.objects.order_by("senedd_id").values()),
        list(Seat.objects.order_by("member__senedd_id").values()),
        list(Role.objects.order_by("member__senedd_id", "title_en").values()),
    ]


def test_it_loads_the_sixty_members_of_the_sixth_senedd(areas):
    output = run()
    assert Member.objects.count() == 60
    assert Party.objects.count() == 8
    on_snapshot = Seat.objects.on(datetime.date(2025, 2, 17))
    parties = dict(on_snapshot.values_list("party__slug").annotate(n=Count("pk")))
    assert parties == {
        "welsh-labour": 30,
        "welsh-conservative": 16,
        "plaid-cymru": 12,
        "welsh-liberal-democrats": 1,
        "independent": 1,
    }
    assert on_snapshot.filter(constituency__isnull=False).count() == 40
    assert on_snapshot.filter(region__isnull=False).count() == 20
    assert "snapshot of 17 February 2025" in output
    assert "Caerphilly" in output


def test_terms_seats_and_names(areas):
    run()
    sixth, seventh = Term.objects.order_by("number")
    assert (sixth.start_date, sixth.end_date, sixth.members) == (
        datetime.date(2021, 5, 13),
        datetime.date(2026, 5, 6),
        60,
    )
    assert (seventh.start_date, seventh.end_date, seventh.members) == (
        datetime.date(2026, 5, 7),
        None,
        96,
    )
    assert not seventh.seats.exists()
    altaf = Member.objects.get(senedd_id=543)
    seat = altaf.seats.get()
    assert (seat.region_id, seat.constituency_id, seat.party.slug) == (
        "W10000009",
        None,
        "welsh-conservative",
    )
    assert (seat.start_date, seat.end_date) == (sixth.start_date, sixth.end_date)
    assert altaf.url_cy == "https://senedd.cymru/pobl/altaf-hussain-as/"
    elin = Member.objects.get(senedd_id=162)
    assert (elin.name_en, elin.name_cy, elin.slug) == ("Elin Jones", "Elin Jones", "elin-jones")


def test_offices_have_welsh_titles_and_the_presiding_officers_are_known(areas):
    run()
    hutt = Member.objects.get(senedd_id=156)
    assert set(hutt.roles.values_list("title_en", "title_cy")) == {
        (
            "Cabinet Secretary for Social Justice",
            "Ysgrifennydd y Cabinet dros Gyfiawnder Cymdeithasol",
        ),
        ("Trefnydd and Chief Whip", "Trefnydd a Phrif Chwip"),
    }
    sargeant = Member.objects.get(senedd_id=6571)
    assert list(sargeant.roles.values_list("title_en", flat=True)) == [
        "Minister for Culture, Skills and Social Partnership"
    ]
    debate_day = datetime.date(2025, 2, 12)
    presiding = set(services.presiding_officers(debate_day).values_list("name_en", flat=True))
    assert presiding == {"Elin Jones", "David Rees"}
    assert Role.objects.on(datetime.date(2025, 2, 17)).filter(member=hutt).count() == 2
    millar = Role.objects.on(debate_day).get(member__senedd_id=171)
    assert (millar.title_en, millar.title_cy) == (
        "Leader of the Opposition",
        "Arweinydd yr Wrthblaid",
    )
    assert not Role.objects.filter(title_cy="").exists()


def test_a_second_run_changes_nothing_and_keeps_a_clerks_correction(areas):
    run()
    caerphilly = Seat.objects.get(member__senedd_id=513)
    caerphilly.end_date = datetime.date(2025, 8, 12)
    caerphilly.save()
    before = snapshot()
    output = run()
    assert snapshot() == before
    assert "60 in file, 0 created, 0 updated" in output
    assert Seat.objects.get(member__senedd_id=513).end_date == datetime.date(2025, 8, 12)


def test_a_renamed_party_is_updated_in_place(areas):
    run()
    Party.objects.filter(slug="plaid-cymru").update(colour="#000000")
    MemberImporter.from_directory(settings.DATA_DIR).run()
    assert Party.objects.get(slug="plaid-cymru").colour == "#008672"
    assert Party.objects.count() == 8


def test_without_the_geography_it_refuses_or_with_if_empty_skips():
    with pytest.raises(CommandError, match="run deiseb import_geography first"):
        run()
    assert "Skipping the import of members" in run("--if-empty")
    assert not Member.objects.exists() and not Term.objects.exists()


def test_if_empty_does_nothing_once_members_exist(areas):
    run()
    assert "already loaded" in run("--if-empty")


def test_it_accepts_the_senedd_folder_and_refuses_a_missing_one(areas, tmp_path):
    run(str(settings.DATA_DIR / "senedd"))
    assert Member.objects.count() == 60
    with pytest.raises(CommandError, match="lacks"):
        run(str(tmp_path))


def test_titles_split_on_commas_only_between_offices():
    assert split_titles("Cabinet Secretary for Social Justice, Trefnydd and Chief Whip") == [
        "Cabinet Secretary for Social Justice",
        "Trefnydd and Chief Whip",
    ]
    assert split_titles("Cabinet Secretary for Economy, Energy and Planning") == [
        "Cabinet Secretary for Economy, Energy and Planning"
    ]
    assert split_titles("Chair of a Committee, Commissioner") == [
        "Chair of a Committee",
        "Commissioner",
    ]
    assert split_titles("") == []


def test_if_empty_completes_a_demo_that_named_only_its_story_members(areas):
    parties, members = read_member_files(settings.DATA_DIR)
    MemberImporter(parties, members[:5]).run()
    assert Member.objects.count() == 5
    run("--if-empty")
    assert Member.objects.count() == 60
