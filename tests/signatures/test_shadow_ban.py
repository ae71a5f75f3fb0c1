"""Signatures over the signing rates, or on the block list, are kept but never count; the signer
is answered exactly as everyone else is. Every signature keeps where it came from, for staff."""

import logging
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from deiseb.petitions.models import Petition
from deiseb.ratelimits.models import AddressRule, SigningRates
from deiseb.signatures.counting import count_signatures
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, ValidatedPetitionFactory, constituency
from tests.helpers import localised, run_queued_tasks
from tests.petitions.test_create import confirm_link, fill_in_petition
from tests.ratelimits.test_rates_page import DEFAULTS

pytestmark = pytest.mark.django_db

HOME = "203.0.113.5"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # the visible per-connection limit, kept apart from these rates
    yield
    cache.clear()


@pytest.fixture
def petition():
    constituency()
    return OpenPetitionFactory()


def sign(client, petition, name, ip=HOME, email=None, language="en"):
    email = email or f"{name.split()[0].lower()}@example.com"
    data = {"name": name, "email": email, "country": "GB-WLS", "postcode": "CF10 1AA"}
    response = client.post(
        localised(language, "signatures:sign", petition.pk), data, REMOTE_ADDR=ip
    )
    run_queued_tasks()
    return response


def signature_of(name) -> Signature:
    return Signature.objects.get(name=name)


def states(*names) -> list[str]:
    return [signature_of(name).state for name in names]


def confirm(client, message, ip="198.51.100.77"):
    """Press the button and follow where it leads: the thank-you page, or a problem page."""
    return client.post(confirm_link(message), REMOTE_ADDR=ip, follow=True)


def without_tokens(text: str) -> str:
    for token in Signature.objects.values_list("token", flat=True):
        text = text.replace(token, "TOKEN")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_an_over_the_rate_signer_is_answered_the_same_but_never_counts(client, petition):
    """The second signature from one address within a minute (the anchors' burst of 1)."""
    first, second = sign(client, petition, "Suzie Signer"), sign(client, petition, "Sam Signer")
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert states("Suzie Signer", "Sam Signer") == ["pending", "fraudulent"]

    suzie_mail, sam_mail = mail.outbox
    assert suzie_mail.subject == sam_mail.subject
    assert without_tokens(suzie_mail.body).replace("Suzie", "Sam") == without_tokens(sam_mail.body)

    pages = [client.get(confirm_link(message)) for message in (suzie_mail, sam_mail)]
    assert [page.status_code for page in pages] == [200, 200]
    assert without_tokens(pages[0].content.decode()) == without_tokens(pages[1].content.decode())
    confirmed = [confirm(client, message) for message in (suzie_mail, sam_mail)]
    assert [page.status_code for page in confirmed] == [200, 200]
    assert confirmed[0].redirect_chain == confirmed[1].redirect_chain
    assert without_tokens(confirmed[0].content.decode()) == without_tokens(
        confirmed[1].content.decode()
    )
    assert "Your signature has been added" in confirmed[1].content.decode()
    # Using the link again answers "already confirmed" for both.
    again = [confirm(client, message) for message in (suzie_mail, sam_mail)]
    assert [page.status_code for page in again] == [200, 200]
    assert without_tokens(again[0].content.decode()) == without_tokens(again[1].content.decode())
    assert "Your signature has been added" not in again[1].content.decode()

    assert states("Suzie Signer", "Sam Signer") == ["validated", "fraudulent"]
    assert count_signatures() == 1
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert Signature.objects.filter(petition=petition).count() == 2


def test_a_raised_burst_rate_on_the_staff_page_lets_the_next_one_through(client, petition):
    sign(client, petition, "Suzie Signer")
    sign(client, petition, "Sam Signer")
    sam = User.objects.create_user("sam", password="correct horse battery staple")
    sam.groups.add(Group.objects.get(name="sysadmins"))
    client.force_login(sam)
    client.post(localised("en", "ratelimits:set_rates"), {**DEFAULTS, "burst_rate": 3})
    client.logout()
    sign(client, petition, "Sion Signer")
    assert states("Sam Signer", "Sion Signer") == ["fraudulent", "pending"]
    # The fraudulent one still counts towards the rate: two before it, so a fourth is over.
    sign(client, petition, "Siân Signer", email="sian@example.com")
    assert signature_of("Siân Signer").state == "fraudulent"


