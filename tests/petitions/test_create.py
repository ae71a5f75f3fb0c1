"""Charlie creates a petition, two supporters back it, and it joins the moderation queue."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from deiseb.petitions.models import Petition
from deiseb.signatures.models import Signature
from tests.factories import RejectedPetitionFactory, constituency
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/\w\w/signatures/[\w-]+/confirm/)", message.body).group(1)


def fill_in_petition(client, language="en", **creator):
    closing = timezone.localdate() + datetime.timedelta(days=60)
    client.get(localised(language, "petitions:check", query="q=Inquiry+into+exploitation"))
    response = client.post(
        localised(language, "petitions:new"),
        {
            "action": "Hold a Wales-wide inquiry into child sexual exploitation",
            "background": "Survivors deserve to know the scale of what happened.",
            "additional_details": "",
        },
    )
    assert response.status_code == 302
    response = client.post(
        localised(language, "petitions:new_closing"), {"closing_date": closing.isoformat()}
    )
    assert response.status_code == 302
    details = {
        "name": "Charlie Creator",
        "use_pseudonym": "on",
        "pseudonym": "Emily Vaughn",
        "email": "charlie@example.com",
        "postcode": "cf10 1aa",
        "address": "1 High Street, Cardiff",
        "phone": "029 2000 0000",
        "notify_by_email": "on",
        **creator,
    }
    return client.post(localised(language, "petitions:new_creator"), details)


def test_it_creates_a_pending_petition_only_after_check_your_answers(client, run_tasks):
    constituency()
    assert fill_in_petition(client).status_code == 302
    assert Petition.objects.count() == 0  # nothing saved until the creator submits

    review = client.get("/en/petitions/new/check-your-answers/")
    assert "Emily Vaughn" in review.content.decode()

    with_commit = client.post("/en/petitions/new/check-your-answers/")
    assert with_commit.status_code == 302
    petition = Petition.objects.get()
    assert petition.state == Petition.State.PENDING
    assert petition.creator_pseudonym == "Emily Vaughn"
    assert petition.action_en.startswith("Hold a Wales-wide inquiry")
    assert petition.action_cy == ""
    assert petition.referral_threshold == 250 and petition.debate_threshold == 10_000
    assert 59 <= petition.duration_days <= 60
    creator = petition.signatures.get()
    assert creator.kind == "creator" and creator.state == Signature.State.PENDING
    assert creator.constituency_id == "W09000053"


def test_the_whole_supporter_journey_reaches_the_moderation_queue(
    client, run_tasks, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        fill_in_petition(client)
        client.post("/en/petitions/new/check-your-answers/")
    run_tasks()
    petition = Petition.objects.get()
    (creator_email,) = mail.outbox
    link = confirm_link(creator_email)

    assert client.get(link).status_code == 200  # a mail scanner's GET confirms nothing
    petition.refresh_from_db()
    assert petition.state == Petition.State.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    run_tasks()
    petition.refresh_from_db()
    assert petition.state == Petition.State.VALIDATED
    share = mail.outbox[-1]
    support_path = re.search(r"http://testserver(/en/petitions/\d+/support/[\w-]+/)", share.body)
    assert support_path, share.body

    for number in (1, 2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                support_path.group(1),
                {
                    "name": f"Supporter {number}",
                    "email": f"supporter{number}@example.com",
                    "country": "GB-WLS",
                    "postcode": "CF10 1AA",
                },
                # Each from their own connection: a second signature on one petition from one
                # address within a minute is shadow-banned (the signing rates' burst).
                REMOTE_ADDR=f"198.51.100.{number}",
            )
        assert response.status_code == 302
        run_tasks()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(confirm_link(mail.outbox[-1]))
        run_tasks()

    petition.refresh_from_db()
    assert petition.state == Petition.State.SPONSORED
    assert petition.signatures.sponsors().validated().count() == 2
    assert "enough supporters" in mail.outbox[-1].subject


def test_the_supporter_link_stops_at_the_limit(client, settings):
    from tests.factories import SponsoredPetitionFactory, ValidatedSignatureFactory

    settings.PETITION_SPONSORS_MAX = 3
    petition = SponsoredPetitionFactory()
    ValidatedSignatureFactory.create_batch(3, petition=petition, kind="sponsor")
    url = f"/en/petitions/{petition.pk}/support/{petition.sponsor_token}/"
    response = client.post(
        url,
        {"name": "Late", "email": "late@example.com", "country": "GB-WLS", "postcode": "CF10 1AA"},
    )
    assert "not collecting supporters" in response.content.decode()
    assert petition.signatures.count() == 3


def test_a_wrong_supporter_token_is_a_404(client):
    from tests.factories import ValidatedPetitionFactory

    petition = ValidatedPetitionFactory()
    assert client.get(f"/en/petitions/{petition.pk}/support/not-the-token/").status_code == 404


def test_a_supporter_confirming_after_publication_is_counted(client):
    from deiseb.signatures.counting import count_signatures
    from tests.factories import OpenPetitionFactory, SignatureFactory

    petition = OpenPetitionFactory()
    late = SignatureFactory(petition=petition, kind="sponsor")
    response = client.post(f"/en/signatures/{late.token}/confirm/")
    assert response.status_code == 200
    assert count_signatures() == 1


def test_a_supporter_cannot_confirm_once_the_petition_is_rejected(client):
    from tests.factories import SignatureFactory

    petition = RejectedPetitionFactory()
    late = SignatureFactory(petition=petition, kind="sponsor")
    response = client.post(f"/en/signatures/{late.token}/confirm/")
    assert response.status_code == 410
    late.refresh_from_db()
    assert late.state == Signature.State.PENDING


def test_an_international_phone_number_is_accepted(client):
    constituency()
    assert fill_in_petition(client, phone="+44 29 2089 8888").status_code == 302
    client.post("/en/petitions/new/check-your-answers/")
    assert Petition.objects.get().creator_phone == "+44 29 2089 8888"
