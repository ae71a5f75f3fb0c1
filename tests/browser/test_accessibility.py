"""axe-core finds no WCAG 2.2 A/AA violation on any kind of page, in Welsh or in English.

PAGES is the list to extend when a page is added: a name and a function that takes the browser
there (`goto` for a plain URL, or a few steps for pages behind a form or a sign-in).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.text import capfirst
from playwright.sync_api import Page, expect

from deiseb.moderation.models import RejectionReason
from deiseb.moderation.services import reject_petition
from deiseb.parliament import paper
from deiseb.petitions.models import Petition
from deiseb.switches.models import Pause
from tests.browser.support import (
    BROWSER_TEST,
    axe_violations,
    broken_references,
    describe_violations,
    t,
)
from tests.factories import (
    ClosedPetitionFactory,
    OpenPetitionFactory,
    ReferredPetitionFactory,
    SignatureFactory,
    SponsoredPetitionFactory,
    ValidatedPetitionFactory,
    constituency,
    moderator,
)
from tests.helpers import localised
from tests.parliament import scenario

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    """One petition in each state that a page shows differently."""

    open: Petition
    closed: Petition
    referred: Petition
    rejected: Petition
    sponsored: Petition
    gathering_support: Petition


@pytest.fixture
def world() -> World:
    constituency()
    mo = moderator()
    now = timezone.now()
    open_petition = OpenPetitionFactory(
        signature_count=42, additional_details_en="More.", additional_details_cy="Mwy."
    )
    rejected = SponsoredPetitionFactory()
    reject_petition(
        rejected,
        RejectionReason.objects.get(code="irrelevant"),
        by=mo,
        details_en="Schools transport is for councils.",
        details_cy="Mater i'r cynghorau yw cludiant ysgol.",
    )
    return World(
        open=open_petition,
        closed=ClosedPetitionFactory(signature_count=12),
        referred=ReferredPetitionFactory(
            signature_count=300,
            referral_threshold_reached_at=now - datetime.timedelta(days=20),
            referred_at=now - datetime.timedelta(days=1),
        ),
        rejected=rejected,
        sponsored=SponsoredPetitionFactory(action_cy="", background_cy=""),
        gathering_support=ValidatedPetitionFactory(action_cy="", background_cy=""),
    )


Visit = Callable[[Page, World, str], None]


def goto(name: str, *args, query: str = "", status: int = 200) -> Visit:
    """Open a named page; an argument may be a function of the world, like a petition's pk."""

    def visit(page: Page, world: World, lang: str) -> None:
        values = [arg(world) if callable(arg) else arg for arg in args]
        response = page.goto(localised(lang, name, *values, query=query))
        assert response.status == status, (page.url, response.status)

    return visit


def then(first: Visit, *steps: Callable[[Page, World, str], None]) -> Visit:
    def visit(page: Page, world: World, lang: str) -> None:
        first(page, world, lang)
        for step in steps:
            step(page, world, lang)

    return visit


def press(msgid: str) -> Callable[[Page, World, str], None]:
    def step(page: Page, world: World, lang: str) -> None:
        page.get_by_role("button", name=t(lang, msgid)).click()

    return step


def sees_petition(attr: str) -> Callable[[Page, World, str], None]:
    def step(page: Page, world: World, lang: str) -> None:
        action = getattr(world, attr).in_language("action", lang)
        expect(page.get_by_role("link", name=action)).to_be_visible()

    return step


def new_signature_token(world: World) -> str:
    return SignatureFactory(petition=world.open).token


def sign_in(page: Page, lang: str, username: str) -> None:
    page.goto(localised(lang, "accounts:login"))
    page.get_by_label(t(lang, "username")).fill(username)
    page.get_by_label(t(lang, "password")).fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "Sign in")).click()


def log_in(page: Page, world: World, lang: str) -> None:
    sign_in(page, lang, "mo")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Moderation queue"))