def test_the_burst_is_per_petition_and_per_address_and_passes(client, petition):
    other = OpenPetitionFactory()
    sign(client, petition, "Suzie Signer")
    sign(client, other, "Sam Signer")  # another petition
    sign(client, petition, "Sion Signer", ip="203.0.113.6")  # another address
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=61)):
        sign(client, petition, "Siân Signer", email="sian@example.com")  # a minute later
    assert states("Sam Signer", "Sion Signer", "Siân Signer") == ["pending"] * 3


def test_more_than_five_in_five_minutes_from_one_address_is_fraudulent(client, petition):
    """With the anchors' burst of 1 a minute the sustained rate cannot bite; raised, it does."""
    SigningRates.objects.filter(pk=SigningRates.current().pk).update(burst_rate=10)
    names = [f"Signer {n}" for n in range(7)]
    for n, name in enumerate(names[:6]):
        sign(client, petition, name, email=f"signer{n}@example.com")
    assert states(*names[:6]) == ["pending"] * 5 + ["fraudulent"]
    # Once those are older than five minutes the address may sign again.
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=301)):
        sign(client, petition, names[6], email="signer6@example.com")
    assert signature_of(names[6]).state == "pending"


def test_the_allow_list_wins_over_the_rates_and_the_block_list(client, petition):
    AddressRule.objects.create(list="allow", kind="ip", value="203.0.113.0/24")
    AddressRule.objects.create(list="block", kind="domain", value="example.com")
    for n in range(3):
        sign(client, petition, f"Signer {n}", email=f"signer{n}@example.com")
    assert states("Signer 0", "Signer 1", "Signer 2") == ["pending"] * 3
    # Another address is not allowed, so the block list applies to it.
    sign(client, petition, "Sam Signer", ip="198.51.100.9")
    assert signature_of("Sam Signer").state == "fraudulent"


@pytest.mark.parametrize(
    ("kind", "value", "ip", "email", "blocked"),
    [
        ("ip", "2001:db8::/32", "2001:db8:1::5", "suzie@example.com", True),
        ("ip", "2001:db8::/32", "2001:db9::5", "suzie@example.com", False),
        ("ip", "198.51.100.0/24", "198.51.100.200", "suzie@example.com", True),
        ("domain", "*.example.org", "198.51.100.1", "suzie@mail.example.org", True),
        ("domain", "*.example.org", "198.51.100.1", "suzie@badexample.org", False),
        ("email", "suzie@example.com", "198.51.100.1", "Suzie@Example.com", True),
        ("email", "suzie@example.com", "198.51.100.1", "sam@example.com", False),
    ],
)
def test_the_block_list_by_range_domain_glob_or_email(
    client, petition, kind, value, ip, email, blocked
):
    AddressRule.objects.create(list="block", kind=kind, value=value)
    response = sign(client, petition, "Suzie Signer", ip=ip, email=email)
    assert response.status_code == 302
    assert signature_of("Suzie Signer").state == ("fraudulent" if blocked else "pending")
    assert len(mail.outbox) == 1  # the same confirmation email either way


def start_petition(client, commits, email="charlie@example.com"):
    fill_in_petition(client, email=email)
    with commits(execute=True):
        response = client.post(localised("en", "petitions:new_review"), REMOTE_ADDR=HOME)
    assert response.status_code == 302
    run_queued_tasks()


def test_a_blocked_creator_confirms_nothing_and_the_petition_stays_pending(
    client, django_capture_on_commit_callbacks
):
    AddressRule.objects.create(list="block", kind="email", value="charlie@example.com")
    constituency()
    start_petition(client, django_capture_on_commit_callbacks)
    petition = Petition.objects.get()
    creator = petition.signatures.get()
    assert (creator.state, creator.ip_address) == ("fraudulent", HOME)
    page = confirm(client, mail.outbox[0])
    assert page.status_code == 200 and "Your email address is confirmed" in page.content.decode()
    petition.refresh_from_db()
    assert petition.state == Petition.State.PENDING


def test_a_third_petition_started_from_one_address_in_an_hour_is_fraudulent(
    client, django_capture_on_commit_callbacks
):
    constituency()
    for n in range(3):
        start_petition(client, django_capture_on_commit_callbacks, f"charlie{n}@example.com")
    creators = Signature.objects.filter(kind="creator").order_by("pk")
    assert [s.state for s in creators] == ["pending", "pending", "fraudulent"]
    assert len(mail.outbox) == 3
    for message in list(mail.outbox):
        with django_capture_on_commit_callbacks(execute=True):
            confirm(client, message)
    run_queued_tasks()
    petitions = Petition.objects.order_by("pk")
    assert [p.state for p in petitions] == ["validated", "validated", "pending"]


