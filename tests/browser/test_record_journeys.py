"""The record when a term's members are not held, the outcome email's preview, and the thank-you
page, walked in a real browser: what a visitor, a clerk and a signer see (Deiseb issue 12, points
7, 11 and 13).

Today is after the May 2026 election, so the Seventh Senedd is in office; the members file may
still be the Sixth Senedd's.
"""

import datetime
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from deiseb.notifications.models import PetitionUpdate
from tests.browser.support import BROWSER_TEST, t
from tests.factories import (
    MemberFactory,
    MotionFactory,
    OpenPetitionFactory,
    PartyFactory,
    SeatFactory,
    SignatureFactory,
    TermFactory,
    clerk,
    constituency,
)
from tests.helpers import localised
from tests.notifications.story import build_story
from tests.parliament.chamber import chamber

pytestmark = BROWSER_TEST


def seventh_senedd(members: int | None = None):
    extra = {"members": members} if members else {}
    return TermFactory(
        number=7,
        name_en="Seventh Senedd",
        name_cy="Seithfed Senedd",
        start_date=datetime.date(2026, 5, 7),
        end_date=None,
        **extra,
    )


def sign_in_as_clerk(page, path: str) -> None:
    """Staff pages send you to sign in first (here in English), then go on to `path`."""
    clerk()
    page.goto(localised("en", "record:index"))
    page.get_by_label("Username").fill("cara")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    page.goto(path)


def main(page):
    return page.get_by_role("main")


# -- point 11: the members page and the quick division ---------------------------------------


