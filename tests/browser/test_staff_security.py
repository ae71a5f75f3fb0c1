"""Staff accounts in a real browser: two-factor from setup to recovery code, lockout, and the CSP.

Mo sets up an authenticator app from the key the page shows (the test computes the codes an app
would), signs out, signs in with a code, then with a recovery code. A guesser's five wrong
passwords lock the name, and then the right one is refused too. The Django admin's scripts keep
working under the Content-Security-Policy.
"""

import time
from base64 import b32decode

from django.contrib.auth.models import User
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.support import BROWSER_TEST, axe_violations, describe_violations
from tests.factories import OpenPetitionFactory, moderator
from tests.helpers import localised

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"
SCREENSHOTS = "/tmp"


def heading(page):
    return page.get_by_role("heading", level=1)


def csp_violations(page) -> list[str]:
    """Everything the browser refused because of the Content-Security-Policy, as it logs it."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app given `secret` shows now, or after `steps_ahead` 30 s steps.

    A code is accepted once, so the next sign-in uses the next step's (the device allows one
    step of clock drift) rather than waiting half a minute.
    """
    key = secret.replace(" ", "")
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in(page, username: str, password: str):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in").click()
    return navigation.value


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_mo_sets_up_an_app_then_signs_in_with_a_code_and_with_a_recovery_code(page, settings):
    settings.STAFF_2FA = True
    moderator()
    refused = csp_violations(page)

    page.goto(localised("en", "moderation:queue"))
    sign_in(page, "mo", PASSWORD)
    expect(heading(page)).to_have_text("Set up two-factor authentication")
    expect(page.locator("svg.qr-code")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}/deiseb-2fa-setup.png", full_page=True)

    secret = page.locator("#secret").inner_text()
    page.get_by_label("Code from the app").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(heading(page)).to_have_text("Your recovery codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Continue").click()
    expect(heading(page)).to_have_text("Moderation queue")
    page.get_by_role("contentinfo").get_by_role("button", name="Sign out").click()

    page.goto(localised("en", "accounts:login"))
    sign_in(page, "mo", PASSWORD)
    expect(heading(page)).to_have_text("Enter your security code")
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(app_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Moderation queue")
    page.get_by_role("contentinfo").get_by_role("button", name="Sign out").click()

    page.goto(localised("en", "accounts:login"))
    sign_in(page, "mo", PASSWORD)
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Moderation queue")
    expect(page.get_by_role("status")).to_contain_text("You used a recovery code. You have 9 left.")
    assert not refused


def test_five_wrong_passwords_lock_the_name_and_then_the_right_one_is_refused(page):
    moderator()
    page.goto(localised("en", "accounts:login"))
    for _ in range(4):
        assert sign_in(page, "mo", "not my password").status == 200
        expect(page.get_by_role("alert")).to_contain_text("not right")
    assert sign_in(page, "mo", "not my password either").status == 429

    page.goto(localised("en", "accounts:login"))
    response = sign_in(page, "mo", PASSWORD)

    assert response.status == 429
    expect(heading(page)).to_have_text("Signing in is paused")
    assert_accessible(page)
    page.screenshot(path=f"{SCREENSHOTS}/deiseb-locked-out.png", full_page=True)
    page.goto(localised("en", "moderation:queue"))
    expect(heading(page)).to_have_text("Staff sign in")


def test_the_admin_and_the_live_count_still_run_their_scripts_under_the_policy(page):
    User.objects.create_superuser("root", password=PASSWORD)
    petition = OpenPetitionFactory()
    refused = csp_violations(page)

    page.goto(localised("en", "petitions:detail", petition.pk))
    page.goto("/en/staff/admin/auth/user/")
    sign_in(page, "root", PASSWORD)
    # actions.js: ticking "select all" counts the selection and offers the action.
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    # SelectFilter2.js builds the two-box permission picker on a group's change form.
    page.goto("/en/staff/admin/auth/group/add/")
    expect(page.locator("#id_permissions_from")).to_be_visible()
    page.get_by_label("Name").fill("auditors")
    page.locator("#id_permissions_from option").first.dblclick()
    expect(page.locator("#id_permissions_to option")).to_have_count(1)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("auditors")
    assert not refused
