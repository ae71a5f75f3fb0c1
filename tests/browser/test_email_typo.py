"""Suzie types gmial.com; the form asks whether she meant gmail.com, and she signs with it.

Run with JavaScript off too: the question is the server's, so it works on any browser.
"""

import pytest
from playwright.sync_api import expect

from deiseb.signatures.models import Signature
from tests.browser.support import BROWSER_TEST, axe_violations, broken_references
from tests.factories import OpenPetitionFactory, constituency
from tests.helpers import localised

pytestmark = BROWSER_TEST


@pytest.mark.parametrize("javascript", [True, False])
def test_a_mistyped_domain_is_questioned_and_the_fix_taken(new_page, run_tasks, javascript):
    constituency()
    petition = OpenPetitionFactory()
    page = new_page(java_script_enabled=javascript)
    page.goto(localised("en", "signatures:sign", petition.pk))
    page.get_by_label("Name", exact=True).fill("Suzie Signer")
    page.get_by_label("Email address", exact=True).fill("suzie@gmial.com")
    page.get_by_label("Postcode", exact=True).fill("CF10 1AA")
    page.get_by_role("button", name="Continue").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Did you mean suzie@gmail.com?")
    expect(page.get_by_label("Name", exact=True)).to_have_value("Suzie Signer")
    expect(page.get_by_label("Postcode", exact=True)).to_have_value("CF10 1AA")
    expect(page.get_by_label("No, keep suzie@gmial.com")).not_to_be_checked()
    if javascript:  # axe is a script: it runs only where scripts do
        assert not axe_violations(page) and not broken_references(page)

    page.get_by_label("Yes, use suzie@gmail.com").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("main")).to_contain_text("suzie@gmail.com")
    run_tasks()
    assert Signature.objects.get().email == "suzie@gmail.com"