@pytest.fixture
def senedd():
    """The Sixth Senedd with its members; the Seventh, in office today, with none held; a motion
    debated in the Seventh."""
    sixth = chamber()
    seventh = seventh_senedd(members=96)
    motion = MotionFactory(debate__date=datetime.date(2026, 6, 10), mover=sixth["ann"])
    return sixth, seventh, motion


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_members_page_names_the_missing_term_and_shows_the_latest_held(page, senedd, lang):
    sixth, seventh, _motion = senedd
    page.goto(localised(lang, "parliament:members"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Members of the Senedd"))
    missing, shown = getattr(seventh, f"name_{lang}"), getattr(sixth.term, f"name_{lang}")
    notice = t(
        lang,
        "The members of the %(missing)s are not held here yet, so this page shows the "
        "%(shown)s, the latest term whose members are recorded.",
    ) % {"missing": missing, "shown": shown}
    expect(main(page)).to_contain_text(notice)
    expect(main(page)).not_to_contain_text(t(lang, "No members have been recorded yet."))
    for member in sixth.members.values():
        expect(main(page).get_by_role("link", name=member.name_en, exact=True)).to_be_visible()


def test_a_clerk_records_a_division_by_counts_alone_and_the_debate_page_says_so(page, senedd):
    _sixth, _seventh, motion = senedd
    sign_in_as_clerk(page, localised("en", "record:new_division", motion.pk))
    expect(page.get_by_role("heading", level=1)).to_contain_text("A new division on motion")
    expect(main(page)).to_contain_text("this division is recorded by its counts alone")
    expect(main(page)).not_to_contain_text("import the members first")
    page.get_by_label("Order in which it was put").fill("1")
    page.get_by_label("Question", exact=True).select_option("motion")
    page.get_by_label("For", exact=True).fill("50")
    page.get_by_label("Abstain", exact=True).fill("2")
    page.get_by_label("Against", exact=True).fill("40")
    page.get_by_role("button", name="Save the division").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Division saved: 50 for, 2 abstaining, 40 against."
    )

    for lang in ("en", "cy"):
        page.goto(localised(lang, "parliament:debate", motion.debate.pk))
        vote = main(page).locator("section.vote")
        expect(vote).to_contain_text(t(lang, "Agreed"))
        for label, count in (("For", "50"), ("Abstain", "2"), ("Against", "40")):
            expect(vote.locator("dl.vote-counts div", has_text=t(lang, label))).to_contain_text(
                count
            )
        expect(vote).to_contain_text(
            t(
                lang,
                "The record of how each member voted in this division is not held here: only "
                "the totals are recorded.",
            )
        )


# -- point 13: the outcome email's preview ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_outcome_check_page_previews_the_email_in_english_and_welsh(page, lang):
    story = build_story()
    kind = PetitionUpdate.Kind.DEBATE_OUTCOME
    sign_in_as_clerk(page, f"/{lang}/staff/updates/debates/{story.debate.pk}/send/{kind}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t(lang, "Check before sending"))

    english = page.get_by_role("region", name=t(lang, "In English"))
    expect(english).to_contain_text("Dear [signer's name],")
    expect(english).to_contain_text("Hold a Wales-wide inquiry")
    expect(english).to_contain_text("How the members for Cardiff Central voted")
    expect(english).to_contain_text("Ann Aelod: For")

    welsh = page.get_by_role("region", name=t(lang, "In Welsh"))
    expect(welsh.locator("pre")).to_have_attribute("lang", "cy")
    expect(welsh).to_contain_text("Cynnal ymchwiliad ledled Cymru")
    expect(welsh).to_contain_text("Canol Caerdydd")
    expect(welsh).not_to_contain_text("Hold a Wales-wide inquiry")
    for signer in story.signers.values():
        expect(main(page)).not_to_contain_text(signer.email)


# -- point 7: the thank-you page -------------------------------------------------------------


def confirm(page, lang: str, signature) -> None:
    page.goto(localised(lang, "signatures:confirm", signature.token))
    page.get_by_role("button", name=t(lang, "Confirm")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t(lang, "Your signature has been added")
    )


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_thank_you_page_offers_share_links_and_names_the_signers_members(
    page, live_server, lang
):
    place = constituency()
    term = seventh_senedd()
    party = PartyFactory(name_en="Plaid Cymru", name_cy="Plaid Cymru")
    for name in ("Rhian Roberts", "Dafydd Davies"):
        SeatFactory(
            member=MemberFactory(name_en=name, slug=name.lower().replace(" ", "-")),
            term=term,
            party=party,
            constituency=place,
            start_date=term.start_date,
            end_date=None,
        )
    petition = OpenPetitionFactory()
    confirm(page, lang, SignatureFactory(petition=petition, constituency=place))

    expect(page.get_by_role("heading", name=t(lang, "Share this petition"))).to_be_visible()
    share = main(page).locator("ul.share-links")
    for name in (t(lang, "Email"), "WhatsApp", "Facebook", "Bluesky"):
        expect(share.get_by_role("link", name=name, exact=True)).to_be_visible()
    petition_page = live_server.url + localised(lang, "petitions:detail", petition.pk)
    expect(share.get_by_role("link", name="WhatsApp")).to_have_attribute(
        "href", "https://wa.me/?text=" + quote(petition_page, safe="/")
    )

    expect(page.get_by_role("heading", name=t(lang, "Your Members of the Senedd"))).to_be_visible()
    expect(main(page)).to_contain_text(
        t(lang, "The Members of the Senedd for %(place)s are:")
        % {"place": getattr(place, f"name_{lang}")}
    )
    for name in ("Rhian Roberts", "Dafydd Davies"):
        member = main(page).get_by_role("link", name=name, exact=True)
        expect(member).to_be_visible()
        slug = name.lower().replace(" ", "-")
        expect(member).to_have_attribute("href", localised(lang, "parliament:member", slug))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_without_todays_members_the_thank_you_page_says_the_list_is_not_held(page, lang):
    place = constituency()
    SeatFactory(constituency=place)  # the Sixth Senedd's members only
    confirm(page, lang, SignatureFactory(petition=OpenPetitionFactory(), constituency=place))
    expect(main(page)).to_contain_text(
        t(
            lang,
            "Your constituency is %(place)s. The list of today's Members of the Senedd is not "
            "held by the petitions site yet, so it cannot name your members.",
        )
        % {"place": getattr(place, f"name_{lang}")}
    )
    expect(main(page).get_by_role("link", name=t(lang, "Members of the Senedd"))).to_be_visible()
