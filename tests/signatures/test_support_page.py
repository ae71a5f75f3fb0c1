"""A supporter reads the whole petition they are backing, and no link on the page is a 404."""

import re

import pytest

from tests.factories import SponsoredPetitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    return SponsoredPetitionFactory(
        action_en="Fund school swimming lessons",
        background_en="Too many children leave school unable to swim.",
        additional_details_en="Lessons cost families £60 a term.",
    )


def test_the_supporter_page_shows_the_full_text(client, petition):
    page = client.get(f"/en/petitions/{petition.pk}/support/{petition.sponsor_token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Fund school swimming lessons" in html
    assert "Too many children leave school unable to swim." in html
    assert "Lessons cost families £60 a term." in html


def test_no_link_on_the_supporter_page_is_a_404_before_publication(client, petition):
    html = client.get(f"/en/petitions/{petition.pk}/support/{petition.sponsor_token}/").content
    assert f'/en/petitions/{petition.pk}/"'.encode() not in html
    main = re.search(rb"<main.*?</main>", html, re.S)[0].decode()
    for href in set(re.findall(r'href="(/en/[^"#]*)"', main)):
        assert client.get(href).status_code != 404, href
