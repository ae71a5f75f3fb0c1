"""Suzie signs an open petition, confirms by email, and is counted once."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from deiseb.signatures.counting import count_signatures
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, constituency
from tests.helpers import localised, run_queued_tasks

pytestmark = pytest.mark.django_db


def sign(client, petition, language="en", **fields):
    data = {
        "name": "Suzie Signer",
        "email": "suzie@example.com",
        "country": "GB-WLS",
        "postcode": "CF10 1AA",
        "notify_by_email": "on",
        **fields,
    }
    response = client.post(localised(language, "signatures:sign", petition.pk), data)
    run_queued_tasks()  # the worker records the attempt and sends its email
    return response


def send_mail(run_tasks, captured):
    for callback in captured:
        callback()
    run_tasks()


@pytest.fixture
def petition():
    constituency()
    return OpenPetitionFactory()


def test_it_records_a_pending_signature_and_emails_a_link(
    client, petition, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign(client, petition)
    assert response.status_code == 302
    assert response["Location"] == f"/en/petitions/{petition.pk}/sign/check-your-email/"
    signature = Signature.objects.get()
    assert signature.state == Signature.State.PENDING
    assert signature.constituency_id == "W09000053"
    assert signature.country_id == "GB-WLS"
    assert signature.notify_by_email is True
    run_tasks()
    (email,) = mail.outbox
    assert email.to == ["suzie@example.com"]
    assert f"/en/signatures/{signature.token}/confirm/" in email.body
    assert email.alternatives and "text/html" in email.alternatives[0][1]


def test_fetching_the_link_confirms_nothing_and_the_button_does(client, petition):
    sign(client, petition)
    signature = Signature.objects.get()
    url = f"/en/signatures/{signature.token}/confirm/"

    page = client.get(url)
    assert page.status_code == 200
    assert b'method="post"' in page.content
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING

    pressed = client.post(url)
    assert pressed.status_code == 302
    assert pressed["Location"] == f"/en/petitions/{petition.pk}/sign/thank-you/?area=W09000053"
    signature.refresh_from_db()
    assert signature.state == Signature.State.VALIDATED
    assert count_signatures() == 1
    petition.refresh_from_db()
    assert petition.signature_count == 1


def test_a_reused_link_says_already_confirmed(client, petition):
    sign(client, petition)
    signature = Signature.objects.get()
    client.post(f"/en/signatures/{signature.token}/confirm/")
    again = client.post(f"/en/signatures/{signature.token}/confirm/")
    assert again.status_code == 200
    assert "Already confirmed" in again.content.decode()
    assert count_signatures() == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_wrong_token_is_a_clear_404(client, method):
    response = getattr(client, method)("/en/signatures/not-a-real-token/confirm/")
    assert response.status_code == 404
    assert "could not find that link" in response.content.decode()


# A NUL byte is refused as a 400 before any view (tests/site/test_crafted_input.py).
@pytest.mark.parametrize("token", ["x" * 500, "%27%22", "..%2F..%2Fetc", "short"])
def test_a_malformed_token_is_the_ordinary_404_page(client, token):
    response = client.get(f"/en/signatures/{token}/confirm/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_expired_token_is_refused(client, petition, settings):
    import datetime

    from django.utils import timezone

    sign(client, petition)
    signature = Signature.objects.get()
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.SIGNATURE_TOKEN_DAYS + 1)
    )
    response = client.post(f"/en/signatures/{signature.token}/confirm/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING


def test_the_same_person_signing_twice_gets_one_signature_and_an_email(
    client, petition, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = sign(client, petition)
    client.post(f"/en/signatures/{Signature.objects.get().token}/confirm/")
    with django_capture_on_commit_callbacks(execute=True):
        second = sign(client, petition, email="SUZIE@example.com", name="suzie signer")
    run_tasks()
    assert Signature.objects.count() == 1
    # The page never says whether the email had signed before.
    assert first["Location"] == second["Location"]
    assert "already signed" in mail.outbox[-1].subject


def test_a_household_may_share_an_email_at_the_same_postcode(client, petition):
    sign(client, petition, name="Suzie Signer")
    sign(client, petition, name="Sam Signer")  # same email and postcode: allowed
    sign(client, petition, name="Third Person")  # a third person: never
    assert sorted(Signature.objects.values_list("name", flat=True)) == [
        "Sam Signer",
        "Suzie Signer",
    ]


def test_a_second_person_at_another_postcode_cannot_share_the_email(client, petition):
    sign(client, petition, name="Suzie Signer")
    sign(client, petition, name="Sam Signer", postcode="SA1 1AA")
    assert Signature.objects.count() == 1


def test_gmail_dots_and_plus_tags_are_the_same_signer(client, petition):
    sign(client, petition, email="suzie.signer+one@gmail.com")
    sign(client, petition, email="SuzieSigner@googlemail.com")
    assert Signature.objects.count() == 1


def test_signers_abroad_need_no_postcode(client, petition):
    response = sign(client, petition, country="FR", postcode="")
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert (
        signature.country_id == "FR" and signature.postcode == "" and signature.constituency is None
    )


def test_a_closed_petition_cannot_be_signed(client):
    from tests.factories import ClosedPetitionFactory

    petition = ClosedPetitionFactory()
    response = sign(client, petition)
    assert response.status_code == 410
    assert Signature.objects.count() == 0


def test_unpublished_petitions_cannot_be_signed(client):
    from tests.factories import SponsoredPetitionFactory

    petition = SponsoredPetitionFactory()
    assert sign(client, petition).status_code == 404


def test_a_welsh_signer_gets_welsh_email(
    client, petition, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign(client, petition, language="cy")
    run_tasks()
    (email,) = mail.outbox
    signature = Signature.objects.get()
    assert signature.language == "cy"
    assert f"/cy/llofnodion/{signature.token}/cadarnhau/" in email.body
    assert re.search(r"Cadarnhewch|cadarnhau", email.subject + email.body)


def test_signing_again_after_the_link_expired_sends_a_fresh_link(
    client, petition, settings, run_tasks, django_capture_on_commit_callbacks
):
    sign(client, petition)
    old = Signature.objects.get()
    Signature.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.SIGNATURE_TOKEN_DAYS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        sign(client, petition)
    run_tasks()
    renewed = Signature.objects.get()
    assert renewed.token != old.token and not renewed.is_expired
    assert f"/en/signatures/{renewed.token}/confirm/" in mail.outbox[-1].body
    assert client.post(f"/en/signatures/{old.token}/confirm/").status_code == 404
    assert client.post(f"/en/signatures/{renewed.token}/confirm/").status_code == 302
    renewed.refresh_from_db()
    assert renewed.state == Signature.State.VALIDATED
