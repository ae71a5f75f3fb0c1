"""The demo tells the reference story, has a petition in every state, and got there by the verbs."""

import datetime
import html
import re
import time
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone, translation

from deiseb.demo import content
from deiseb.geography.importers import OLD_CONSTITUENCIES_FILE, GeographyImporter
from deiseb.geography.models import Constituency, Country, Postcode
from deiseb.parliament.models import (
    Debate,
    GovernmentResponse,
    Member,
    Motion,
    Seat,
    Vote,
)
from deiseb.parliament.queries import petition_timeline
from deiseb.petitions.models import Petition, PetitionEvent
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.factories import constituency

pytestmark = pytest.mark.django_db
State = Petition.State
DebateState = Petition.DebateState


@pytest.fixture
def postcodes():
    """Two seats in force today, and one from the old boundaries that no signer may land in."""
    constituency("W09000053", "Caerdydd Penarth", ["CF101AA", "CF101AB", "CF119LJ"])
    constituency("W09000048", "Bangor Conwy Môn", ["LL571AA", "LL554TY"])
    old = Constituency.objects.create(
        code="W09000001",
        name_en="Old Seat",
        name_cy="Hen Sedd",
        valid_from=datetime.date(2007, 5, 3),
        valid_to=datetime.date(2026, 5, 6),
    )
    Postcode.objects.create(postcode="CF101AA", constituency=old)


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def story() -> Petition:
    return Petition.objects.get(creator_pseudonym="Emily Vaughn")


def specs() -> dict[str, content.DemoPetition]:
    """Each demo petition's content, by the text it was created with."""
    return {spec.action_en or spec.action_cy: spec for spec in [content.STORY, *content.OTHERS]}


def test_the_reference_story_reads_the_same_in_both_languages(client, postcodes):
    load()
    petition = story()
    assert (petition.state, petition.debate_state) == (State.CLOSED, DebateState.DEBATED)
    assert petition.signature_count == 1453 == petition.signatures.validated().count()

    with translation.override("en"):
        english = petition_timeline(petition)
    with translation.override("cy"):
        welsh = petition_timeline(petition)
    assert [event.date for event in english] == [event.date for event in welsh]
    reached = timezone.localdate(petition.referral_threshold_reached_at)
    assert datetime.date(2024, 6, 12) < reached < datetime.date(2024, 9, 10)
    assert [event.date for event in english] == [
        datetime.date(2024, 6, 12),  # opened
        reached,  # 250 signatures
        datetime.date(2024, 9, 10),  # closed
        datetime.date(2024, 9, 12),  # referred, once a day has passed for late confirmations
        datetime.date(2024, 10, 7),  # the Committee, first
        datetime.date(2025, 1, 27),  # the Committee awaits the debate
        datetime.date(2025, 2, 12),  # the debate
        datetime.date(2025, 3, 5),  # the response
        datetime.date(2025, 3, 24),  # the Committee, again
    ]

    pages = {
        "en": client.get(f"/en/petitions/{petition.pk}/").content.decode(),
        "cy": client.get(f"/cy/deisebau/{petition.pk}/").content.decode(),
    }
    words = {
        "en": [
            "Referred to the Petitions Committee",
            content.DEBATE_TITLE_EN,
            content.RESPONSE_SUMMARY_EN,
            *(fact.text_en for fact in content.COMMITTEE),
        ],
        "cy": [
            "Cyfeiriwyd at y Pwyllgor Deisebau",
            content.DEBATE_TITLE_CY,
            content.RESPONSE_SUMMARY_CY,
            *(fact.text_cy for fact in content.COMMITTEE),
        ],
    }
    for language, page in pages.items():
        for text in words[language]:
            assert html.escape(text, quote=True) in page, (language, text)
        assert "NDM8812" in page
        assert re.search(r"\b13\D{1,40}\b0\D{1,40}\b34\b", page), language  # the defeated motion
        assert re.search(r"\b47\D{1,40}\b0\D{1,40}\b0\b", page), language  # the amendment
    assert "Cynnal ymchwiliad annibynnol ledled Cymru" in pages["cy"]
    assert "Demo Creator" not in pages["en"]  # closed: the creator is no longer named


def test_the_counter_stamped_the_story_s_threshold_when_it_was_crossed(postcodes):
    load()
    petition = story()
    twofiftieth = petition.signatures.validated().order_by("validated_at", "pk")[249]
    assert petition.referral_threshold_reached_at == twofiftieth.validated_at
    assert petition.debate_threshold_reached_at is None
    assert not petition.signatures.filter(validated_at__gt=petition.closed_at).exists()
    by_country = CountryCount.objects.filter(petition=petition).aggregate(n=Sum("count"))["n"]
    assert by_country == petition.signature_count
    wales = CountryCount.objects.get(petition=petition, country=Country.WALES).count
    assert 0.8 < wales / petition.signature_count < 0.9


def test_the_load_takes_seconds(capsys):
    started = time.monotonic()
    output = load()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\n{output.splitlines()[0]}")
    assert elapsed < 30


