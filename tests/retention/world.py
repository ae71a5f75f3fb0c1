"""A petition's whole life through the real views and services, with everyone's details on it.

Carys starts it under a pseudonym and confirms by email; two supporters confirm through the
support link; it is published; signers sign and confirm through the sign form, each from an
address of their own (one in Welsh, a household of two, one abroad, one who never confirms,
one who asks for no emails); it is counted, closed and referred; the Government's response is
emailed to those who asked for updates and delivered; the Committee completes it. Every email
goes through the outbox and the worker, so the copies are where the site leaves them.
"""

import datetime
import re
from dataclasses import dataclass, field

import time_machine
from django.contrib.auth.models import User
from django.test import Client, TestCase
from django.utils import timezone

from deiseb.moderation.services import close_petitions, publish_petition
from deiseb.notifications.services import email_response
from deiseb.parliament import services as record
from deiseb.parliament.models import GovernmentResponse
from deiseb.petitions.models import Petition
from deiseb.signatures import services as signing
from deiseb.signatures.counting import count_signatures
from deiseb.signatures.models import Signature
from tests.factories import (
    MemberFactory,
    PendingPetitionFactory,
    clerk,
    constituency,
    moderator,
)
from tests.helpers import localised, run_queued_tasks

WALES = "GB-WLS"
START = datetime.datetime(2027, 1, 4, 10, 0, tzinfo=datetime.UTC)
CREATOR = {
    "creator_name": "Carys Realname",
    "creator_pseudonym": "A Parent in Penarth",
    "creator_email": "carys.realname@example.org",
    "creator_postcode": "CF64 1AA",
    "creator_address": "7 Heol Glan y Môr, Penarth",
    "creator_phone": "07700 900456",
}
SUPPORTERS = [
    ("Sioned Supporter", "sioned@example.org", "CF64 1AB", "198.51.100.21"),
    ("Tomos Supporter", "tomos@example.org", "CF64 1AA", "198.51.100.22"),
]
# name, email, postcode, country, language, asks for updates, address signed from, confirms
SIGNERS = [
    ("Alys Adams", "alys@example.org", "CF64 1AB", WALES, "en", True, "203.0.113.31", True),
    ("Gwenllian Gymraeg", "gwen@example.org", "CF64 1AA", WALES, "cy", True, "203.0.113.32", True),
    ("Huw Household", "huw@example.org", "CF64 1AB", WALES, "en", True, "203.0.113.33", True),
    ("Heledd Household", "huw@example.org", "CF64 1AB", WALES, "en", True, "203.0.113.34", True),
    ("Quentin Quiet", "quentin@example.org", "CF64 1AA", WALES, "en", False, "203.0.113.35", True),
    ("Amélie Abroad", "amelie@example.org", "", "FR", "en", True, "2001:db8::36", True),
    ("Pat Pending", "pat@example.org", "CF64 1AB", WALES, "en", True, "203.0.113.37", False),
]


@dataclass
class World:
    petition: Petition
    clerk: User
    # Every personal value the site was given, to look for afterwards.
    originals: set = field(default_factory=set)


def _confirm_link(signature: Signature) -> str:
    return localised(signature.language, "signatures:confirm", signature.token)


def _confirm(signature: Signature, ip: str) -> None:
    response = Client(REMOTE_ADDR=ip).post(_confirm_link(signature), follow=True)
    assert response.status_code == 200, response.content
    run_queued_tasks()


def _sign(view: str, petition, person: tuple, *args) -> Signature:
    name, email, postcode, country, language, updates, ip = person[:7]
    data = {"name": name, "email": email, "country": country, "postcode": postcode}
    if updates:
        data["notify_by_email"] = "on"
    response = Client(REMOTE_ADDR=ip).post(localised(language, view, petition.pk, *args), data)
    assert response.status_code == 302, response.content
    run_queued_tasks()  # the worker records the attempt and sends its email
    return Signature.objects.get(petition=petition, name=name)


def build(**petition_fields) -> World:
    """The completed petition, the clock left where it was completed."""
    constituency(postcodes=("CF641AA", "CF641AB"))
    with time_machine.travel(START, tick=False):
        petition = PendingPetitionFactory(duration_days=30, **CREATOR, **petition_fields)
        signing.sign_petition(
            petition,
            kind=Signature.Kind.CREATOR,
            name=petition.creator_name,
            email=petition.creator_email,
            postcode=petition.creator_postcode,
            country_code="GB-WLS",
            notify_by_email=True,
            language="en",
            ip_address="198.51.100.20",
        )
        run_queued_tasks()
        _confirm(petition.signatures.get(), "198.51.100.20")
        petition.refresh_from_db()
        for supporter in SUPPORTERS:
            name, email, postcode, ip = supporter
            person = (name, email, postcode, "GB-WLS", "en", True, ip)
            _confirm(_sign("signatures:support", petition, person, petition.sponsor_token), ip)
        petition.refresh_from_db()
        publish_petition(petition, by=moderator())
        run_queued_tasks()
    with time_machine.travel(START + datetime.timedelta(days=1), tick=False):
        for person in SIGNERS:
            signature = _sign("signatures:sign", petition, person)
            if person[7]:
                _confirm(signature, re.sub(r"\d+$", "99", person[6]))
        count_signatures()
    petition.refresh_from_db()
    with time_machine.travel(petition.closes_at + datetime.timedelta(days=2), tick=False):
        close_petitions()
        run_queued_tasks()
    cara = clerk()
    with time_machine.travel(petition.closes_at + datetime.timedelta(days=20), tick=False):
        petition.refresh_from_db()
        response = GovernmentResponse(
            petition=petition,
            responded_on=timezone.localdate(),
            member=MemberFactory(),
            summary_en="We will look at it.",
            summary_cy="Byddwn yn edrych arno.",
            text_en="The Welsh Government will review rural transport.",
            text_cy="Bydd Llywodraeth Cymru yn adolygu trafnidiaeth wledig.",
        )
        record.record_response(response, by=cara)
        with TestCase.captureOnCommitCallbacks(execute=True):  # the clerk's commit starts it
            email_response(response, by=cara)
        run_queued_tasks()
    with time_machine.travel(petition.closes_at + datetime.timedelta(days=40), tick=False):
        petition.refresh_from_db()
        record.complete_petition(petition, "Finished.", "Wedi gorffen.", by=cara)
        petition.refresh_from_db()
    originals = {
        petition.creator_name,
        *(CREATOR[key] for key in CREATOR if key != "creator_pseudonym"),
    }
    for signature in Signature.objects.filter(petition=petition):
        originals |= {signature.name, signature.email, signature.canonical_email}
        originals |= {signature.postcode, signature.ip_address, signature.validated_ip}
    originals |= {CREATOR["creator_postcode"].replace(" ", "")}
    return World(petition, cara, {value for value in originals if value})
