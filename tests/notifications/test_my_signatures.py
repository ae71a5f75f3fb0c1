"""Your signatures: a signer asks by email, the page reveals nothing, and the emailed link lists
that inbox's petitions, stops all emails and withdraws a signature while its petition is open."""

import base64
import logging
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deiseb.core.models import OutboundEmail
from deiseb.geography.models import Country
from deiseb.notifications import own
from deiseb.notifications import services as updates
from deiseb.notifications.tokens import signatures_token
from deiseb.petitions.models import Petition
from deiseb.signatures import counting, services
from deiseb.signatures.models import ConstituencyCount, Signature
from tests.factories import (
    ClosedPetitionFactory,
    HiddenPetitionFactory,
    OpenPetitionFactory,
    SignatureFactory,
    constituency,
)
from tests.helpers import body_text, localised, postgres_only, run_queued_tasks
from tests.notifications.test_concurrency import in_threads

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/(en|cy)/(?:your-signatures|eich-llofnodion)/[^/\s\"]+/)")


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seat():
    return constituency()


def signed(petition, email, *, name="Suzie Signer", confirm=True, notify=True, kind="signer"):
    """Sign as the worker does (and confirm as the emailed link does)."""
    _outcome, signature = services.sign_petition(
        petition,
        kind=kind,
        name=name,
        email=email,
        postcode="CF10 1AA",
        country_code=Country.WALES,
        notify_by_email=notify,
        language="en",
    )
    if confirm:
        services.confirm_signature(signature)
    return Signature.objects.get(pk=signature.pk)


def ask(client, email, language="en", **extra):
    path = localised(language, "notifications:ask_for_signatures")
    return client.post(path, {"email": email}, **extra)


def links_to(address) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to=address, kind="signatures_link"))


def link_in(email: OutboundEmail, language="en") -> str:
    return next(path for path, lang in LINK.findall(email.body_text) if lang == language)


def shape(queries) -> list[str]:
    """A statement with its values taken out, so two runs compare by the work they did."""
    return [re.sub(r"'[^']*'|\b\d+\b|\bs\d+_x\d+\b", "?", query["sql"]) for query in queries]


def page(client, path, **kwargs):
    response = client.get(path, **kwargs)
    return response, response.content.decode()


# -- asking ----------------------------------------------------------------------------------


def test_a_known_and_an_unknown_address_get_the_same_answer_for_the_same_work(client, seat):
    signed(OpenPetitionFactory(), "suzie@example.com")
    with CaptureQueriesContext(connection) as known:
        known_response = ask(client, "suzie@example.com")
    with CaptureQueriesContext(connection) as unknown:
        unknown_response = ask(client, "nobody@example.com")
    assert known_response.status_code == unknown_response.status_code == 302
    assert known_response["Location"] == unknown_response["Location"]
    assert shape(known.captured_queries) == shape(unknown.captured_queries)
    assert not any("signatures_signature" in sql for sql in shape(known.captured_queries))
    sent, text = page(client, known_response["Location"])
    assert sent.status_code == 200 and "Check your email" in text
    assert "suzie@example.com" not in text and "nobody@example.com" not in text
    assert not sent.cookies  # nothing remembers who asked
    # The worker answers each: a link for the one that signed, a note for the other.
    assert not OutboundEmail.objects.filter(kind__in=["signatures_link", "no_signatures"]).exists()
    run_queued_tasks()
    assert len(links_to("suzie@example.com")) == 1
    (note,) = OutboundEmail.objects.filter(to="nobody@example.com")
    assert note.kind == "no_signatures" and not LINK.search(note.body_text)
    assert "We have no signatures from it" in note.body_text


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_page_is_linked_from_every_page_and_has_one_heading(client, language):
    ask_path = localised(language, "notifications:ask_for_signatures")
    assert f'href="{ask_path}"' in client.get(f"/{language}/").content.decode()
    for path in (ask_path, localised(language, "notifications:signatures_sent")):
        response, html = page(client, path)
        assert response.status_code == 200 and f'<html lang="{language}">' in html
        assert len(re.findall(r"<h1[ >]", html)) == 1
        assert "no-store" in response["Cache-Control"]


def test_a_bad_address_is_a_clear_error_and_queues_nothing(client):
    response = ask(client, "not an address")
    assert response.status_code == 200
    assert "Enter an email address in the right format" in response.content.decode()
    assert run_queued_tasks() == 0


