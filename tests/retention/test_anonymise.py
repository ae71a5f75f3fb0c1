"""A petition's signers are anonymised a year after it finished: counts kept, people gone."""

import datetime
import json

import pytest
import time_machine
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.core.models import OutboundEmail
from deiseb.integrity.models import TrendingAddress
from deiseb.integrity.services import create_invalidation, start_invalidation
from deiseb.integrity.trending import log_trending
from deiseb.notifications.models import UpdateDelivery
from deiseb.petitions import lifecycle
from deiseb.petitions.models import Petition
from deiseb.petitions.signals import signers_anonymised
from deiseb.retention import services
from deiseb.signatures.counting import reconcile_counts
from deiseb.signatures.models import ConstituencyCount, CountryCount, Signature
from tests.factories import CompletedPetitionFactory, RejectedPetitionFactory, moderator
from tests.retention import world as story

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


@pytest.fixture
def world(settings):
    settings.PETITION_REFERRAL_THRESHOLD = 3
    settings.SIGNER_RETENTION_MONTHS = 12
    return story.build()


def counts(petition: Petition) -> dict:
    petition.refresh_from_db()
    return {
        "petition": petition.signature_count,
        "constituencies": dict(
            ConstituencyCount.objects.filter(petition=petition).values_list("constituency", "count")
        ),
        "countries": dict(
            CountryCount.objects.filter(petition=petition).values_list("country", "count")
        ),
        "signatures": list(
            Signature.objects.filter(petition=petition)
            .order_by("pk")
            .values_list("pk", "state", "kind", "constituency", "country", "count_batch")
        ),
    }


def everything_stored():
    """(model, column, text) for every text, JSON and address column of every row, sessions
    decoded, the task results' arguments and tracebacks included."""
    for model in apps.get_models():
        if model._meta.app_label == "geography":
            continue  # the postcode lookup: open data about places, not about anyone
        columns = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not columns:
            continue
        for row in model._default_manager.values_list(*(f.attname for f in columns)):
            for column, value in zip(columns, row, strict=True):
                if value is not None and not isinstance(value, str):
                    value = json.dumps(value, ensure_ascii=False, default=str)
                yield model, column.name, value or ""
    for session in Session.objects.all():
        yield Session, "decoded", json.dumps(session.get_decoded(), ensure_ascii=False)


def leaks(originals: set) -> list:
    needles = {value.lower() for value in originals}
    return [
        (model.__name__, column, needle)
        for model, column, text in everything_stored()
        for needle in needles
        if needle in text.lower()
    ]


def anonymise_a_year_on(petition: Petition):
    with time_machine.travel(petition.completed_at + datetime.timedelta(days=366), tick=False):
        return services.anonymise_due()


def test_the_world_holds_everyone_before_it_runs(world):
    """The search finds what it must: every person is in the signatures, the outbox and the
    task results before anonymisation (so an empty search afterwards means something)."""
    found = {needle for _model, _column, needle in leaks(world.originals)}
    assert found == {value.lower() for value in world.originals}
    places = {model for model, _column, _needle in leaks(world.originals)}
    assert {"Signature", "Petition", "OutboundEmail", "DBTaskResult"} <= places
    assert Signature.objects.filter(petition=world.petition, ip_address__isnull=False).count() == 10
    assert UpdateDelivery.objects.filter(update__petition=world.petition).exists()
    assert OutboundEmail.objects.filter(kind="government_response", status="sent").exists()


def test_it_leaves_every_count_and_no_trace_of_anyone(world):
    before = counts(world.petition)
    assert before["petition"] == 9  # creator, 2 supporters, 6 confirmed signers

    assert anonymise_a_year_on(world.petition) == 1

    assert counts(world.petition) == before
    assert reconcile_counts([world.petition.pk]) == 0
    assert leaks(world.originals) == []
    petition = world.petition
    assert petition.anonymised_at is not None
    assert petition.creator_name == petition.public_creator_name == "A Parent in Penarth"
    assert petition.events.filter(verb="anonymise").count() == 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ANONYMISE)
    assert entry.object_id == str(petition.pk) and entry.actor is None
    # Deliveries still say one per inbox; the outbox still says what was sent, to nobody.
    assert UpdateDelivery.objects.filter(update__petition=petition).count() == 7
    sent = OutboundEmail.objects.filter(kind="government_response")
    assert sent.count() == 7 and set(sent.values_list("body_text", flat=True)) == {""}


def test_an_old_confirmation_link_names_nobody(world, client):
    pending = Signature.objects.get(petition=world.petition, state=Signature.State.PENDING)
    old_link = story._confirm_link(pending)
    anonymise_a_year_on(world.petition)
    assert client.get(old_link).status_code == 404


def test_a_second_run_finds_nothing_to_do(world):
    anonymise_a_year_on(world.petition)
    assert anonymise_a_year_on(world.petition) == 0
    assert world.petition.events.filter(verb="anonymise").count() == 1
    with pytest.raises(services.NotDue):
        services.anonymise_petition(world.petition)


def test_a_held_petition_is_untouched(world):
    Petition.objects.filter(pk=world.petition.pk).update(legal_hold=True)
    before = list(Signature.objects.filter(petition=world.petition).values())
    assert anonymise_a_year_on(world.petition) == 0
    assert list(Signature.objects.filter(petition=world.petition).values()) == before
    world.petition.refresh_from_db()
    assert world.petition.anonymised_at is None
    assert world.petition.creator_email == story.CREATOR["creator_email"]


def test_another_petition_of_the_same_signer_keeps_its_emails(world, run_tasks):
    """Alys also signed a petition still open: only the emails about this one go."""
    other = OutboundEmail.objects.create(
        kind="confirm_signature",
        to="alys@example.org",
        subject="Confirm your signature on “Another petition”",
        body_text="http://testserver/en/signatures/another-token/confirm/",
        body_html="",
    )
    anonymise_a_year_on(world.petition)
    other.refresh_from_db()
    assert other.to == "alys@example.org" and "another-token" in other.body_text


