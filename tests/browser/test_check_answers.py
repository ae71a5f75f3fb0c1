"""Charlie's "check your answers" page lines up as GOV.UK's summary list does."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import BROWSER_TEST
from tests.factories import constituency
from tests.helpers import localised

pytestmark = BROWSER_TEST

COLUMNS = """() => [...document.querySelectorAll(".summary-list > div")].map(row => {
    const key = row.querySelector("dt").getBoundingClientRect();
    const value = row.querySelector("dd").getBoundingClientRect();
    return [key.left, value.left, value.top - key.top];
})"""


def answer_everything(page) -> None:
    page.goto(localised("en", "petitions:check", query="q=Sunday+trains"))
    page.goto(localised("en", "petitions:new"))
    page.get_by_label("What do you want us to do?").fill("Run Heart of Wales trains on Sundays")
    page.get_by_label("Background", exact=True).fill("Trains stop on Sundays; people are stranded.")
    page.get_by_label("Additional details (optional)").fill("A much longer answer " * 12)
    page.get_by_role("button", name="Continue").click()
    closes = timezone.localdate() + datetime.timedelta(days=60)
    page.get_by_label("Day").fill(str(closes.day))
    page.get_by_label("Month").fill(str(closes.month))
    page.get_by_label("Year").fill(str(closes.year))
    page.get_by_role("button", name="Continue").click()
    for label, value in [
        ("Your name", "Charlie Creator"),
        ("Email address", "charlie@example.com"),
        ("Postcode", "cf101aa"),
        ("Address", "1 High Street, Cardiff"),
        ("Phone number", "029 2000 0000"),
    ]:
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your petition")


@pytest.mark.parametrize("width", [1280, 390])
def test_every_row_starts_its_key_and_value_in_the_same_place(new_page, width):
    constituency()
    page = new_page(viewport={"width": width, "height": 900})
    answer_everything(page)
    expect(page.get_by_role("main")).to_contain_text("CF10 1AA")
    rows = page.evaluate(COLUMNS)
    assert len(rows) == 9  # no pseudonym asked for, so no row for one
    assert len({round(key) for key, _value, _drop in rows}) == 1
    assert len({round(value) for _key, value, _drop in rows}) == 1
    if width == 1280:  # side by side: the value beside its key
        assert all(value > key and drop == 0 for key, value, drop in rows)
    else:  # a phone: the value under its key
        assert all(value == key and drop > 0 for key, value, drop in rows)