def test_the_link_arrives_over_smtp_and_opens_the_signers_page(client, seat, smtp_server):
    petition = OpenPetitionFactory()
    signed(petition, "suzie@example.com")
    ask(client, "suzie@example.com")
    run_queued_tasks()
    (message,) = [
        m for m in smtp_server.to("suzie@example.com") if "petitions you signed" in m["Subject"]
    ]
    text = body_text(message)
    path = next(p for p, lang in LINK.findall(text) if lang == "en")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="http://testserver{path}"' in html
    assert "works for 24 hours" in text
    response, listing = page(client, path)
    assert response.status_code == 200
    assert petition.action_en in listing and "Confirmed: your signature counts." in listing
    assert "suzie@example.com" not in listing
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"] and 'name="robots" content="noindex' in listing
    assert "<title>Your signatures" in listing


def test_the_link_carries_no_readable_address(seat):
    signature = signed(OpenPetitionFactory(), "Suzie.Signer@example.com")
    token = signatures_token(signature)
    readable = token.lower()
    for part in token.split("."):
        padded = part + "=" * (-len(part) % 4)
        readable += base64.urlsafe_b64decode(padded.encode()).decode("latin-1").lower()
    assert "suzie" not in readable and "example" not in readable


def test_an_inbox_gets_only_a_few_links_however_often_it_is_asked(client, seat, settings):
    settings.RATE_LIMIT_SIGNATURE_LINKS_PER_INBOX = 2
    signed(OpenPetitionFactory(), "suzie@gmail.com")
    answers = {
        ask(client, email, REMOTE_ADDR=f"198.51.100.{n}")["Location"]
        for n, email in enumerate(["suzie@gmail.com", "s.u.z.i.e@gmail.com", "suzie+x@gmail.com"])
    }
    run_queued_tasks()
    assert len(answers) == 1  # the page says the same every time
    assert OutboundEmail.objects.filter(kind="signatures_link").count() == 2


def test_a_flood_from_one_connection_is_refused_with_a_clear_message(client, settings):
    settings.RATE_LIMIT_SIGNATURE_LINKS_PER_IP = 1
    assert ask(client, "one@example.com").status_code == 302
    refused = ask(client, "two@example.com")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    run_queued_tasks()
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["one@example.com"]


def test_no_log_line_names_the_address(client, seat, caplog):
    signature = signed(OpenPetitionFactory(), "secret.signer@example.com")
    with caplog.at_level(logging.DEBUG):
        ask(client, "secret.signer@example.com")
        run_queued_tasks()
        path = link_in(links_to("secret.signer@example.com")[0])
        client.get(path)
        client.post(localised("en", "notifications:stop_emails", path.split("/")[3]))
        client.post(localised("en", "notifications:withdraw", path.split("/")[3], signature.pk))
    assert not any("secret" in record.getMessage() for record in caplog.records)


# -- the link's page -------------------------------------------------------------------------


def test_the_list_shows_exactly_that_inboxs_petitions_by_canonical_address(client, seat):
    mine_dotted = OpenPetitionFactory()
    mine_tagged = ClosedPetitionFactory()
    mine_pending = OpenPetitionFactory()
    mine_withdrawn = OpenPetitionFactory()
    someone_elses = OpenPetitionFactory()
    signed(mine_dotted, "John.Smith@gmail.com", name="John Smith")
    SignatureFactory(
        petition=mine_tagged,
        email="johnsmith+petitions@googlemail.com",
        name="John Smith",
        state=Signature.State.VALIDATED,
    )
    signed(mine_pending, "johnsmith@gmail.com", name="John Smith", confirm=False)
    counting.invalidate_signatures([signed(mine_withdrawn, "johnsmith@gmail.com").pk])
    signed(someone_elses, "john.smith@example.com")
    ask(client, "j.o.h.n.smith+asking@gmail.com")
    run_queued_tasks()
    (email,) = links_to("j.o.h.n.smith+asking@gmail.com")
    assert "Dear John Smith," in email.body_text
    _response, listing = page(client, link_in(email))
    shown = {p for p in Petition.objects.all() if p.action_en in listing}
    assert shown == {mine_dotted, mine_tagged, mine_pending}
    assert "Not confirmed: it does not count until you use the link" in listing
    assert "Confirmed: your signature counted." in listing  # the closed one
    assert "This petition is no longer open, so its count is final." in listing
    assert "gmail" not in listing


def test_a_shadow_banned_signature_looks_like_any_other(client, seat):
    petition = OpenPetitionFactory()
    signature = SignatureFactory(
        petition=petition, email="suzie@example.com", state=Signature.State.FRAUDULENT
    )
    path = localised("en", "notifications:signatures", signatures_token(signature))
    _response, listing = page(client, path)
    assert petition.action_en in listing
    assert "Not confirmed" in listing and "Fraudulent" not in listing
    services.confirm_signature(signature)  # its link is used up, and it still never counts
    assert Signature.objects.get(pk=signature.pk).state == Signature.State.FRAUDULENT
    _response, listing = page(client, path)
    assert "Confirmed: your signature counts." in listing and "Fraudulent" not in listing


