"""What every page carries: the header and footer links, who is signed in, the icon, the preview."""

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders

from tests.factories import OpenPetitionFactory
from tests.helpers import localised

pytestmark = pytest.mark.django_db

MAIN_NAV = re.compile(r'<nav class="width header-nav" aria-label="([^"]+)">(.*?)</nav>', re.S)
FOOTER = re.compile(r"<footer.*?</footer>", re.S)
SECTIONS = ["petitions:list", "parliament:debates", "parliament:members", "open_data", "pages:help"]


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_header_and_footer_lead_to_each_part_of_the_site(client, language):
    page = html(client, localised(language, "pages:privacy"))
    nav = MAIN_NAV.search(page).group(2)
    footer = FOOTER.search(page).group(0)
    for name in SECTIONS:
        href = f'href="{localised(language, name)}"'
        assert href in nav and href in footer, name


def test_the_header_marks_the_section_the_page_belongs_to(client):
    nav = MAIN_NAV.search(html(client, localised("en", "parliament:members"))).group(2)
    assert f'<a href="{localised("en", "parliament:members")}" aria-current="true">' in nav
    assert nav.count("aria-current") == 1
    nav = MAIN_NAV.search(html(client, localised("en", "pages:privacy"))).group(2)
    assert "aria-current" not in nav


def test_visitors_are_offered_the_staff_sign_in_and_staff_see_who_they_are(client, settings):
    settings.STAFF_2FA = False
    footer = FOOTER.search(html(client, "/en/")).group(0)
    assert "Staff sign in" in footer and "Signed in as" not in footer
    client.force_login(User.objects.create_user("gwen"))
    footer = FOOTER.search(html(client, "/en/")).group(0)
    assert "Signed in as gwen" in footer and "Staff sign in" not in footer
    assert f'action="{localised("en", "accounts:logout")}"' in footer
    assert "csrfmiddlewaretoken" in footer


def test_a_visitors_page_still_reads_no_session(client):
    response = client.get("/en/")
    assert "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"]


def test_every_page_names_its_icon_and_the_old_address_finds_it(client):
    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in html(
        client, "/en/"
    )
    assert finders.find("core/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/core/favicon.svg"


def test_pages_have_a_default_preview_and_a_petition_only_its_own(client):
    home = html(client, "/cy/")
    assert home.count('property="og:site_name"') == 1
    assert '<meta property="og:title" content="Senedd Cymru · Deisebau">' in home
    assert home.count('property="og:description"') == 1
    petition = OpenPetitionFactory(action_en="Keep the night buses running")
    page = html(client, localised("en", "petitions:detail", petition.pk))
    for tag in ("og:site_name", "og:title", "og:description", "og:type"):
        assert page.count(f'property="{tag}"') == 1, tag
    assert '<meta property="og:title" content="Keep the night buses running">' in page