def audit_log(page: Page, world: World, lang: str) -> None:
    """A sysadmin reads the log, which holds the rejection the world was built with."""
    sam, _ = User.objects.get_or_create(username="sam", defaults={"is_staff": True})
    sam.set_password(PASSWORD)
    sam.save()
    sam.groups.add(Group.objects.get(name="sysadmins"))
    sign_in(page, lang, "sam")
    goto("audit:log")(page, world, lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Audit log"))


def petition_text(page: Page, world: World, lang: str) -> None:
    goto("petitions:new")(page, world, lang)
    page.get_by_label(t(lang, "What do you want us to do?")).fill("Reopen the Heart of Wales line")
    page.get_by_label(t(lang, "Background"), exact=True).fill("The line closes on Sundays.")
    page.get_by_role("button", name=t(lang, "Continue")).click()


def closing_date(page: Page, world: World, lang: str) -> None:
    petition_text(page, world, lang)
    closes = timezone.localdate() + datetime.timedelta(days=60)
    for part, value in (("Day", closes.day), ("Month", closes.month), ("Year", closes.year)):
        page.get_by_label(t(lang, part)).fill(str(value))
    page.get_by_role("button", name=t(lang, "Continue")).click()


def about_you(page: Page, world: World, lang: str) -> None:
    closing_date(page, world, lang)
    for label, value in [
        ("Your name", "Charlie Creator"),
        ("Email address", "charlie@example.com"),
        ("Postcode", "CF10 1AA"),
        ("Address", "1 High Street, Cardiff"),
        ("Phone number", "029 2000 0000"),
    ]:
        page.get_by_label(t(lang, label), exact=True).fill(value)
    page.get_by_role("button", name=t(lang, "Continue")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Check your petition"))


def staff_member(role: str) -> Visit:
    """Sign in as the one member of `role` (made on the first visit, used in both languages)."""

    def visit(page: Page, world: World, lang: str) -> None:
        user, created = User.objects.get_or_create(username=role, defaults={"is_staff": True})
        if created:
            user.set_password(PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
        sign_in(page, lang, role)

    return visit


def as_clerk(name: str, *args) -> Visit:
    return then(staff_member("clerks"), goto(name, *args))


def message_preview(page: Page, world: World, lang: str) -> None:
    as_clerk("updates:message", lambda w: w.open.pk)(page, world, lang)
    for label, value in [  # the model's verbose names, as the form capitalises them
        ("subject (English)", "A committee inquiry"),
        ("subject (Welsh)", "Ymchwiliad pwyllgor"),
        ("message (English)", "The Committee will take evidence."),
        ("message (Welsh)", "Bydd y Pwyllgor yn casglu tystiolaeth."),
    ]:
        page.get_by_label(capfirst(t(lang, label)), exact=True).fill(value)
    page.get_by_role("button", name=t(lang, "Preview the email")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Check before sending"))


def pause_signing(page: Page, world: World, lang: str) -> None:
    Pause.objects.get_or_create(
        switch="signing",
        ended_at=None,
        defaults={"message_en": "Paused for the election.", "message_cy": "Wedi oedi."},
    )


def paper_petition(page: Page, world: World, lang: str) -> None:
    petition = paper.record_paper_petition(
        action_en="Keep the library open", action_cy="Cadw'r llyfrgell ar agor",
        background_en="No other library.", background_cy="Dim llyfrgell arall.",
        creator_name="Pat Paper", submitted_on=timezone.localdate(), signatures=300, by=None,
    )  # fmt: skip
    goto("petitions:detail", petition.pk)(page, world, lang)


PAGES: list[tuple[str, Visit]] = [
    ("home", goto("home")),
    ("petitions list", then(goto("petitions:list"), sees_petition("open"))),
    (
        "list: referred",
        then(goto("petitions:list", query="state=referred"), sees_petition("referred")),
    ),
    (
        "list: rejected",
        then(goto("petitions:list", query="state=rejected"), sees_petition("rejected")),
    ),
    ("list: all", goto("petitions:list", query="state=all")),
    ("search with results", then(goto("petitions:list", query="q=buses"), sees_petition("open"))),
    ("search without results", goto("petitions:list", query="q=xylophones")),
    ("search pointing at other lists", goto("petitions:list", query="state=rejected&q=buses")),
    ("in your area", goto("signatures:local")),
    ("in your area with errors", then(goto("signatures:local"), press("Find petitions"))),
    ("constituency", goto("signatures:constituency", "W09000053")),
    ("petition open", goto("petitions:detail", lambda w: w.open.pk)),
    ("petition closed", goto("petitions:detail", lambda w: w.closed.pk)),
    ("petition referred", goto("petitions:detail", lambda w: w.referred.pk)),
    ("petition rejected", goto("petitions:detail", lambda w: w.rejected.pk)),
    ("sign form", goto("signatures:sign", lambda w: w.open.pk)),
    (
        "sign form with errors",
        then(goto("signatures:sign", lambda w: w.open.pk), press("Continue")),
    ),
    ("sign closed petition", goto("signatures:sign", lambda w: w.closed.pk, status=410)),
    ("sign check your email", goto("signatures:sign_sent", lambda w: w.open.pk)),
    ("confirm", goto("signatures:confirm", new_signature_token)),
    ("confirmed", then(goto("signatures:confirm", new_signature_token), press("Confirm"))),
    ("confirm problem", goto("signatures:confirm", "not-a-real-token-at-all", status=404)),
    (
        "support",
        goto(
            "signatures:support",
            lambda w: w.gathering_support.pk,
            lambda w: w.gathering_support.sponsor_token,
        ),
    ),
    ("create: check similar", goto("petitions:check")),
    (
        "create: similar found",
        then(goto("petitions:check", query="q=buses"), sees_petition("open")),
    ),
    ("create: petition text", goto("petitions:new")),
    ("create: closing date", petition_text),
    ("create: about you", closing_date),
    ("create: check answers", about_you),
    ("create: check your email", then(about_you, press("Create petition"))),
    ("help", goto("pages:help")),
    ("petition standards", goto("pages:standards")),
    ("privacy", goto("pages:privacy")),
    ("accessibility statement", goto("pages:accessibility")),
    ("cookies", goto("pages:cookies")),
    ("about our data", goto("pages:data")),
    ("open data addresses", goto("open_data")),
    ("embeddable count", goto("syndication:embed", lambda w: w.open.pk)),
    ("staff login", goto("accounts:login")),
    ("staff login with errors", then(goto("accounts:login"), press("Sign in"))),
    ("moderation queue", log_in),
    (
        "moderation petition",
        then(log_in, goto("moderation:petition", lambda w: w.sponsored.pk)),
    ),
    ("audit log", audit_log),
    ("record index", as_clerk("record:index")),
    ("record petition", as_clerk("record:petition", lambda w: w.referred.pk)),
    ("record: completed", as_clerk("record:complete", lambda w: w.referred.pk)),
    (
        "record: completed with errors",
        then(as_clerk("record:complete", lambda w: w.referred.pk), press("Mark completed")),
    ),
    ("record: not debated", as_clerk("record:not_debated", lambda w: w.referred.pk)),
    ("record: archive", as_clerk("record:archive", lambda w: w.rejected.pk)),
    ("updates: response", as_clerk("updates:response", lambda w: w.referred.pk)),
    (
        "updates: response with errors",
        then(
            as_clerk("updates:response", lambda w: w.referred.pk), press("Save and email signers")
        ),
    ),
    ("updates: message", as_clerk("updates:message", lambda w: w.open.pk)),
    ("updates: message preview", message_preview),
    ("updates: petition", as_clerk("updates:petition", lambda w: w.open.pk)),
    ("site switches", then(staff_member("sysadmins"), goto("switches:index"))),
    ("record a paper petition", then(staff_member("clerks"), goto("paper:new"))),
    (
        "record a paper petition with errors",
        then(staff_member("clerks"), goto("paper:new"), press("Record the petition")),
    ),
    ("paper petition", paper_petition),
    ("banner while paused", then(pause_signing, goto("petitions:list"))),
    (
        "sign form while paused",
        then(pause_signing, goto("signatures:sign", lambda w: w.open.pk, status=503)),
    ),
    ("demo outbox", goto("demo:outbox")),
    ("page not found", goto("petitions:detail", 999_999, status=404)),
]


# The parliamentary record, built by the same scenario as its own page tests (tests/parliament).
RECORD_PAGES: list[tuple[str, Visit]] = [
    ("debates", goto("parliament:debates")),
    ("debate with counts", goto("parliament:debate", lambda r: r.story.pk)),
    ("debate with each member's vote", goto("parliament:debate", lambda r: r.tied.pk)),
    ("how did my members vote", goto("parliament:my_members", lambda r: r.story.pk)),
    (
        "how my members voted",
        goto("parliament:my_members_result", lambda r: r.story.pk, lambda r: r.old.code),
    ),
    ("members", goto("parliament:members")),
    ("member", goto("parliament:member", lambda r: r.ann.slug)),
    ("debated petition", goto("petitions:detail", lambda r: r.petition.pk)),
]

# Narrow screens reflow the header, forms and tables: the pages most people see, at phone width.
ON_A_PHONE = [
    "home",
    "petitions list",
    "petition open",
    "sign form with errors",
    "create: about you",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def violations_in_both_languages(new_page, world, visit: Visit, **options) -> str:
    problems = []
    for lang in ("en", "cy"):
        page = new_page(**options)
        visit(page, world, lang)
        assert page.locator("html").get_attribute("lang") == lang, page.url
        if violations := axe_violations(page):
            problems.append(describe_violations(page.url, violations))
        if missing := broken_references(page):
            problems.append(f"References to ids that are not on {page.url}: {missing}")
    return "\n\n".join(problems)


@pytest.mark.parametrize("visit", [visit for _, visit in PAGES], ids=[name for name, _ in PAGES])
def test_the_page_has_no_wcag_violations_in_either_language(new_page, world, visit):
    problems = violations_in_both_languages(new_page, world, visit)
    assert not problems, problems


@pytest.mark.parametrize(
    "visit", [visit for _, visit in RECORD_PAGES], ids=[name for name, _ in RECORD_PAGES]
)
def test_the_record_has_no_wcag_violations_in_either_language(new_page, visit):
    problems = violations_in_both_languages(new_page, scenario.build(), visit)
    assert not problems, problems


@pytest.mark.parametrize("name", ON_A_PHONE)
def test_the_page_has_no_wcag_violations_on_a_phone(new_page, world, name):
    problems = violations_in_both_languages(new_page, world, dict(PAGES)[name], **PHONE)
    assert not problems, problems