def test_a_petition_taken_down_is_listed_without_its_text(client, seat):
    hidden = HiddenPetitionFactory(opened_at=timezone.now())
    signature = SignatureFactory(
        petition=hidden, email="suzie@example.com", state=Signature.State.VALIDATED
    )
    _response, listing = page(
        client, localised("en", "notifications:signatures", signatures_token(signature))
    )
    assert "A petition that was taken down" in listing and hidden.action_en not in listing


def test_stop_all_emails_stops_every_update_to_that_inbox_only(client, seat):
    first, second = OpenPetitionFactory(), ClosedPetitionFactory()
    mine = [signed(first, "suzie@gmail.com"), signed(first, "suzie@gmail.com", name="Sam")]
    mine.append(
        SignatureFactory(
            petition=second,
            email="s.uzie@gmail.com",
            notify_by_email=True,
            state=Signature.State.VALIDATED,
        )
    )
    theirs = signed(first, "other@example.com")
    token = signatures_token(mine[0])
    stop = localised("en", "notifications:stop_emails", token)
    assert client.get(stop).status_code == 302  # a scanner following links changes nothing
    assert Signature.objects.filter(notify_by_email=True).count() == 4
    _response, listing = page(client, localised("en", "notifications:signatures", token))
    assert "You asked for emails about 3 of these petitions." in listing
    response = client.post(stop)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "we will send no more emails" in response.content.decode()
    assert list(Signature.objects.filter(notify_by_email=True)) == [theirs]
    assert updates.recipient_count(first.pk) == 1  # the updates now reach only the other inbox
    assert client.post(stop).status_code == 200  # pressing again is harmless


def test_withdrawing_takes_the_signature_off_every_count_and_is_idempotent(client, seat):
    petition = OpenPetitionFactory()
    mine = signed(petition, "suzie@example.com")
    signed(petition, "other@example.com", name="Other Signer")
    counting.count_signatures()
    petition.refresh_from_db()
    assert petition.signature_count == 2
    assert ConstituencyCount.objects.get(petition=petition, constituency=seat).count == 2
    token = signatures_token(mine)
    withdraw = localised("en", "notifications:withdraw", token, mine.pk)

    response, confirm = page(client, withdraw)  # first, are you sure?
    assert response.status_code == 200 and "Yes, withdraw my signature" in confirm
    assert "within a minute" in confirm and "noindex" in response["X-Robots-Tag"]
    assert Signature.objects.get(pk=mine.pk).state == Signature.State.VALIDATED

    for _press in range(2):
        response = client.post(withdraw)
        assert response.status_code == 200
        assert "Your signature is withdrawn" in response.content.decode()
        counting.count_signatures()
        petition.refresh_from_db()
        assert petition.signature_count == 1
        assert ConstituencyCount.objects.get(petition=petition, constituency=seat).count == 1
    assert Signature.objects.get(pk=mine.pk).state == Signature.State.INVALIDATED
    assert counting.reconcile_counts() == 0  # the counts agree with the signatures table
    # The link still works: that petition has left the list.
    _response, listing = page(client, localised("en", "notifications:signatures", token))
    assert petition.action_en not in listing and "any more" in listing


@postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_presses_at_once_and_the_counter_take_the_signature_off_once():
    seat = constituency()
    petition = OpenPetitionFactory()
    mine = signed(petition, "suzie@example.com")
    signed(petition, "other@example.com", name="Other Signer")
    counting.count_signatures()
    outcomes = []

    def press():
        outcomes.append(own.withdraw(Signature.objects.select_related("petition").get(pk=mine.pk)))

    assert in_threads(press, press, counting.count_signatures) == []
    assert sorted(outcome.value for outcome in outcomes) == ["already", "withdrawn"]
    petition.refresh_from_db()
    assert petition.signature_count == 1
    assert ConstituencyCount.objects.get(petition=petition, constituency=seat).count == 1
    assert counting.reconcile_counts() == 0


def test_withdrawing_needs_the_forms_csrf_token(seat):
    from django.test import Client

    mine = signed(OpenPetitionFactory(), "suzie@example.com")
    strict = Client(enforce_csrf_checks=True)
    path = localised("en", "notifications:withdraw", signatures_token(mine), mine.pk)
    assert strict.post(path).status_code == 403
    confirm = strict.get(path).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm).group(1)
    assert strict.post(path, {"csrfmiddlewaretoken": csrf}).status_code == 200
    assert Signature.objects.get(pk=mine.pk).state == Signature.State.INVALIDATED


