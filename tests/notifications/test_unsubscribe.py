"""One-click unsubscribe: GET changes nothing, POST stops updates about that petition only."""

import re

import pytest
from django.test import Client

from deiseb.core.models import OutboundEmail
from deiseb.notifications.models import PetitionUpdate
from deiseb.notifications.tokens import unsubscribe_token
from deiseb.signatures.models import Signature
from tests.factories import ValidatedSignatureFactory
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def notified(*signatures) -> list[bool]:
    return [Signature.objects.get(pk=s.pk).notify_by_email for s in signatures]


def link_for(signature, language="en") -> str:
    return localised(language, "notifications:unsubscribe", unsubscribe_token(signature))


def test_the_link_in_the_email_shows_a_button_and_changes_nothing(client, story, start, drain):
    start(story.debate, PetitionUpdate.Kind.DEBATE_OUTCOME)
    drain()
    body = OutboundEmail.objects.get(to="alice@example.com").body_text
    path = re.search(r"http://testserver(/en/unsubscribe/\S+/)", body).group(1)
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop emails about this petition" in page and '<form method="post"' in page
    assert "alice@example.com" not in page
    assert not response.cookies and "no-cache" in response["Cache-Control"]  # one signer's page
    assert notified(story.signers["alice"]) == [True]


def test_posting_the_form_stops_updates_for_that_inbox_on_that_petition_only(client, story):
    hal, hana = story.signers["hal"], story.signers["hana"]
    elsewhere = ValidatedSignatureFactory(email="hal@example.com", notify_by_email=True)
    response = client.post(link_for(hal))
    assert response.status_code == 200
    assert "You will get no more emails about this petition" in response.content.decode()
    assert notified(hal, hana, elsewhere) == [False, False, True]
    assert notified(story.signers["gwen"]) == [True]
    # The link keeps working, and says there is nothing more to do.
    assert "nothing more to do" in client.get(link_for(hana)).content.decode()


def test_a_mail_clients_one_click_post_works_without_a_csrf_token(story):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        link_for(story.signers["gwen"], "cy"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert notified(story.signers["gwen"]) == [False]


@pytest.mark.parametrize(
    "token",
    ["nonsense", "1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x" * 300, "1"],
)
def test_a_bad_link_gets_a_friendly_page_and_changes_nothing(client, story, token):
    for language in ("en", "cy"):
        path = localised(language, "notifications:unsubscribe", token)
        for response in (client.get(path), client.post(path)):
            assert response.status_code == 404
            assert "This link cannot be used" in response.content.decode() or language == "cy"
    assert (
        not Signature.objects.filter(notify_by_email=False)
        .exclude(pk=story.signers["quiet"].pk)
        .exists()
    )


def test_a_link_for_a_signature_since_removed_is_a_friendly_404(client, story):
    path = link_for(story.signers["alice"])
    story.signers["alice"].delete()
    response = client.post(path)
    assert response.status_code == 404
    assert "This link cannot be used" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_pages_render_in_both_languages_with_one_h1(client, story, language):
    path = link_for(story.signers["alice"], language)
    for response in (client.get(path), client.post(path), client.get(path[:-5] + "bad/")):
        html = response.content.decode()
        assert len(re.findall(r"<h1[ >]", html)) == 1
        assert f'<html lang="{language}">' in html
