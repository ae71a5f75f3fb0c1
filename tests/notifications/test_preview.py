"""The check page before a debate's email is sent shows that email, in each language, as a
signer will read it: the real templates, a stand-in for the signer, nothing queued."""

import pytest

from deiseb.core.models import OutboundEmail
from deiseb.notifications.models import PetitionUpdate
from tests.factories import clerk

pytestmark = pytest.mark.django_db

OUTCOME = PetitionUpdate.Kind.DEBATE_OUTCOME
SCHEDULED = PetitionUpdate.Kind.DEBATE_SCHEDULED


def check_page(client, debate, kind, language="en") -> str:
    client.force_login(clerk())
    response = client.get(f"/{language}/staff/updates/debates/{debate.pk}/send/{kind}/")
    assert response.status_code == 200
    return response.content.decode()


def preview(html: str, language: str) -> str:
    section = html[html.index(f'id="preview-{language}"') :]
    return section[: section.index("</section>")]


def test_the_outcome_is_previewed_in_english_and_welsh(client, story):
    html = check_page(client, story.debate, OUTCOME)
    english, welsh = preview(html, "en"), preview(html, "cy")
    assert "Dear [signer&#x27;s name]," in english
    assert "Motion NDM8812 without amendment: Not agreed (13 for, 0 abstaining, 34 against)" in (
        english
    )
    assert "How the members for Cardiff Central voted" in english
    assert "* Ann Aelod: For" in english
    assert "Hold a Wales-wide inquiry" in english
    assert 'lang="cy"' in welsh and "Cynnal ymchwiliad ledled Cymru" in welsh
    assert "Canol Caerdydd" in welsh and "Hold a Wales-wide inquiry" not in welsh
    assert "/cy/deisebau/" in welsh and "/en/petitions/" not in welsh


def test_the_preview_holds_no_signer_and_queues_nothing(client, story):
    html = check_page(client, story.debate, OUTCOME)
    for signer in story.signers.values():
        assert signer.name not in html and signer.email not in html
    assert "CF10" not in html
    assert not OutboundEmail.objects.exists() and not PetitionUpdate.objects.exists()


def test_the_scheduled_email_is_previewed_too(client, story):
    html = check_page(client, story.scheduled, SCHEDULED)
    english = preview(html, "en")
    assert "Petition debate: school buses" in english
    assert story.scheduled.date.strftime("%-d %B %Y") in english
    assert "Dadl ar ddeiseb: bysiau ysgol" in preview(html, "cy")


def test_the_welsh_check_page_previews_both_languages(client, story):
    html = check_page(client, story.debate, OUTCOME, language="cy")
    assert '<html lang="cy">' in html
    assert "Dear [signer" in preview(html, "en") and "Cynnal ymchwiliad" in preview(html, "cy")