def test_a_creator_cannot_withdraw_and_a_closed_petitions_count_is_final(client, seat):
    started = OpenPetitionFactory(creator_email="charlie@example.com")
    creator = signed(started, "charlie@example.com", name="Charlie Creator", kind="creator")
    closed = SignatureFactory(
        petition=ClosedPetitionFactory(),
        email="charlie@example.com",
        state=Signature.State.VALIDATED,
    )
    token = signatures_token(creator)
    _response, listing = page(client, localised("en", "notifications:signatures", token))
    assert "You started this petition, so your signature is part of it" in listing
    assert localised("en", "notifications:withdraw", token, creator.pk) not in listing
    assert localised("en", "notifications:withdraw", token, closed.pk) not in listing
    for signature, why in ((creator, "You started this petition"), (closed, "no longer open")):
        path = localised("en", "notifications:withdraw", token, signature.pk)
        assert "Yes, withdraw" not in client.get(path).content.decode()
        response = client.post(path)
        assert response.status_code == 200 and why in response.content.decode()
        assert Signature.objects.get(pk=signature.pk).state == Signature.State.VALIDATED


def test_a_link_cannot_reach_another_inboxs_signature(client, seat):
    petition = OpenPetitionFactory()
    mine = signed(petition, "suzie@example.com")
    theirs = signed(petition, "other@example.com", name="Other Signer")
    path = localised("en", "notifications:withdraw", signatures_token(mine), theirs.pk)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert Signature.objects.get(pk=theirs.pk).state == Signature.State.VALIDATED


# -- bad links -------------------------------------------------------------------------------


def test_an_expired_link_gets_a_clear_bilingual_page(client, seat):
    mine = signed(OpenPetitionFactory(), "suzie@example.com")
    token = signatures_token(mine)
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=25)):
        for language in ("en", "cy"):
            listing = localised(language, "notifications:signatures", token)
            withdraw = localised(language, "notifications:withdraw", token, mine.pk)
            for response in (client.get(listing), client.get(withdraw), client.post(withdraw)):
                assert response.status_code == 410
                html = response.content.decode()
                assert "This link cannot be used" in html  # in each language, both
                assert "Ni ellir defnyddio'r ddolen hon" in html
                assert "no-store" in response["Cache-Control"]
    assert Signature.objects.get(pk=mine.pk).state == Signature.State.VALIDATED


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "9" + token,
        lambda token: "nonsense",
        lambda token: "x" * 300,
        lambda token: "1.2.3",
    ],
)
def test_a_tampered_link_is_a_400_and_changes_nothing(client, seat, mangle):
    mine = signed(OpenPetitionFactory(), "suzie@example.com")
    token = mangle(signatures_token(mine))
    for language in ("en", "cy"):
        for path in (
            localised(language, "notifications:signatures", token),
            localised(language, "notifications:stop_emails", token),
            localised(language, "notifications:withdraw", token, mine.pk),
        ):
            response = client.post(path)
            assert response.status_code in (400, 405), path
            assert client.get(path).status_code == 400, path
    mine.refresh_from_db()
    assert mine.state == Signature.State.VALIDATED and mine.notify_by_email


def test_a_link_whose_signature_has_gone_no_longer_works(client, seat):
    mine = signed(OpenPetitionFactory(), "suzie@example.com")
    token = signatures_token(mine)
    Signature.objects.filter(pk=mine.pk).update(canonical_email="anonymised-1@deiseb.invalid")
    assert client.get(localised("en", "notifications:signatures", token)).status_code == 410


# -- in Welsh --------------------------------------------------------------------------------


def test_a_welsh_request_gets_a_welsh_email_and_page(client, seat, smtp_server):
    petition = OpenPetitionFactory()
    signed(petition, "suzie@example.com")
    response = ask(client, "suzie@example.com", "cy")
    assert response["Location"].startswith("/cy/")
    _sent, text = page(client, response["Location"])
    assert '<html lang="cy">' in text and "Gwiriwch eich e-bost" in text
    run_queued_tasks()
    (email,) = links_to("suzie@example.com")
    assert email.language == "cy" and "Diolch," in email.body_text
    (message,) = [m for m in smtp_server.to("suzie@example.com") if m["Content-Language"] == "cy"]
    assert body_text(message).replace("\r\n", "\n").strip() == email.body_text.strip()
    welsh, english = link_in(email, "cy"), link_in(email, "en")  # the other language too
    assert email.body_text.index(welsh) < email.body_text.index(english)
    _response, listing = page(client, welsh)
    assert '<html lang="cy">' in listing
    assert petition.action_cy in listing and petition.action_en not in listing