def test_counts_match_confirmed_signatures_everywhere(postcodes):
    load("--signatures", "300")
    for petition in Petition.objects.all():
        confirmed = petition.signatures.validated()
        assert petition.signature_count == confirmed.count(), petition
        countries = dict(
            CountryCount.objects.filter(petition=petition).values_list("country", "count")
        )
        assert sum(countries.values()) == petition.signature_count
        seats = ConstituencyCount.objects.filter(petition=petition).aggregate(n=Sum("count"))
        assert (seats["n"] or 0) == confirmed.exclude(constituency=None).count()
        reached = petition.signature_count >= petition.referral_threshold
        assert (petition.referral_threshold_reached_at is not None) == reached, petition
    # Each signer is placed on the boundaries in force the day they signed, as the form does.
    signers = Signature.objects.filter(kind=Signature.Kind.SIGNER).exclude(constituency=None)
    placed = list(signers.values_list("validated_at", "constituency"))
    in_force = {}
    for day in {timezone.localdate(at) for at, _ in placed}:
        in_force[day] = set(Constituency.objects.in_force(day).values_list("code", flat=True))
    assert len({frozenset(codes) for codes in in_force.values()}) == 2  # both sets are used
    assert all(code in in_force[timezone.localdate(at)] for at, code in placed)


def test_without_the_data_directory_the_story_names_its_own_members(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "missing"
    load("--signatures", "250")
    names = set(Member.objects.values_list("name_en", flat=True))
    assert names == {
        "Altaf Hussain", "Darren Millar", "Jane Hutt", "Sioned Williams", "Andrew RT Davies",
        "Lee Waters", "Jane Dodds", "Elin Jones",
    }  # fmt: skip
    assert Seat.objects.on(datetime.date(2025, 2, 12)).count() == 8
    assert Vote.objects.count() == 2


@pytest.mark.skipif(
    not (
        django_settings.DATA_DIR / "senedd/senedd_members_sixth_snapshot_2025-02-17.csv"
    ).is_file(),
    reason="needs the open data directory",
)
def test_with_the_data_directory_all_sixty_members_are_loaded():
    importer = GeographyImporter(django_settings.DATA_DIR)
    importer.import_regions()
    importer.import_constituencies(OLD_CONSTITUENCIES_FILE, old=True)
    load("--signatures", "250")
    assert Member.objects.count() == 60
    assert Debate.objects.get(date=content.DEBATE_DATE).opened_by.senedd_id == 543


def test_it_is_deterministic(postcodes):
    load("--signatures", "250")
    load("--signatures", "250")  # without --if-empty a second copy is added alongside

    def signers(petition):
        return list(
            petition.signatures.order_by("pk").values_list(
                "name", "postcode", "country", "constituency", "language"
            )
        )

    first, second = Petition.objects.filter(creator_pseudonym="Emily Vaughn").order_by("pk")
    assert signers(first) == signers(second)
    # The record is not recorded twice: both copies point at the one debate.
    debate = Debate.objects.get(date=content.DEBATE_DATE)
    assert set(debate.petitions.all()) == {first, second}
    assert (Motion.objects.count(), Vote.objects.count()) == (1, 2)
    assert second.debate_state == DebateState.DEBATED


def test_if_empty_does_nothing_the_second_time():
    load("--if-empty", "--signatures", "250")
    models = (Petition, Signature, Member, Debate, Vote, GovernmentResponse, PetitionEvent)
    counts = [model.objects.count() for model in models]
    assert "not loading" in load("--if-empty")
    assert [model.objects.count() for model in models] == counts


def test_the_story_needs_enough_signatures_to_be_referred():
    with pytest.raises(CommandError, match="at least 250"):
        load("--signatures", "200")
    assert not Petition.objects.exists()


def test_it_refuses_outside_demo_mode(settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="DEISEB_DEMO"):
        load()
    assert not Petition.objects.exists()


def test_the_demo_moderator_can_log_in_and_moderate(client):
    output = load("--signatures", "250")
    assert "/en/staff/login/" in output
    assert "moderator" in output and "deiseb-demo-moderator" in output
    assert "demo only" in output
    user = User.objects.get(username="moderator")
    assert user.is_staff and user.groups.filter(name="moderators").exists()
    assert client.login(username="moderator", password="deiseb-demo-moderator")
    queue = client.get("/en/staff/moderation/")
    assert queue.status_code == 200
    assert "Put a public-access defibrillator" in queue.content.decode()
    assert client.get("/en/staff/admin/petitions/petition/").status_code == 200
    assert "NDM8812" in client.get("/en/staff/record/").content.decode()  # also a clerk
    assert client.get("/en/staff/admin/parliament/vote/").status_code == 200


def test_the_moderator_password_can_come_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DEISEB_DEMO_PASSWORD", "another secret entirely")
    output = load("--signatures", "250")
    assert "another secret entirely" not in output
    assert client.login(username="moderator", password="another secret entirely")
