"""Mo, a moderator, invalidates by criteria and searches signatures; others are refused."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import signing

from deiseb.audit.models import AuditEntry
from deiseb.integrity import selection
from deiseb.integrity import urls as integrity_urls
from deiseb.integrity.models import Invalidation
from deiseb.petitions.models import PetitionEvent
from deiseb.signatures.counting import count_signatures
from deiseb.signatures.models import Signature
from tests.factories import (
    ClosedPetitionFactory,
    OpenPetitionFactory,
    SignatureFactory,
    ValidatedSignatureFactory,
    moderator,
)
from tests.helpers import run_queued_tasks

pytestmark = pytest.mark.django_db

PAGES = (
    "/en/staff/integrity/invalidations/",
    "/en/staff/integrity/invalidations/new/",
    "/en/staff/integrity/signatures/",
    "/en/staff/integrity/signatures/?name=suzie",
)


@pytest.fixture
def mo(client):
    user = moderator()
    client.force_login(user)
    return user


def test_only_moderators_and_sysadmins_may_use_the_pages(client):
    invalidation = Invalidation.objects.create(summary="x", name="bot")
    detail = f"/en/staff/integrity/invalidations/{invalidation.pk}/"
    for path in (*PAGES, detail):
        assert client.get(path).status_code == 302, path  # to the sign-in page
    client.force_login(User.objects.create_user("suzie"))
    for path in (*PAGES, detail):
        assert client.get(path).status_code == 403, path
    for path in (f"{detail}start/", f"{detail}cancel/", "/en/staff/integrity/signatures/bulk/"):
        assert client.post(path).status_code == 403, path
    invalidation.refresh_from_db()
    assert invalidation.state == Invalidation.State.DRAFT


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_pages_render_with_one_h1_and_are_never_cached(client, mo, lang):
    SignatureFactory(name="Suzie Signer")
    invalidation = Invalidation.objects.create(summary="x", name="bot")
    for path in (*PAGES, f"/en/staff/integrity/invalidations/{invalidation.pk}/"):
        path = path.replace("/en/", f"/{lang}/")
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1, path
        assert "no-store" in response.headers["Cache-Control"], path
        assert "private" in response.headers["Cache-Control"], path


def test_a_moderator_checks_starts_and_the_worker_finishes_an_invalidation(
    client, mo, django_capture_on_commit_callbacks
):
    petition = OpenPetitionFactory()
    ValidatedSignatureFactory.create_batch(3, petition=petition, ip_address="203.0.113.9")
    ValidatedSignatureFactory.create_batch(2, petition=petition, ip_address="198.51.100.1")
    count_signatures()

    empty = client.post("/en/staff/integrity/invalidations/new/", {"summary": "Nothing"})
    assert empty.status_code == 400
    assert "Give at least one criterion." in empty.content.decode()
    bad = client.post(
        "/en/staff/integrity/invalidations/new/", {"summary": "Bad", "ip_address": "300.1.1.1"}
    )
    assert bad.status_code == 400 and Invalidation.objects.count() == 0

    response = client.post(
        "/en/staff/integrity/invalidations/new/",
        {"summary": "One address", "petition": petition.pk, "ip_address": "203.0.113.0/24"},
    )
    invalidation = Invalidation.objects.get()
    assert response.headers["Location"] == f"/en/staff/integrity/invalidations/{invalidation.pk}/"
    page = client.get(response.headers["Location"]).content.decode()
    assert "Start: invalidate 3 signatures" in page
    assert Signature.objects.filter(state="invalidated").count() == 0  # only checked

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/staff/integrity/invalidations/{invalidation.pk}/start/")
    run_queued_tasks()

    invalidation.refresh_from_db()
    assert (invalidation.state, invalidation.invalidated_count) == ("completed", 3)
    petition.refresh_from_db()
    assert petition.signature_count == 2
    assert PetitionEvent.objects.get(verb="invalidate_signatures").by == mo
    listing = client.get("/en/staff/integrity/invalidations/").content.decode()
    assert "One address" in listing and "Completed" in listing


def search(client, **criteria):
    response = client.get("/en/staff/integrity/signatures/", criteria)
    assert response.status_code == 200
    return response


def test_a_search_shows_signers_details_and_is_audited_without_its_results(client, mo):
    SignatureFactory(name="Bot One", email="one@flood.example", ip_address="203.0.113.9")
    SignatureFactory(name="Suzie Signer", email="suzie@example.com")
    page = search(client, email_domain="@flood.example").content.decode()
    assert "Bot One" in page and "one@flood.example" in page and "203.0.113.9" in page
    assert "Suzie Signer" not in page
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SEARCH_SIGNATURES)
    assert entry.actor == mo
    assert entry.notes == "email_domain: @flood.example"
    assert "Bot One" not in entry.notes and "one@flood.example" not in entry.notes
    refused = client.get("/en/staff/integrity/signatures/", {"ip_address": "nonsense"})
    assert refused.status_code == 400
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SEARCH_SIGNATURES).count() == 1


def selection_of(response) -> str:
    return response.context["selection"]


def test_bulk_invalidate_the_chosen_signatures(client, mo):
    petition = OpenPetitionFactory()
    bots = ValidatedSignatureFactory.create_batch(3, petition=petition, name="Bot")
    ValidatedSignatureFactory(petition=petition, name="Suzie")
    count_signatures()
    token = selection_of(search(client, name="bot"))
    client.post(
        "/en/staff/integrity/signatures/bulk/",
        {"selection": token, "action": "invalidate", "ids": [bots[0].pk, bots[1].pk]},
    )
    assert set(Signature.objects.filter(state="invalidated").values_list("pk", flat=True)) == {
        bots[0].pk,
        bots[1].pk,
    }
    petition.refresh_from_db()
    assert petition.signature_count == 2
    entry = AuditEntry.objects.get(action=AuditEntry.Action.BULK_INVALIDATE)
    assert entry.changes == {"invalidated": [None, 2]}
    assert PetitionEvent.objects.filter(verb="invalidate_signatures").count() == 1


def test_all_matching_means_what_matched_when_the_search_was_signed(client, mo):
    petition = OpenPetitionFactory()
    SignatureFactory.create_batch(3, petition=petition, name="Bot", notify_by_email=True)
    token = selection_of(search(client, name="bot"))
    later = SignatureFactory(petition=petition, name="Bot", notify_by_email=True)
    client.post(
        "/en/staff/integrity/signatures/bulk/",
        {"selection": token, "action": "unsubscribe", "everything": "1"},
    )
    assert Signature.objects.filter(notify_by_email=True).get() == later
    entry = AuditEntry.objects.get(action=AuditEntry.Action.BULK_UNSUBSCRIBE)
    assert entry.changes == {"unsubscribed": [None, 3]}


def test_validate_confirms_signers_only_where_the_petition_still_accepts_them(client, mo):
    open_petition, closed = OpenPetitionFactory(), ClosedPetitionFactory(referred_at=None)
    shadow = SignatureFactory(petition=open_petition, name="Real", state="fraudulent")
    waiting = SignatureFactory(petition=open_petition, name="Real")
    too_late = SignatureFactory(petition=closed, name="Real", state="fraudulent")
    closed.closed_at = closed.closed_at.replace(year=2000)  # long past any grace period
    type(closed).objects.filter(pk=closed.pk).update(closed_at=closed.closed_at)
    token = selection_of(search(client, name="real"))
    client.post(
        "/en/staff/integrity/signatures/bulk/",
        {"selection": token, "action": "validate", "everything": "1"},
    )
    states = dict(Signature.objects.values_list("pk", "state"))
    assert states[shadow.pk] == states[waiting.pk] == "validated"
    assert states[too_late.pk] == "fraudulent"
    count_signatures()
    open_petition.refresh_from_db()
    assert open_petition.signature_count == 2
    entry = AuditEntry.objects.get(action=AuditEntry.Action.BULK_VALIDATE)
    assert entry.changes == {"validated": [None, 2]}


def test_a_tampered_or_widened_selection_is_refused_and_changes_nothing(client, mo):
    petition = OpenPetitionFactory()
    bot = ValidatedSignatureFactory(petition=petition, name="Bot")
    suzie = ValidatedSignatureFactory(petition=petition, name="Suzie")
    count_signatures()
    token = selection_of(search(client, name="bot"))
    payload = signing.loads(token, salt=selection.SALT)
    unsigned = signing.dumps({**payload, "q": f"petition={petition.pk}"}, salt="other")
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    for post in (
        {"selection": forged, "action": "invalidate", "everything": "1"},
        {"selection": unsigned, "action": "invalidate", "everything": "1"},
        {"selection": token, "action": "invalidate", "ids": [bot.pk, suzie.pk]},  # widened
        {"selection": token, "action": "invalidate", "ids": ["x"]},
        {"selection": token, "action": "delete", "ids": [bot.pk]},
        {"action": "invalidate", "everything": "1"},
    ):
        response = client.post("/en/staff/integrity/signatures/bulk/", post)
        assert response.status_code == 400, post
        assert "That selection cannot be used" in response.content.decode()
    assert not Signature.objects.filter(state="invalidated").exists()
    petition.refresh_from_db()
    assert petition.signature_count == 2
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.BULK_INVALIDATE).exists()


def test_nonsense_criteria_are_a_clear_400_not_an_error(client, mo):
    for criteria in (
        {"petition": "99999999999999999999"},
        {"petition": "12345"},
        {"signed_after": "yesterday"},
        {"constituency": "nowhere"},
        {"email": "not an email"},
        {"postcode_sector": "CF1"},
        {"page": "2"},
    ):
        response = client.get("/en/staff/integrity/signatures/", criteria)
        assert response.status_code == 400, criteria
        assert "There is a problem" in response.content.decode(), criteria


def test_every_integrity_route_is_private_and_never_kept(client):
    """As tests/audit/test_private_pages.py does for the older staff apps, read from the
    resolver so that a new route here cannot be missed."""
    client.force_login(User.objects.create_superuser("root"))
    invalidation = Invalidation.objects.create(summary="x", name="bot")
    detail = f"/en/staff/integrity/invalidations/{invalidation.pk}"
    pages = {
        "invalidations": ("get", "/en/staff/integrity/invalidations/"),
        "new_invalidation": ("get", "/en/staff/integrity/invalidations/new/"),
        "invalidation": ("get", f"{detail}/"),
        "start": ("post", f"{detail}/start/"),
        "cancel": ("post", f"{detail}/cancel/"),
        "search": ("get", "/en/staff/integrity/signatures/?name=x"),
        "bulk": ("post", "/en/staff/integrity/signatures/bulk/"),
    }
    assert {pattern.name for pattern in integrity_urls.urlpatterns} == set(pages)
    for name, (method, path) in pages.items():
        response = getattr(client, method)(path)
        assert response.status_code < 500, (name, response.status_code)
        cache_control = response.get("Cache-Control", "")
        assert "private" in cache_control and "no-store" in cache_control, (name, cache_control)