@pytest.mark.parametrize(
    ("months_and_days", "due"), [((12, -1), False), ((12, 0), True), ((13, 0), True)]
)
def test_it_is_due_exactly_the_months_after_it_finished(settings, months_and_days, due):
    settings.SIGNER_RETENTION_MONTHS = 12
    finished = datetime.datetime(2027, 3, 31, 12, 0, tzinfo=datetime.UTC)
    completed = CompletedPetitionFactory(completed_at=finished)
    rejected = RejectedPetitionFactory(rejected_at=finished)
    months, days = months_and_days
    now = services.months_before(finished, -months) + datetime.timedelta(days=days)
    expected = {completed.pk, rejected.pk} if due else set()
    assert set(services.due_petitions(now).values_list("pk", flat=True)) == expected


def test_twelve_months_after_the_last_day_of_a_month_is_the_last_day_of_that_month():
    end_of_march = datetime.datetime(2027, 3, 31, 9, 30, tzinfo=datetime.UTC)
    assert services.months_before(end_of_march, 1) == end_of_march.replace(month=2, day=28)
    assert services.months_before(end_of_march, -11) == end_of_march.replace(
        year=2028, month=2, day=29
    )
    assert services.months_before(end_of_march, 12).year == 2026


def test_open_and_referred_petitions_are_never_due(settings):
    from tests.factories import ClosedPetitionFactory, OpenPetitionFactory, ReferredPetitionFactory

    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    OpenPetitionFactory(opened_at=long_ago)
    ClosedPetitionFactory()
    ReferredPetitionFactory()
    assert not services.due_petitions().exists()


def test_the_audit_log_and_history_forget_the_names_they_mention(world):
    """Staff notes are free text: a name typed in one goes when its person is anonymised."""
    petition = world.petition
    signature = Signature.objects.get(petition=petition, name="Alys Adams")
    audit.record(
        world.clerk,
        AuditEntry.Action.CHANGE,
        petition,
        changes={"creator_pseudonym": ["", "A Parent in Penarth"]},
        notes="Carys Realname asked for a pseudonym by phone",
    )
    audit.record(
        world.clerk, AuditEntry.Action.CHANGE, signature, notes="Alys Adams asked us to check it"
    )
    lifecycle.perform(
        "edit_text", petition, by=world.clerk, notes="As Carys Realname asked on the phone"
    )
    assert len(leaks({"Carys Realname", "Alys Adams"})) > 3

    anonymise_a_year_on(petition)

    assert leaks(world.originals) == []
    entry = AuditEntry.objects.get(notes__contains="asked for a pseudonym")
    assert entry.notes == "[redacted] asked for a pseudonym by phone"
    assert entry.changes == {"creator_pseudonym": ["", "A Parent in Penarth"]}
    assert petition.events.get(verb="edit_text").notes == "As [redacted] asked on the phone"


def test_a_big_petition_goes_in_batches_with_the_same_result(world):
    steps = []
    with time_machine.travel(world.petition.completed_at + datetime.timedelta(days=366)):
        signers = services.anonymise_petition(world.petition, batch_size=3, progress=steps.append)
    assert signers == 10 and steps == [3, 3, 3, 1]
    assert leaks(world.originals) == []
    assert reconcile_counts([world.petition.pk]) == 0


def test_a_run_that_fails_half_way_leaves_the_petition_whole_and_the_next_finishes(world):
    before = list(Signature.objects.filter(petition=world.petition).order_by("pk").values())

    def fail(sender, **kwargs):
        raise RuntimeError("the worker died")

    signers_anonymised.connect(fail, dispatch_uid="test_fail")
    try:
        with pytest.raises(RuntimeError):
            anonymise_a_year_on(world.petition)
    finally:
        signers_anonymised.disconnect(dispatch_uid="test_fail")

    assert list(Signature.objects.filter(petition=world.petition).order_by("pk").values()) == before
    assert Petition.objects.get(pk=world.petition.pk).anonymised_at is None
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISE).exists()
    assert anonymise_a_year_on(world.petition) == 1
    assert leaks(world.originals) == []


def test_what_the_staff_tools_kept_about_them_goes_too(world, settings):
    """A trending address logged for the petition, an invalidation of it by name and address,
    and the audit entry of its start: the names and addresses go, the record of each stays."""
    settings.TRENDING_LOG_THRESHOLD = 0
    petition = world.petition
    alys = Signature.objects.get(petition=petition, name="Alys Adams")
    log_trending(now=alys.created_at + datetime.timedelta(hours=1))
    trending = TrendingAddress.objects.filter(petition=petition, kind=TrendingAddress.Kind.IP)
    assert trending.filter(value=alys.ip_address).exists()
    mo = moderator("mona")
    invalidation = create_invalidation(
        by=mo, summary="One household", petition=petition, name="Alys Adams"
    )
    start_invalidation(invalidation, by=mo)  # its task would run on commit; none here
    assert leaks({"Alys Adams"}) and AuditEntry.objects.filter(notes__contains="Alys Adams")

    anonymise_a_year_on(petition)

    assert leaks(world.originals) == []
    assert trending.count() == 7 and trending.filter(value__startswith="anonymised-").count() == 7
    invalidation.refresh_from_db()
    assert (invalidation.summary, invalidation.name, invalidation.matching_count) == (
        "One household",
        "",
        1,
    )
    entry = AuditEntry.objects.get(action=AuditEntry.Action.START_INVALIDATION)
    assert "[redacted]" in entry.notes and entry.actor == mo
