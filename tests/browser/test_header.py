"""The header on a phone: the language switch stays beside the site's name, nothing overflows."""

import pytest

from tests.browser.support import BROWSER_TEST
from tests.helpers import localised

pytestmark = BROWSER_TEST

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_language_switch_stays_beside_the_name(new_page, language, width):
    page = new_page(**{**PHONE, "viewport": {"width": width, "height": 844}})
    page.goto(localised(language, "petitions:list"))
    name = page.locator(".header-name").bounding_box()
    switch = page.locator(".header-language").bounding_box()
    # Beside it, not under it: to its right, and starting above the name's bottom edge.
    assert switch["x"] >= name["x"] + name["width"], (name, switch)
    assert switch["y"] < name["y"] + name["height"], (name, switch)
    assert switch["x"] + switch["width"] <= width
    for link in page.locator(".header-nav a").all():
        box = link.bounding_box()
        assert box["x"] + box["width"] <= width, link.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