def test_a_sixth_supporter_signature_from_one_address_in_an_hour_is_fraudulent(client):
    constituency()
    petitions = ValidatedPetitionFactory.create_batch(6)
    for n, petition in enumerate(petitions):
        client.post(
            localised("en", "signatures:support", petition.pk, petition.sponsor_token),
            {
                "name": f"Supporter {n}",
                "email": f"supporter{n}@example.com",
                "country": "GB-WLS",
                "postcode": "CF10 1AA",
            },
            REMOTE_ADDR=HOME,
        )
        run_queued_tasks()
    supporters = Signature.objects.filter(kind="sponsor").order_by("pk")
    assert [s.state for s in supporters] == ["pending"] * 5 + ["fraudulent"]
    assert len(mail.outbox) == 6


def test_a_throwaway_inbox_is_flagged_but_not_banned(client, petition):
    sign(client, petition, "Suzie Signer", email="suzie@mailinator.com")
    sign(client, petition, "Sam Signer", ip="198.51.100.2", email="sam@inbox.mailinator.com")
    sign(client, petition, "Sion Signer", ip="198.51.100.3", email="sion@example.com")
    flagged = {s.name: (s.disposable, s.state) for s in Signature.objects.all()}
    assert flagged == {
        "Suzie Signer": (True, "pending"),
        "Sam Signer": (True, "pending"),
        "Sion Signer": (False, "pending"),
    }


def test_the_signing_and_confirming_addresses_are_kept(client, petition):
    sign(client, petition, "Suzie Signer", ip="2001:db8::5")
    confirm(client, mail.outbox[0], ip="198.51.100.77")
    suzie = signature_of("Suzie Signer")
    assert (suzie.ip_address, suzie.validated_ip, suzie.state) == (
        "2001:db8::5",
        "198.51.100.77",
        "validated",
    )
    assert suzie.email_domain == "example.com"


def test_a_duplicate_is_still_a_duplicate_when_over_the_rate(client, petition):
    sign(client, petition, "Suzie Signer")
    sign(client, petition, "Suzie Signer")  # the same person again: the link is resent
    assert Signature.objects.count() == 1 and signature_of("Suzie Signer").state == "pending"
    sign(client, petition, "Sam Signer", ip="198.51.100.2")
    sign(client, petition, "Sam Signer", ip="198.51.100.3")  # fraudulent? no: a duplicate
    assert Signature.objects.count() == 2
    assert len(mail.outbox) == 4


def test_a_fraudulent_signer_signing_again_gets_what_a_real_one_would(client, petition):
    sign(client, petition, "Suzie Signer")
    sign(client, petition, "Sam Signer")  # over the burst: fraudulent

    def again(ip):
        sign(client, petition, "Suzie Signer", ip=ip)
        sign(client, petition, "Sam Signer", ip=ip)
        return [message.subject for message in mail.outbox[-2:]]

    link = mail.outbox[0].subject
    assert again("198.51.100.2") == [link, link]  # not yet confirmed: the link again
    for message in mail.outbox[-2:]:
        confirm(client, message)
    already = again("198.51.100.3")  # confirmed: "you have already signed"
    assert already[0] == already[1] != link
    assert states("Suzie Signer", "Sam Signer") == ["validated", "fraudulent"]
    assert Signature.objects.count() == 2


def test_no_address_reaches_a_public_page_or_a_log_line(client, petition, caplog):
    caplog.set_level(logging.DEBUG)
    sign(client, petition, "Suzie Signer", ip="192.0.2.44")
    sign(client, petition, "Sam Signer", ip="192.0.2.44")
    confirm(client, mail.outbox[0], ip="192.0.2.45")
    confirm(client, mail.outbox[1], ip="192.0.2.45")
    count_signatures()
    pages = [
        client.get(localised(language, "petitions:detail", petition.pk)).content.decode()
        for language in ("en", "cy")
    ]
    pages.append(client.get(f"/petitions/{petition.pk}/count.json").content.decode())
    assert not any("192.0.2.4" in page for page in pages)
    assert "192.0.2.4" not in caplog.text


def test_a_fraudulent_link_expires_like_any_other(client, petition, settings):
    sign(client, petition, "Suzie Signer")
    sign(client, petition, "Sam Signer")
    later = timezone.now() + timezone.timedelta(days=settings.SIGNATURE_TOKEN_DAYS)
    with time_machine.travel(later):
        pages = [client.get(confirm_link(message)) for message in mail.outbox]
    assert [page.status_code for page in pages] == [410, 410]
    assert without_tokens(pages[0].content.decode()) == without_tokens(pages[1].content.decode())
