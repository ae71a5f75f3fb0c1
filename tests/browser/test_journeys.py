"""Whole journeys in a real browser: Suzie and Siân sign, Charlie creates, Mo publishes.

Mail goes over SMTP to a local server; the tests read the links out of it as a person would.
The worker's part (delivering mail, counting) runs when the test calls it, as the worker would.
"""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from deiseb.petitions.models import Petition
from deiseb.ratelimits.services import add_address_rule
from deiseb.signatures.models import Signature
from deiseb.signatures.tasks import count_signatures
from tests.browser.support import BROWSER_TEST, link_in, t
from tests.factories import OpenPetitionFactory, constituency, moderator
from tests.helpers import localised

pytestmark = BROWSER_TEST

SIGNERS = {
    "cy": {
        "name": "Siân Llofnodwr",
        "email": "sian@example.com",
        "heading": "Llofnodi'r ddeiseb hon",
    },
    "en": {"name": "Suzie Signer", "email": "suzie@example.com", "heading": "Sign this petition"},
}


def heading(page):
    return page.get_by_role("heading", level=1)


def expect_count(page, lang: str, count: int) -> None:
    with translation.override(lang):
        word = ngettext("signature", "signatures", count)
    expect(page.get_by_role("main")).to_contain_text(re.compile(rf"\b{count}\s+{word}\b"))


def fill_in_signature(page, lang: str, name: str, email: str) -> None:
    page.get_by_label(t(lang, "Name"), exact=True).fill(name)
    page.get_by_label(t(lang, "Email address"), exact=True).fill(email)
    page.get_by_label(t(lang, "Postcode"), exact=True).fill("CF10 1AA")
    page.get_by_role("button", name=t(lang, "Continue")).click()


def confirm_from_email(page, mailbox, live_server, address: str, lang: str) -> None:
    email = mailbox.latest(address)
    assert email["Content-Language"] == lang
    token = "x" * 32  # any token: the pattern is the translated path with the token left open
    path = re.escape(localised(lang, "signatures:confirm", token)).replace(token, r"[\w-]+")
    link = link_in(email, path)
    assert link.startswith(live_server.url), link
    page.goto(link)
    page.get_by_role("button", name=t(lang, "Confirm")).click()


@pytest.mark.parametrize("lang", ["cy", "en"])
def test_a_new_signer_signs_confirms_from_the_email_and_is_counted(
    page, mailbox, run_tasks, live_server, lang
):
    constituency()
    petition = OpenPetitionFactory()
    signer = SIGNERS[lang]

    page.goto(localised(lang, "petitions:detail", petition.pk))
    expect_count(page, lang, 0)
    page.get_by_role("link", name=t(lang, "Sign this petition")).click()
    expect(heading(page)).to_have_text(signer["heading"])
    fill_in_signature(page, lang, signer["name"], signer["email"])
    expect(heading(page)).to_have_text(t(lang, "Check your email"))
    run_tasks()  # the worker records the attempt the page queued
    assert Signature.objects.get().state == Signature.State.PENDING

    confirm_from_email(page, mailbox, live_server, signer["email"], lang)
    expect(heading(page)).to_have_text(t(lang, "Your signature has been added"))
    page.get_by_role("link", name=t(lang, "Back to the petition")).click()
    expect_count(page, lang, 0)  # confirmed, but the counter has not run yet

    count_signatures.enqueue()
    run_tasks()
    page.reload()
    expect_count(page, lang, 1)
    signature = Signature.objects.get()
    assert (signature.state, signature.language) == (Signature.State.VALIDATED, lang)


def create_petition(page, action: str) -> None:
    page.goto(localised("en", "petitions:check"))
    page.get_by_label("What do you want the Senedd or the Welsh Government to do?").fill(action)
    page.get_by_role("button", name="Check for similar petitions").click()
    expect(page.get_by_text("We found no similar petitions.")).to_be_visible()
    page.get_by_role("link", name="Continue to start a petition").click()
    expect(page.get_by_label("What do you want us to do?")).to_have_value(action)
    page.get_by_label("Background", exact=True).fill("Trains stop on Sundays; people are stranded.")
    page.get_by_role("button", name="Continue").click()
    closes = timezone.localdate() + datetime.timedelta(days=60)
    page.get_by_label("Day").fill(str(closes.day))
    page.get_by_label("Month").fill(str(closes.month))
    page.get_by_label("Year").fill(str(closes.year))
    page.get_by_role("button", name="Continue").click()
    for label, value in [
        ("Your name", "Charlie Creator"),
        ("Email address", "charlie@example.com"),
        ("Postcode", "CF10 1AA"),
        ("Address", "1 High Street, Cardiff"),
        ("Phone number", "029 2000 0000"),
    ]:
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Check your petition")
    page.get_by_role("button", name="Create petition").click()
    expect(heading(page)).to_have_text("Check your email")


