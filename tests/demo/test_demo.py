"""The demo tells the reference story, has a petition in every state, and got there by the verbs."""

import contextlib
import datetime
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from deiseb.demo import content
from deiseb.geography.importers import OLD_CONSTITUENCIES_FILE, GeographyImporter
from deiseb.geography.models import Constituency, Postcode
from deiseb.parliament.models import (
    Debate,
    GovernmentResponse,
    Member,
    Motion,
    Seat,
    Vote,
)
from deiseb.petitions.models import Petition, PetitionEvent
from deiseb.signatures.models import Signature
from tests.factories import constituency

pytestmark = pytest.mark.django_db
State = Petition.State
DebateState = Petition.DebateState


def make_postcodes():
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


@pytest.fixture
def postcodes():
    make_postcodes()


@contextlib.contextmanager
def for_the_module(django_db_blocker):
    """A world a module's tests share: built with the suite's settings inside a transaction
    that is rolled back when the module ends; each test runs in a savepoint within it."""
    from tests.conftest import suite_settings

    with django_db_blocker.unblock(), override_settings(**suite_settings()), transaction.atomic():
        yield
        transaction.set_rollback(True)


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def story() -> Petition:
    return Petition.objects.get(creator_pseudonym="Emily Vaughn")


def specs() -> dict[str, content.DemoPetition]:
    """Each demo petition's content, by the text it was created with."""
    return {spec.action_en or spec.action_cy: spec for spec in [content.STORY, *content.OTHERS]}


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


def test_the_moderator_password_can_come_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DEISEB_DEMO_PASSWORD", "another secret entirely")
    output = load("--signatures", "250")
    assert "another secret entirely" not in output
    assert client.login(username="moderator", password="another secret entirely")
