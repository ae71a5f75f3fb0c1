"""Signing and creating work with the keyboard alone: Tab to move, type, Space and Enter to act."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from deiseb.petitions.models import Petition
from deiseb.petitions.services import closing_date_bounds
from deiseb.signatures.models import Signature
from tests.browser.support import (
    BROWSER_TEST,
    focused_name,
    press_and_load,
    t,
    tab_to,
    type_into,
)
from tests.factories import OpenPetitionFactory, constituency
from tests.helpers import localised, run_queued_tasks

pytestmark = BROWSER_TEST

NOTIFY_SIGNER = (
    "Email me about this petition: the Committee's decisions, the Government's response and "
    "any debate"
)


def test_signing_works_by_keyboard_alone(page):
    constituency()
    petition = OpenPetitionFactory()
    lang = "cy"
    page.goto(localised(lang, "petitions:detail", petition.pk))

    tab_to(page, t(lang, "Sign this petition"))
    press_and_load(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Llofnodi'r ddeiseb hon")
    type_into(page, t(lang, "Name"), "Siân Llofnodwr")
    type_into(page, t(lang, "Email address"), "sian@example.com")
    type_into(page, t(lang, "Postcode"), "CF10 1AA")
    tab_to(page, t(lang, NOTIFY_SIGNER))
    page.keyboard.press("Space")
    tab_to(page, t(lang, "Continue"))
    press_and_load(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Check your email"))
    run_queued_tasks()  # the worker records the attempt the page queued
    signature = Signature.objects.get()
    assert (signature.name, signature.email) == ("Siân Llofnodwr", "sian@example.com")
    assert signature.notify_by_email is True
    assert signature.language == lang


def test_creating_a_petition_works_by_keyboard_alone(page):
    constituency()
    lang = "en"
    page.goto(localised(lang, "petitions:check"))

    type_into(page, t(lang, "What do you want the Senedd or the Welsh Government to do?"), "Trams")
    press_and_load(page)  # submits the search
    expect(page.get_by_text(t(lang, "We found no similar petitions."))).to_be_visible()
    tab_to(page, t(lang, "Continue to start a petition"))
    press_and_load(page)

    expect(page.get_by_label(t(lang, "What do you want us to do?"))).to_have_value("Trams")
    type_into(page, t(lang, "What do you want us to do?"), "Trams for Cardiff Bay")
    type_into(page, t(lang, "Background"), "The bay has no tram.")
    tab_to(page, t(lang, "Continue"))
    press_and_load(page)

    closes = closing_date_bounds()[0] + datetime.timedelta(days=10)
    type_into(page, t(lang, "Day"), str(closes.day))
    type_into(page, t(lang, "Month"), str(closes.month))
    type_into(page, t(lang, "Year"), str(closes.year))
    tab_to(page, t(lang, "Continue"))
    press_and_load(page)

    for label, value in [
        ("Your name", "Charlie Creator"),
        ("Email address", "charlie@example.com"),
        ("Postcode", "CF10 1AA"),
        ("Address", "1 High Street, Cardiff"),
        ("Phone number", "029 2000 0000"),
    ]:
        type_into(page, t(lang, label), value)
    tab_to(page, t(lang, "Email me about what happens to my petition"))
    page.keyboard.press("Space")  # ticked by default: untick it
    tab_to(page, t(lang, "Continue"))
    press_and_load(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Check your petition"))
    tab_to(page, t(lang, "Create petition"))
    assert focused_name(page) == t(lang, "Create petition")
    press_and_load(page)

    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Check your email"))
    petition = Petition.objects.get()
    assert petition.action_en == "Trams for Cardiff Bay"
    assert petition.background_en == "The bay has no tram."
    opens = timezone.localdate()
    assert petition.closes_at is None  # set when it opens
    assert petition.duration_days in ((closes - opens).days, (closes - opens).days - 1)
    creator = petition.signatures.get()
    assert creator.notify_by_email is False
