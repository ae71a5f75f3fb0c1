"""The information pages: both languages at their own paths, true to settings and the database."""

import html
import re
from html.parser import HTMLParser

import pytest

from deiseb.moderation.models import RejectionReason
from tests.factories import OpenPetitionFactory
from tests.helpers import localised

pytestmark = pytest.mark.django_db

PAGES = [
    # (url name, English path, Welsh path, Welsh phrases a reader must see)
    (
        "pages:help",
        "/en/help/",
        "/cy/cymorth/",
        ["Sut mae deisebau'n gweithio", "Pwyllgor Deisebau"],
    ),
    ("pages:standards", "/en/standards/", "/cy/safonau/", ["Safonau deisebau", "Rhaid i ddeiseb:"]),
    ("pages:privacy", "/en/privacy/", "/cy/preifatrwydd/", ["Hysbysiad preifatrwydd", "rheolydd"]),
    (
        "pages:accessibility",
        "/en/accessibility/",
        "/cy/hygyrchedd/",
        ["Datganiad hygyrchedd", "Y Comisiwn Cydraddoldeb a Hawliau Dynol"],
    ),
    ("pages:cookies", "/en/cookies/", "/cy/cwcis/", ["Y cwcis rydym yn eu defnyddio", "Diben"]),
    (
        "pages:data",
        "/en/about-our-data/",
        "/cy/am-ein-data/",
        ["Am ein data", "Drwydded Llywodraeth Agored v3.0"],
    ),
]


class _TextBlocks(HTMLParser):
    """The visible text of each paragraph, list item, heading and table cell of a page."""

    BLOCKS = {"title", "h1", "h2", "h3", "p", "li", "th", "td", "caption", "a", "button"}

    def __init__(self):
        super().__init__()
        self.open, self.blocks = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.open.append([])

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self.open:
            self.blocks.append(" ".join("".join(self.open.pop()).split()))

    def handle_data(self, data):
        for block in self.open:
            block.append(data)


def text_blocks(page: str) -> list[str]:
    parser = _TextBlocks()
    parser.feed(page)
    return parser.blocks


def get_page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(("name", "en_path", "cy_path", "welsh"), PAGES)
def test_each_page_lives_at_its_translated_path(name, en_path, cy_path, welsh):
    assert localised("en", name) == en_path
    assert localised("cy", name) == cy_path


@pytest.mark.parametrize(("name", "en_path", "cy_path", "welsh"), PAGES)
def test_each_page_renders_in_both_languages_with_one_h1(client, name, en_path, cy_path, welsh):
    for lang, path in (("en", en_path), ("cy", cy_path)):
        page = get_page(client, path)
        assert len(re.findall(r"<h1[ >]", page)) == 1, path
        assert f'<html lang="{lang}">' in page, path
        assert f'hreflang="{"en" if lang == "cy" else "cy"}"' in page, path


@pytest.mark.parametrize(("name", "en_path", "cy_path", "welsh"), PAGES)
def test_no_english_leaks_onto_the_welsh_page(client, name, en_path, cy_path, welsh):
    english = get_page(client, en_path)
    cymraeg = html.unescape(get_page(client, cy_path))
    for phrase in welsh:
        assert phrase in cymraeg, phrase
    sentences = [block for block in text_blocks(english) if len(block.split()) >= 3]
    assert len(sentences) > 5
    leaked = [sentence for sentence in sentences if html.unescape(sentence) in cymraeg]
    assert leaked == []


def test_the_language_switch_goes_to_the_same_page_in_welsh(client):
    page = get_page(client, "/en/privacy/")
    assert 'href="/cy/preifatrwydd/" lang="cy"' in page


