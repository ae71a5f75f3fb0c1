"""Cara records a petition handed in on paper; it is listed, counted and referred like the rest."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.html import escape

from deiseb.audit.models import AuditEntry
from deiseb.moderation.services import close_petitions
from deiseb.parliament import paper
from deiseb.parliament.queries import petition_timeline
from deiseb.petitions.models import Petition
from deiseb.signatures.counting import count_signatures, reconcile_counts
from tests.factories import ValidatedSignatureFactory, clerk, moderator
from tests.helpers import localised

pytestmark = pytest.mark.django_db

HANDED_IN = datetime.date(2026, 2, 12)


@pytest.fixture
def cara():
    return clerk()


def form(**changes) -> dict:
    return {
        "action_en": "Keep Llanidloes library open",
        "action_cy": "Cadw llyfrgell Llanidloes ar agor",
        "background_en": "The town has no other library.",
        "background_cy": "Nid oes llyfrgell arall yn y dref.",
        "creator_name": "Pat Paper",
        "submitted_on_day": HANDED_IN.day,
        "submitted_on_month": HANDED_IN.month,
        "submitted_on_year": HANDED_IN.year,
        "signatures": "1432",
        **changes,
    }


def record(signatures=1432, by=None, submitted_on=HANDED_IN) -> Petition:
    return paper.record_paper_petition(
        action_en="Keep the library open", action_cy="Cadw'r llyfrgell ar agor",
        background_en="No other library.", background_cy="Dim llyfrgell arall.",
        creator_name="Pat Paper", submitted_on=submitted_on, signatures=signatures, by=by,
    )  # fmt: skip


def test_cara_records_a_paper_petition_through_the_lifecycle(client, cara):
    client.force_login(cara)
    response = client.post(localised("en", "paper:new"), form())
    petition = Petition.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{petition.pk}/")
    assert petition.is_paper and petition.is_published and not petition.accepts_signatures
    assert (petition.signature_count, petition.paper_signatures) == (1432, 1432)
    assert petition.state == Petition.State.CLOSED
    assert timezone.localdate(petition.closed_at) == HANDED_IN
    assert petition.referral_threshold_reached_at == petition.closed_at
    first = petition.events.order_by("pk").first()
    assert (first.verb, first.by, first.state_before, first.state_after) == (
        "receive_paper", cara, "", "closed",
    )  # fmt: skip
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RECORD_PAPER)
    assert entry.actor == cara and entry.object_id == str(petition.pk)
    assert entry.changes["paper_signatures"] == [None, 1432]


def test_only_clerks_record_paper_petitions(client):
    url = localised("en", "paper:new")
    assert client.get(url).status_code == 302
    client.force_login(moderator())
    assert client.post(url, form()).status_code == 403
    assert not Petition.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"action_cy": ""},
        {"signatures": "0"},
        {"signatures": "many"},
        {"submitted_on_year": str(timezone.localdate().year + 1)},
        {"additional_details_en": "Only in English."},
    ],
)
def test_an_incomplete_paper_petition_is_refused(client, cara, changes):
    client.force_login(cara)
    response = client.post(localised("en", "paper:new"), form(**changes))
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert not Petition.objects.exists()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_its_page_says_it_came_on_paper_and_offers_no_sign_button(client, cara, language):
    petition = record(by=cara)
    html = client.get(localised(language, "petitions:detail", petition.pk)).content.decode()
    if language == "en":
        assert "Submitted on paper on 12 February 2026 with 1432 signatures." in html
    assert escape(petition.in_language("action", language)) in html
    assert localised(language, "signatures:sign", petition.pk) not in html
    assert "are from Wales" not in html
    assert client.get(localised(language, "signatures:sign", petition.pk)).status_code == 410


def test_its_timeline_tells_its_history_from_the_day_it_was_handed_in(cara):
    """The timeline reads the petition's history: no "opened" line, as no verb opened it."""
    petition = record(by=cara)
    lines = [(event.date, event.title) for event in petition_timeline(petition)]
    assert lines == [
        (HANDED_IN, "Handed in on paper"),
        (HANDED_IN, "Reached 250 signatures: the Petitions Committee will consider it"),
    ]


def test_it_is_listed_with_the_online_petitions(client, cara):
    petition = record(by=cara)
    html = client.get(localised("en", "petitions:list"), {"state": "all"}).content.decode()
    assert petition.action_en in html
    assert Petition.objects.listed("all").filter(pk=petition.pk).exists()


def test_reconciling_keeps_the_paper_count_and_adds_any_online_rows(cara):
    petition = record(signatures=300, by=cara)
    assert reconcile_counts() == 0
    petition.refresh_from_db()
    assert petition.signature_count == 300
    Petition.objects.filter(pk=petition.pk).update(signature_count=5)  # drift
    ValidatedSignatureFactory.create_batch(2, petition=petition)
    count_signatures()
    assert reconcile_counts([petition.pk]) == 1
    petition.refresh_from_db()
    assert petition.signature_count == 302


def test_a_day_after_it_is_handed_in_it_is_referred_if_it_has_the_signatures(cara):
    today = timezone.localdate()
    enough, too_few = record(signatures=250, by=cara, submitted_on=today), record(12, cara, today)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, hours=1)):
        assert close_petitions() == {"closed": 0, "referred": 1, "insufficient": 1}
    enough.refresh_from_db()
    too_few.refresh_from_db()
    assert enough.referred_at is not None
    assert too_few.state == Petition.State.REJECTED and too_few.signature_count == 12
