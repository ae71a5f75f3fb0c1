"""The embeddable count: framable from any site, while every other page still refuses framing."""

import html
import re

import pytest

from tests.factories import (
    ClosedPetitionFactory,
    HiddenPetitionFactory,
    OpenPetitionFactory,
    PendingPetitionFactory,
    RejectedPetitionFactory,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str | None:
    policy = response.get("Content-Security-Policy", "")
    found = re.search(r"frame-ancestors ([^;]*)", policy)
    return found[1].strip() if found else None


def test_the_widget_shows_the_action_the_count_and_a_link_to_sign(client):
    petition = OpenPetitionFactory(signature_count=12345)
    response = client.get(localised("en", "syndication:embed", petition.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert html.escape(petition.action_en) in page
    assert re.search(r'<strong data-count aria-live="polite">12,345</strong>', page)
    link = re.search(r'class="embed-button" href="([^"]+)" target="_blank" rel="noopener"', page)
    assert link[1] == f"http://testserver/en/petitions/{petition.pk}/"
    assert f'data-live-count="/petitions/{petition.pk}/count.json"' in page
    assert "<script>" not in page  # only the script file: the CSP allows no inline script
    assert '<script src="/static/core/live-count.js" defer></script>' in page


def test_the_widget_speaks_welsh_under_cy(client):
    petition = OpenPetitionFactory()
    path = localised("cy", "syndication:embed", petition.pk)
    assert path.startswith(f"/cy/deisebau/{petition.pk}/")
    page = client.get(path).content.decode()
    assert '<html lang="cy">' in page
    assert html.escape(petition.action_cy) in page
    assert f"/cy/deisebau/{petition.pk}/" in page


def test_the_widget_can_be_framed_by_any_site_and_other_pages_cannot(client):
    petition = OpenPetitionFactory()
    widget = client.get(localised("en", "syndication:embed", petition.pk))
    assert "X-Frame-Options" not in widget
    assert frame_ancestors(widget) in (None, "*")
    assert "script-src 'self'" in widget["Content-Security-Policy"]  # the rest of the policy holds

    for path in (
        localised("en", "petitions:detail", petition.pk),
        localised("en", "petitions:list"),
        localised("en", "home"),
    ):
        page = client.get(path)
        assert page["X-Frame-Options"] == "DENY", path
        assert frame_ancestors(page) == "'none'", path


def test_the_widget_is_briefly_cacheable_and_sets_no_cookie(client):
    response = client.get(localised("en", "syndication:embed", OpenPetitionFactory().pk))
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert not response.cookies


def test_a_closed_petition_shows_its_state_and_no_sign_button_or_polling(client):
    petition = ClosedPetitionFactory(signature_count=50)
    page = client.get(localised("en", "syndication:embed", petition.pk)).content.decode()
    assert "embed-button" not in page and "data-live-count" not in page
    assert "Closed" in page and ">50<" in page


def test_a_rejected_petition_shows_no_count(client):
    petition = RejectedPetitionFactory()
    page = client.get(localised("en", "syndication:embed", petition.pk)).content.decode()
    assert "This petition was rejected" in page and "data-count" not in page


def test_unpublished_petitions_have_no_widget(client):
    for petition in (PendingPetitionFactory(), HiddenPetitionFactory()):
        assert client.get(localised("en", "syndication:embed", petition.pk)).status_code == 404
    assert client.get("/en/petitions/99999999999999999999999/embed/").status_code == 404


def test_the_script_is_served_from_our_origin(client, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/core/live-count.js")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    script = b"".join(response.streaming_content).decode()
    assert "count.textContent !== text" in script  # writes, and so announces, only a change


def test_the_petition_page_offers_the_snippet_to_copy(client):
    petition = OpenPetitionFactory(action_en='Say "yes" to buses & trains')
    page = client.get(localised("en", "petitions:detail", petition.pk)).content.decode()
    code = re.search(r"<textarea[^>]*readonly>(.*?)</textarea>", page, re.S)[1]
    snippet = html.unescape(code)
    assert snippet.startswith(f'<iframe src="http://testserver/en/petitions/{petition.pk}/embed/"')
    assert 'title="Say &quot;yes&quot; to buses &amp; trains"' in snippet
