"""The demo must tell the reference story, cover every state, and be as consistent as real data."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from deiseb.core.demo import EMAIL_DOMAIN
from deiseb.core.models import OutboundEmail
from deiseb.geography.models import Constituency, Country, Postcode
from deiseb.lib.postcodes import is_valid
from deiseb.moderation.models import ModerationAction, Rejection
from deiseb.petitions.models import Petition
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.factories import constituency
from tests.helpers import localised

pytestmark = pytest.mark.django_db
State = Petition.State


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


def test_the_reference_story_at_full_size(client, postcodes):
    load()
    petition = story()
    assert petition.state == State.OPEN
    assert petition.action_en == (
        "Hold a Wales-wide independent inquiry into child sexual exploitation by grooming gangs"
    )
    assert petition.signature_count >= 1400
    assert petition.signature_count == petition.signatures.validated().count()
    assert petition.signatures.filter(kind="sponsor").validated().count() == 2
    assert petition.signatures.filter(kind="creator").validated().count() == 1
    by_country = CountryCount.objects.filter(petition=petition).aggregate(n=Sum("count"))["n"]
    assert by_country == petition.signature_count
    wales = CountryCount.objects.get(petition=petition, country=Country.WALES).count
    assert 0.8 < wales / petition.signature_count < 0.9
    seats = ConstituencyCount.objects.filter(petition=petition)
    assert set(seats.values_list("constituency", flat=True)) == {"W09000053", "W09000048"}
    assert seats.aggregate(n=Sum("count"))["n"] == wales

    now = timezone.now()
    assert 140 <= (now - petition.opened_at).days <= 160
    assert 20 <= (petition.closes_at - now).days <= 40
    twofiftieth = petition.signatures.validated().order_by("validated_at", "pk")[249]
    assert petition.referral_threshold_reached_at == twofiftieth.validated_at
    assert petition.debate_threshold_reached_at is None

    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert "Emily Vaughn" in page
    assert "Demo Creator" not in page
    assert (
        "Cynnal ymchwiliad annibynnol ledled Cymru"
        in client.get(f"/cy/deisebau/{petition.pk}/").content.decode()
    )
    assert OutboundEmail.objects.count() == 0


def test_every_state_has_a_petition_and_every_published_one_is_bilingual():
    load("--signatures", "300")
    assert set(Petition.objects.values_list("state", flat=True)) == set(State.values)
    published = Petition.objects.published()
    assert published.count() == Petition.objects.filter(state__in=Petition.PUBLISHED_STATES).count()
    assert all(petition.has_both_languages for petition in published)
    assert Petition.objects.filter(state=State.OPEN, signature_count__gt=250).exists()
    assert Petition.objects.filter(state=State.OPEN, signature_count__lt=60).exists()
    # One petition in the moderation queue still needs its Welsh.
    assert Petition.objects.filter(state=State.SPONSORED, action_cy="").exists()
    assert OutboundEmail.objects.count() == 0


def test_every_published_petition_page_renders_in_both_languages(client):
    load("--signatures", "300")
    for petition in Petition.objects.published():
        for language in ("en", "cy"):
            response = client.get(localised(language, "petitions:detail", petition.pk))
            assert response.status_code == 200, (petition, language)
            if not petition.is_open:  # the creator's name is public only while open
                assert petition.creator_name not in response.content.decode()
    listing = client.get("/en/petitions/").content.decode()
    assert "Hold a Wales-wide independent inquiry" in listing


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
        if petition.signature_count >= petition.referral_threshold:
            assert petition.referral_threshold_reached_at is not None
        else:
            assert petition.referral_threshold_reached_at is None
    assert (
        not Signature.objects.exclude(constituency=None)
        .exclude(constituency__in=Constituency.objects.in_force())
        .exists()
    )


def test_timestamps_and_moderation_history_agree_with_each_state():
    load("--signatures", "300")
    now = timezone.now()
    for petition in Petition.objects.all():
        if petition.state != State.PENDING:
            assert petition.created_at < petition.validated_at <= now
        if petition.opened_at:
            assert petition.sponsored_at < petition.opened_at < petition.closes_at
            window_end = petition.closed_at or now
            assert (
                not petition.signatures.filter(kind="signer")
                .exclude(validated_at__range=(petition.opened_at, window_end))
                .exists()
            ), petition
        if petition.state == State.OPEN:
            assert petition.closes_at > now and petition.closed_at is None
        if petition.state in {State.CLOSED, State.COMPLETED}:
            assert petition.closed_at == petition.closes_at <= now
        if petition.referred_at:
            assert petition.referred_at > petition.closed_at
        actions = list(petition.actions.order_by("created_at", "id"))
        if petition.state == State.PENDING:
            assert actions == []
            continue
        assert all(a.created_at <= now for a in actions)
        for before, after in zip(actions, actions[1:], strict=False):
            assert before.state_after == after.state_before, petition
        final = State.CLOSED if petition.state == State.COMPLETED else petition.state
        assert actions[-1].state_after == final, petition

    awaiting = Petition.objects.get(state=State.CLOSED, referred_at=None)
    assert now - awaiting.closed_at < datetime.timedelta(hours=24)
    assert not Petition.objects.awaiting_referral_decision(now).exists()
    referred = Petition.objects.get(state=State.CLOSED, referred_at__isnull=False)
    assert referred.signature_count >= referred.referral_threshold


def test_rejections_carry_their_reasons():
    load("--signatures", "0")
    reasons = dict(Rejection.objects.values_list("petition__state", "reason__hidden").distinct())
    assert reasons == {State.REJECTED: False, State.HIDDEN: True}
    codes = set(Rejection.objects.values_list("reason", flat=True))
    assert {"insufficient", "offensive"} <= codes
    assert codes & {"duplicate", "irrelevant"}
    insufficient = Petition.objects.get(rejection__reason="insufficient")
    assert insufficient.closed_at < insufficient.rejected_at
    assert insufficient.signature_count < insufficient.referral_threshold
    assert not Petition.objects.published().filter(state=State.HIDDEN).exists()
    assert ModerationAction.objects.filter(action="reject").count() == Rejection.objects.count()


def test_signers_are_synthetic():
    load("--signatures", "200")
    emails = Signature.objects.values_list("email", flat=True)
    assert all(email.endswith(f"@{EMAIL_DOMAIN}") for email in emails)
    creators = Petition.objects.values_list("creator_email", flat=True)
    assert all(email.endswith(f"@{EMAIL_DOMAIN}") for email in creators)
    postcodes = Signature.objects.exclude(postcode="").values_list("postcode", flat=True)
    assert all(is_valid(postcode) for postcode in postcodes)
    tokens = Signature.objects.values_list("token", flat=True)
    assert len(set(tokens)) == len(tokens)


def test_without_the_postcode_table_welsh_signers_count_for_wales_only():
    load("--signatures", "200")
    assert not ConstituencyCount.objects.exists()
    assert not Signature.objects.exclude(constituency=None).exists()
    petition = story()
    assert CountryCount.objects.get(petition=petition, country=Country.WALES).count > 150


def test_it_is_deterministic(postcodes):
    load("--signatures", "100")
    load("--signatures", "100")  # without --if-empty a second copy is added alongside

    def signers(petition):
        return list(
            petition.signatures.order_by("pk").values_list(
                "name", "postcode", "country", "constituency", "language"
            )
        )

    first, second = Petition.objects.filter(creator_pseudonym="Emily Vaughn").order_by("pk")
    assert signers(first) == signers(second)


def test_if_empty_does_nothing_the_second_time():
    load("--if-empty", "--signatures", "50")
    petitions, signatures = Petition.objects.count(), Signature.objects.count()
    output = load("--if-empty")
    assert "not loading" in output
    assert (Petition.objects.count(), Signature.objects.count()) == (petitions, signatures)


def test_it_refuses_outside_demo_mode(settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="DEISEB_DEMO"):
        load()
    assert not Petition.objects.exists()


def test_the_demo_moderator_can_log_in_and_moderate(client):
    output = load("--signatures", "0")
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


def test_the_moderator_password_can_come_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DEISEB_DEMO_PASSWORD", "another secret entirely")
    output = load("--signatures", "0")
    assert "another secret entirely" not in output
    assert client.login(username="moderator", password="another secret entirely")