@pytest.mark.parametrize("path", [path for _, en, cy, _ in PAGES for path in (en, cy)])
def test_shared_caches_may_keep_the_pages_for_five_minutes(client, path):
    cache_control = client.get(path).headers["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=300" in cache_control


def test_a_visitor_with_a_session_gets_a_private_copy(client):
    client.cookies["sessionid"] = "abc"
    cache_control = client.get("/en/help/").headers["Cache-Control"]
    assert "public" not in cache_control
    assert "private" in cache_control


def test_the_pages_only_answer_reads(client):
    assert client.post("/en/help/").status_code == 405


def test_the_help_page_numbers_follow_the_settings(client, settings):
    settings.PETITION_REFERRAL_THRESHOLD = 321
    settings.PETITION_DEBATE_THRESHOLD = 12_345
    settings.PETITION_SPONSORS_REQUIRED = 4
    settings.PETITION_MIN_DURATION_DAYS = 14
    settings.PETITION_MAX_DURATION_MONTHS = 3
    settings.PETITION_REFERRAL_DELAY_HOURS = 48
    settings.SIGNATURE_TOKEN_DAYS = 10

    english = html.unescape(get_page(client, "/en/help/"))
    assert "321 signatures or more at the final count" in english
    assert "fewer than 321 signatures" in english
    assert "reaches 12,345 signatures" in english
    assert "needs 4 supporters before we check it" in english
    assert "at least 14 days and at most 3 months" in english
    assert "have 48 hours more to confirm" in english
    assert "stops working after 10 days" in english
    for default in ("250", "10,000", "30 days", "6 months", "24 hours"):
        assert default not in english, default

    cymraeg = html.unescape(get_page(client, "/cy/cymorth/"))
    assert "Os oes gan ddeiseb 321 llofnod neu fwy" in cymraeg
    assert "cyrraedd 12,345 llofnod" in cymraeg
    assert "o leiaf 14 diwrnod ac ar y mwyaf 3 mis" in cymraeg
    assert "10,000" not in cymraeg


def test_the_help_page_in_welsh_uses_welsh_plural_forms(client, settings):
    settings.PETITION_SPONSORS_REQUIRED = 2
    settings.PETITION_MAX_DURATION_MONTHS = 2
    cymraeg = html.unescape(get_page(client, "/cy/cymorth/"))
    assert "Mae angen 2 gefnogwr ar eich deiseb" in cymraeg
    assert "ar y mwyaf 2 fis" in cymraeg


def test_the_standards_list_public_rejection_reasons_in_the_page_language(client):
    public = list(RejectionReason.objects.filter(hidden=False))
    assert {reason.code for reason in public} >= {"duplicate", "irrelevant", "bad-address"}
    english = html.unescape(get_page(client, "/en/standards/"))
    cymraeg = html.unescape(get_page(client, "/cy/safonau/"))
    for reason in public:
        assert f"<h3>{reason.title_en}</h3>" in english
        assert reason.description_en in english
        assert f"<h3>{reason.title_cy}</h3>" in cymraeg
        assert reason.description_cy in cymraeg
        assert reason.title_en not in cymraeg


def test_hidden_rejection_reasons_are_never_listed(client):
    RejectionReason.objects.create(
        code="secret",
        hidden=True,
        title_en="Named a private person",
        title_cy="Enwodd berson preifat",
        description_en="Hidden description in English.",
        description_cy="Disgrifiad cudd yn Gymraeg.",
    )
    hidden = list(RejectionReason.objects.filter(hidden=True))
    assert {reason.code for reason in hidden} >= {"libellous", "offensive", "not-suitable"}
    pages = html.unescape(get_page(client, "/en/standards/") + get_page(client, "/cy/safonau/"))
    for reason in hidden:
        for text in (
            reason.title_en,
            reason.title_cy,
            reason.description_en,
            reason.description_cy,
        ):
            assert text not in pages, text


def test_the_standards_show_the_reasons_as_staff_last_worded_them(client):
    RejectionReason.objects.filter(code="duplicate").update(title_en="Already asked for")
    assert "<h3>Already asked for</h3>" in get_page(client, "/en/standards/")


def test_the_cookie_list_comes_from_the_settings(client, settings):
    settings.SESSION_COOKIE_NAME = "deiseb_session"
    settings.SESSION_COOKIE_AGE = 3 * 86_400
    english = get_page(client, "/en/cookies/")
    assert "<code>deiseb_session</code>" in english
    assert "After 3 days" in english
    assert "<code>csrftoken</code>" in english
    assert "After 52 weeks" in english
    assert "<code>django_language</code>" in english
    assert "When you close your browser" in english
    cymraeg = get_page(client, "/cy/cwcis/")
    assert "Ar ôl 3 diwrnod" in cymraeg
    assert "Ar ôl 52 wythnos" in cymraeg

    settings.CSRF_USE_SESSIONS = True
    assert "<code>csrftoken</code>" not in get_page(client, "/en/cookies/")


def test_the_privacy_notice_and_accessibility_statement_give_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "deisebau@example.cymru"
    for path in ("/en/privacy/", "/cy/preifatrwydd/", "/en/accessibility/", "/cy/hygyrchedd/"):
        assert 'href="mailto:deisebau@example.cymru"' in get_page(client, path), path


def test_the_privacy_notice_names_the_configured_parliament_as_controller(client, settings):
    settings.PARLIAMENT_NAME_EN = "Example Assembly"
    settings.PARLIAMENT_NAME_CY = "Cynulliad Enghreifftiol"
    assert "The Example Assembly is the controller" in get_page(client, "/en/privacy/")
    cymraeg = get_page(client, "/cy/preifatrwydd/")
    assert "Cynulliad Enghreifftiol yw rheolydd y data personol" in cymraeg


def test_the_data_page_carries_the_full_attribution_and_the_licence_in_each_language(client):
    english = html.unescape(get_page(client, "/en/about-our-data/"))
    assert "Contains OS data © Crown copyright and database right" in english
    assert "/doc/open-government-licence/version/3/" in english
    cymraeg = html.unescape(get_page(client, "/cy/am-ein-data/"))
    assert "Yn cynnwys data'r Arolwg Ordnans © Hawlfraint y Goron" in cymraeg
    assert "/doc/open-government-licence-cymraeg/version/3/" in cymraeg


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "en",
            ["Help", "Petition standards", "Privacy", "Accessibility", "Cookies", "About our data"],
        ),
        (
            "cy",
            ["Cymorth", "Safonau deisebau", "Preifatrwydd", "Hygyrchedd", "Cwcis", "Am ein data"],
        ),
    ],
)
def test_every_page_footer_links_to_the_information_pages(client, lang, labels):
    petition = OpenPetitionFactory()
    names = ["pages:help", "pages:standards", "pages:privacy", "pages:accessibility"]
    names += ["pages:cookies", "pages:data"]
    for path in (f"/{lang}/", localised(lang, "petitions:detail", petition.pk)):
        footer = get_page(client, path).split('<footer class="footer">', 1)[1]
        for name, label in zip(names, labels, strict=True):
            assert f'<a href="{localised(lang, name)}">{label}</a>' in footer, (path, name)


def test_the_sign_and_create_forms_link_to_the_privacy_notice_and_the_standards(client):
    petition = OpenPetitionFactory()
    sign = get_page(client, localised("cy", "signatures:sign", petition.pk))
    assert '<a href="/cy/preifatrwydd/">Sut rydym yn defnyddio eich gwybodaeth</a>' in sign
    check = get_page(client, "/en/petitions/check/")
    assert '<a href="/en/standards/">Read the petition standards</a>' in check

    session = client.session
    session["new_petition"] = {"text": {"action": "x"}, "closing": {"closing_date": "2099-01-01"}}
    session.save()
    about_you = get_page(client, localised("en", "petitions:new_creator"))
    assert '<a href="/en/privacy/">How we use your information</a>' in about_you
