"""The demo must tell the reference story, cover every state, and be as consistent as real data."""

import datetime
import html
import re
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from deiseb.core import demo_content as content
from deiseb.core.demo import EMAIL_DOMAIN
from deiseb.core.models import OutboundEmail
from deiseb.geography.importers import OLD_CONSTITUENCIES_FILE, GeographyImporter
from deiseb.geography.models import Constituency, Country, Postcode
from deiseb.lib.postcodes import is_valid
from deiseb.moderation.models import Rejection
from deiseb.parliament.models import (
    Amendment,
    Debate,
    GovernmentResponse,
    Member,
    MemberVote,
    Motion,
    Role,
    Seat,
    Vote,
)
from deiseb.petitions.models import Petition, PetitionEvent
from deiseb.petitions.queries import trending
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.factories import constituency
from tests.helpers import localised

pytestmark = pytest.mark.django_db
State = Petition.State


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
    assert petition.state == State.CLOSED
    assert petition.debate_state == Petition.DebateState.DEBATED
    assert petition.action_en == (
        "Hold a Wales-wide independent inquiry into child sexual exploitation by grooming gangs"
    )
    assert petition.signature_count == 1453
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

    # Published in June 2024, closed after 90 days, referred the day after.
    assert timezone.localdate(petition.opened_at) == datetime.date(2024, 6, 12)
    assert timezone.localdate(petition.closed_at) == datetime.date(2024, 9, 10)
    assert petition.referred_at - petition.closed_at < datetime.timedelta(days=2)
    twofiftieth = petition.signatures.validated().order_by("validated_at", "pk")[249]
    assert petition.referral_threshold_reached_at == twofiftieth.validated_at
    assert petition.debate_threshold_reached_at is None
    assert not petition.signatures.filter(validated_at__gt=petition.closed_at).exists()

    english = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    welsh = client.get(f"/cy/deisebau/{petition.pk}/").content.decode()
    assert "Demo Creator" not in english  # closed: the creator is no longer named
    assert "Cynnal ymchwiliad annibynnol ledled Cymru" in welsh
    for page, words in [(english, content.DEBATE_TITLE_EN), (welsh, content.DEBATE_TITLE_CY)]:
        assert html.escape(words, quote=True) in page
        assert "NDM8812" in page
        assert re.search(r"\b13\D{1,40}\b0\D{1,40}\b34\b", page)  # the defeated motion
        assert re.search(r"\b47\D{1,40}\b0\D{1,40}\b0\b", page)  # the amendment
    assert html.escape(content.RESPONSE_SUMMARY_EN, quote=True) in english
    assert html.escape(content.RESPONSE_SUMMARY_CY, quote=True) in welsh
    assert html.escape(content.COMMITTEE[0].text_cy, quote=True) in welsh
    assert OutboundEmail.objects.count() == 0


def test_the_record_follows_the_story(client):
    load("--signatures", "300")
    petition = story()
    debate = Debate.objects.get()
    assert debate.date == datetime.date(2025, 2, 12)
    assert debate.kind == Debate.Kind.OPPOSITION
    assert debate.opened_by.name_en == "Altaf Hussain"
    assert list(debate.petitions.all()) == [petition]
    motion = debate.motions.get()
    assert (motion.reference, motion.binding, motion.mover.name_en) == (
        "NDM8812",
        False,
        "Darren Millar",
    )
    amendment = motion.amendments.get()
    assert (amendment.number, amendment.status, amendment.mover.name_en) == (
        1,
        Amendment.Status.AGREED,
        "Sioned Williams",
    )
    votes = list(motion.votes.order_by("position"))
    assert [
        (v.question, v.result, v.for_count, v.abstain_count, v.against_count) for v in votes
    ] == [
        ("motion_without_amendment", "not_agreed", 13, 0, 34),
        ("amendment", "agreed", 47, 0, 0),
    ]
    assert votes[1].amendment == amendment
    assert not any(vote.members_recorded for vote in votes)
    assert not MemberVote.objects.exists()  # the member list is not in our data: none invented

    response = petition.government_responses.get()
    assert response.member.name_en == "Jane Hutt"
    assert response.responded_on == datetime.date(2025, 3, 5)
    assert (
        Role.objects.on(response.responded_on)
        .filter(member=response.member, title_en="Cabinet Secretary for Social Justice")
        .exists()
    )
    assert "ten-year strategy" in response.summary_en and "deng mlynedd" in response.summary_cy
    decisions = list(petition.committee_considerations.values_list("meeting_date", flat=True))
    assert decisions == sorted(decisions) and len(decisions) == 3
    assert all(c.text_en and c.text_cy for c in petition.committee_considerations.all())

    for language in ("en", "cy"):
        page = client.get(localised(language, "parliament:debate", debate.pk))
        assert page.status_code == 200, language
        text = motion.text_cy if language == "cy" else motion.text_en
        assert html.escape(text.splitlines()[0], quote=True) in page.content.decode()


def test_without_the_data_directory_the_story_names_its_own_members(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "missing"
    load("--signatures", "0")
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
    load("--signatures", "0")
    assert Member.objects.count() == 60
    assert Debate.objects.get().opened_by.senedd_id == 543


def test_open_petitions_are_trending():
    load("--signatures", "100")
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    recent = (
        Signature.objects.validated()
        .filter(validated_at__gte=hour_ago, petition__state=State.OPEN)
        .values_list("petition", flat=True)
        .distinct()
    )
    assert len(set(recent)) >= 3
    biggest = Petition.objects.filter(state=State.OPEN).order_by("-signature_count").first()
    assert biggest.signature_count > 1000
    assert biggest.signatures.validated().filter(validated_at__gte=hour_ago).count() >= 30
    assert len(trending()) >= 3


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
    debated = client.get("/en/petitions/?state=debated").content.decode()
    assert "Hold a Wales-wide independent inquiry" in debated
    assert "Let councils restore 30mph limits" in client.get("/en/petitions/").content.decode()


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
        actions = list(petition.events.order_by("created_at", "id"))
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
    referred = Petition.objects.filter(state=State.CLOSED, referred_at__isnull=False)
    assert referred.count() == 2  # the story, and one more
    assert all(p.signature_count >= p.referral_threshold for p in referred)


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
    assert (
        PetitionEvent.objects.filter(verb__in=["reject", "hide", "close_insufficient"]).count()
        == Rejection.objects.count()
    )


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
    # The record is not recorded twice: both copies point at the one debate.
    debate = Debate.objects.get()
    assert set(debate.petitions.all()) == {first, second}
    assert (Motion.objects.count(), Vote.objects.count()) == (1, 2)
    assert second.debate_state == Petition.DebateState.DEBATED


def test_if_empty_does_nothing_the_second_time():
    load("--if-empty", "--signatures", "50")
    counts = [
        model.objects.count()
        for model in (Petition, Signature, Member, Debate, Vote, GovernmentResponse)
    ]
    output = load("--if-empty")
    assert "not loading" in output
    assert [
        model.objects.count()
        for model in (Petition, Signature, Member, Debate, Vote, GovernmentResponse)
    ] == counts


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
    assert "NDM8812" in client.get("/en/staff/record/").content.decode()  # also a clerk
    assert client.get("/en/staff/admin/parliament/vote/").status_code == 200


def test_the_moderator_password_can_come_from_the_environment(client, monkeypatch):
    monkeypatch.setenv("DEISEB_DEMO_PASSWORD", "another secret entirely")
    output = load("--signatures", "0")
    assert "another secret entirely" not in output
    assert client.login(username="moderator", password="another secret entirely")
