"""The demo as a visitor, a clerk and a researcher find it: one load, read by every test here.

Loading the demo takes seconds, and these tests only read what it built, so the module loads it
once, inside a transaction rolled back when the module ends; each test runs in a savepoint of
its own within it. Tests that load the demo differently, or twice, are in test_demo.py.
"""

import datetime
import html

import pytest
from django.contrib.auth.models import User
from django.db.models import Sum  # noqa: F401
from django.utils import timezone

from deiseb.audit.models import AuditEntry
from deiseb.core.models import OutboundEmail
from deiseb.demo import content
from deiseb.demo.builder import EMAIL_DOMAIN
from deiseb.geography.models import Country
from deiseb.lib.postcodes import is_valid
from deiseb.moderation.models import Rejection
from deiseb.parliament.models import Amendment, Debate, MemberVote, Role
from deiseb.petitions.lifecycle import VERBS
from deiseb.petitions.models import Petition, PetitionEvent
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from deiseb.signatures.queries import trending
from tests.demo.test_demo import for_the_module, load, specs, story
from tests.helpers import localised

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
State = Petition.State
DebateState = Petition.DebateState


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo with 300 signatures on its biggest petitions and no postcode table, loaded once."""
    with for_the_module(django_db_blocker):
        yield load("--signatures", "300")


def test_the_record_follows_the_story(client):
    petition = story()
    debate = Debate.objects.get(date=content.DEBATE_DATE)
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
    decisions = list(petition.committee_considerations.values_list("meeting_date", flat=True))
    assert decisions == sorted(decisions) and len(decisions) == 3

    for language in ("en", "cy"):
        page = client.get(localised(language, "parliament:debate", debate.pk))
        assert page.status_code == 200, language
        text = motion.text_cy if language == "cy" else motion.text_en
        assert html.escape(text.splitlines()[0], quote=True) in page.content.decode()


def test_every_state_and_debate_state_has_a_petition_where_its_content_says():
    assert set(Petition.objects.values_list("state", flat=True)) == set(State.values)
    assert set(Petition.objects.values_list("debate_state", flat=True)) == set(DebateState.values)
    wanted = specs()
    for petition in Petition.objects.all():
        spec = wanted[petition.action_en or petition.action_cy]
        assert (petition.state, petition.debate_state) == (spec.state, spec.debate_state), spec
    assert Petition.objects.get(state=State.HIDDEN).archived_at is not None
    scheduled = Petition.objects.get(debate_state=DebateState.SCHEDULED)
    assert scheduled.debates.get().date > timezone.localdate()


def test_every_petitions_history_explains_its_state():
    """From "create" on, each row starts where the one before ended, each verb was allowed from
    where it started, and the last row leaves the petition exactly as it is."""
    now = timezone.now()
    for petition in Petition.objects.all():
        events = list(petition.events.order_by("created_at", "id"))
        assert events[0].verb == "create" and events[0].state_after == State.PENDING, petition
        for before, after in zip(events, events[1:], strict=False):
            assert before.state_after == after.state_before, (petition, after.verb)
            assert before.debate_state_after == after.debate_state_before, (petition, after.verb)
            verb = VERBS[after.verb]
            start = (
                after.debate_state_before if verb.field == "debate_state" else after.state_before
            )
            assert start in verb.allowed_from, (petition, after.verb)
        assert (events[-1].state_after, events[-1].debate_state_after) == (
            petition.state,
            petition.debate_state,
        ), petition
        assert all(event.created_at <= now for event in events)
        for event in events:
            if stamp := VERBS[event.verb].stamp:
                assert getattr(petition, stamp) is not None, (petition, event.verb)
    awaiting = Petition.objects.get(state=State.CLOSED, referred_at=None)
    assert now - awaiting.closed_at < datetime.timedelta(hours=24)  # decided tomorrow
    assert not Petition.objects.awaiting_referral_decision(now).exists()


def test_staff_steps_are_in_the_audit_log():
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    Action = AuditEntry.Action
    assert {
        Action.PUBLISH, Action.REJECT, Action.FLAG, Action.EDIT_TEXT, Action.SCHEDULE_DEBATE,
        Action.RECORD_OUTCOME, Action.RECORD_DIVISION, Action.RECORD_RESPONSE, Action.COMPLETE,
        Action.RECORD_NOT_DEBATED, Action.ARCHIVE,
    } <= actions  # fmt: skip
    assert set(AuditEntry.objects.values_list("actor_name", flat=True)) == {"moderator"}


def test_open_petitions_are_trending_and_one_awaits_a_debate():
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    biggest = Petition.objects.filter(state=State.OPEN).order_by("-signature_count").first()
    assert biggest.signature_count > biggest.debate_threshold
    assert biggest.debate_state == DebateState.AWAITING
    assert biggest.signatures.validated().filter(validated_at__gte=hour_ago).count() >= 30
    assert len(trending()) >= 3


def test_every_published_petition_is_bilingual_and_renders_in_both_languages(client):
    published = Petition.objects.published()
    assert published.count() == Petition.objects.filter(state__in=Petition.PUBLISHED_STATES).count()
    assert Petition.objects.filter(state=State.SPONSORED, action_cy="").exists()  # needs Welsh
    for petition in published:
        for language in ("en", "cy"):
            response = client.get(localised(language, "petitions:detail", petition.pk))
            assert response.status_code == 200, (petition, language)
            if not petition.is_open:  # the creator's name is public only while open
                assert petition.creator_name not in response.content.decode()
    debated = client.get("/en/petitions/?state=debated").content.decode()
    assert "Hold a Wales-wide independent inquiry" in debated
    assert "Let councils restore 30mph limits" in client.get("/en/petitions/").content.decode()


def test_rejections_carry_their_reasons():
    reasons = dict(Rejection.objects.values_list("petition__state", "reason__hidden").distinct())
    assert reasons == {State.REJECTED: False, State.HIDDEN: True}
    codes = set(Rejection.objects.values_list("reason", flat=True))
    assert {"insufficient", "offensive", "duplicate", "irrelevant"} <= codes
    insufficient = Petition.objects.get(rejection__reason="insufficient")
    assert insufficient.closed_at < insufficient.rejected_at
    assert insufficient.signature_count < insufficient.referral_threshold
    assert not Petition.objects.published().filter(state=State.HIDDEN).exists()
    assert (
        PetitionEvent.objects.filter(verb__in=["reject", "hide", "close_insufficient"]).count()
        == Rejection.objects.count()
    )
    duplicate = Rejection.objects.get(reason="duplicate")
    assert duplicate.duplicate_of.action_en.startswith("Guarantee every child in Wales")


def test_the_outbox_keeps_only_the_last_few_days_of_email(client):
    emails = OutboundEmail.objects.all()
    assert 0 < emails.count() <= 20
    assert all(email.to.endswith(f"@{EMAIL_DOMAIN}") for email in emails)
    assert emails.filter(created_at__lt=timezone.now() - datetime.timedelta(days=3)).count() == 0
    pending = Petition.objects.get(state=State.PENDING)
    assert emails.filter(kind="confirm_creator", to=pending.creator_email).exists()
    assert client.get("/en/demo/outbox/").status_code == 200


def test_signers_are_synthetic():
    emails = Signature.objects.values_list("email", flat=True)
    assert all(email.endswith(f"@{EMAIL_DOMAIN}") for email in emails)
    creators = Petition.objects.values_list("creator_email", flat=True)
    assert all(email.endswith(f"@{EMAIL_DOMAIN}") for email in creators)
    postcodes = Signature.objects.exclude(postcode="").values_list("postcode", flat=True)
    assert all(is_valid(postcode) for postcode in postcodes)
    tokens = Signature.objects.values_list("token", flat=True)
    assert len(set(tokens)) == len(tokens)


def test_without_the_postcode_table_welsh_signers_count_for_wales_only():
    assert not ConstituencyCount.objects.exists()
    assert not Signature.objects.exclude(constituency=None).exists()
    assert CountryCount.objects.get(petition=story(), country=Country.WALES).count > 150


def test_the_demo_moderator_can_log_in_and_moderate(client, demo):
    output = demo
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