def test_a_petition_is_created_supported_moderated_and_published(new_page, mailbox, live_server):
    constituency()
    mo_user = moderator()
    # Creator and supporters all sign from this machine, as an office behind one address would:
    # without the sysadmins' allow list the supporters would be silently shadow-banned.
    add_address_rule(list_name="allow", kind="ip", value="127.0.0.1", note="test lab", by=mo_user)
    action = "Run Heart of Wales line trains on Sundays"
    charlie = new_page()
    create_petition(charlie, action)
    petition = Petition.objects.get()
    assert petition.state == Petition.State.PENDING

    confirm_from_email(charlie, mailbox, live_server, "charlie@example.com", "en")
    expect(heading(charlie)).to_have_text("Your email address is confirmed")
    shown_link = charlie.get_by_label("Link for supporters").input_value()
    support_link = link_in(mailbox.latest("charlie@example.com"), r"/en/petitions/\d+/support/\S+/")
    assert shown_link == support_link

    for name, address in [
        ("Sam Supporter", "sam@example.com"),
        ("Sara Supporter", "sara@example.com"),
    ]:
        supporter = new_page()
        supporter.goto(support_link)
        expect(heading(supporter)).to_have_text("Support this petition")
        fill_in_signature(supporter, "en", name, address)
        expect(heading(supporter)).to_have_text("Check your email")
        confirm_from_email(supporter, mailbox, live_server, address, "en")
        expect(heading(supporter)).to_have_text("Thank you for your support")
    petition.refresh_from_db()
    assert petition.state == Petition.State.SPONSORED

    mo = new_page()
    mo.goto(localised("en", "moderation:queue"))  # staff pages send you to sign in first
    mo.get_by_label("Username").fill("mo")
    mo.get_by_label("Password").fill("correct horse battery staple")
    mo.get_by_role("button", name="Sign in").click()
    mo.get_by_role("link", name=action).click()
    mo.get_by_label("Action (Welsh)").fill("Rhedeg trenau Calon Cymru ar y Sul")
    mo.get_by_label("Background (Welsh)").fill("Nid oes trenau ar y Sul; mae pobl yn cael eu dal.")
    mo.get_by_role("button", name="Save and publish").click()
    expect(mo.get_by_role("status")).to_contain_text("Petition published.")
    petition.refresh_from_db()
    assert petition.state == Petition.State.OPEN

    visitor = new_page()
    visitor.goto(localised("en", "petitions:list"))
    expect(visitor.get_by_role("link", name=action)).to_be_visible()
    visitor.goto(localised("cy", "petitions:list"))
    expect(visitor.get_by_role("link", name="Rhedeg trenau Calon Cymru ar y Sul")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_form_error_is_summarised_linked_to_its_field_and_keeps_what_was_typed(page, lang):
    constituency()
    petition = OpenPetitionFactory()
    page.goto(localised(lang, "signatures:sign", petition.pk))
    fill_in_signature(page, lang, "Suzie Signer", "suzie-at-example.com")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(t(lang, "There is a problem"))
    expect(summary).to_be_focused()
    assert page.title().startswith(t(lang, "Error:"))
    email = page.get_by_label(t(lang, "Email address"), exact=True)
    expect(email).to_have_value("suzie-at-example.com")
    expect(page.get_by_label(t(lang, "Name"), exact=True)).to_have_value("Suzie Signer")
    expect(page.get_by_label(t(lang, "Postcode"), exact=True)).to_have_value("CF10 1AA")

    (problem,) = summary.get_by_role("link").all()
    assert problem.get_attribute("href") == "#" + email.get_attribute("id")
    problem.click()
    expect(email).to_be_focused()
    assert not Signature.objects.exists()
