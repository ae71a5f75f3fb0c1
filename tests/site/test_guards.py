"""Guards for the whole site: nothing unpublished leaks, every page renders in both languages."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import (
    ClosedPetitionFactory,
    FlaggedPetitionFactory,
    HiddenPetitionFactory,
    OpenPetitionFactory,
    PendingPetitionFactory,
    SignatureFactory,
    SponsoredPetitionFactory,
    ValidatedPetitionFactory,
    moderator,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def unpublished():
    return [
        PendingPetitionFactory(),
        ValidatedPetitionFactory(),
        SponsoredPetitionFactory(),
        FlaggedPetitionFactory(),
        HiddenPetitionFactory(),
        HiddenPetitionFactory(opened_at=timezone.now()),  # hidden after it was published
        OpenPetitionFactory(action_cy="", background_cy=""),  # open, but only in English
    ]


def test_unpublished_petitions_are_404_everywhere_and_in_no_list(client):
    hidden = unpublished()
    for petition in hidden:
        for path in (
            f"/en/petitions/{petition.pk}/",
            f"/cy/deisebau/{petition.pk}/",
            f"/en/petitions/{petition.pk}/sign/",
            f"/petitions/{petition.pk}/count.json",
        ):
            assert client.get(path).status_code == 404, (petition.state, path)
    listings = "".join(
        client.get(path).content.decode()
        for path in (
            "/en/",
            "/en/petitions/",
            "/en/petitions/check/?q=school+buses",
            "/cy/deisebau/gwirio/?q=bysiau",
        )
    )
    for petition in hidden:
        assert petition.action_en not in listings
        assert not petition.action_cy or petition.action_cy not in listings


def test_signers_and_creators_private_details_never_appear_on_public_pages(client):
    petition = OpenPetitionFactory(
        creator_pseudonym="Emily Vaughn",
        creator_email="real.person@example.com",
        creator_address="12 Secret Lane",
        creator_phone="07700 900123",
        creator_postcode="CF101AA",
        creator_name="Real Name",
    )
    SignatureFactory(petition=petition, email="signer@example.com", postcode="SA11AA")
    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert "Emily Vaughn" in page
    for private in (
        "Real Name",
        "real.person@example.com",
        "12 Secret Lane",
        "07700 900123",
        "CF101AA",
        "CF10 1AA",
        "signer@example.com",
        "SA11AA",
    ):
        assert private not in page


def test_the_creators_name_is_public_only_while_open(client):
    petition = ClosedPetitionFactory(creator_name="Charlie Creator")
    assert "Charlie Creator" not in client.get(f"/en/petitions/{petition.pk}/").content.decode()


def public_pages():
    open_petition = OpenPetitionFactory()
    closed = ClosedPetitionFactory()
    return [
        ("home",),
        ("petitions:list",),
        ("petitions:check",),
        ("petitions:check", "q=bus"),
        ("petitions:new",),
        ("petitions:detail", open_petition.pk),
        ("signatures:sign", open_petition.pk),
        ("signatures:sign_sent", open_petition.pk),
        ("petitions:detail", closed.pk),
        ("accounts:login",),
        ("demo:outbox",),
    ]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_public_page_renders_with_one_h1(client, lang):
    for name, *rest in public_pages():
        query = rest.pop() if rest and isinstance(rest[-1], str) else ""
        path = localised(lang, name, *rest, query=query)
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert len(re.findall(r"<h1[ >]", html)) == 1, path
        assert f'<html lang="{lang}">' in html, path
        assert 'hreflang="cy"' in html and 'hreflang="en"' in html, path


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_staff_pages_render_with_one_h1(client, lang):
    client.force_login(moderator())
    petition = SponsoredPetitionFactory()
    for path in (f"/{lang}/staff/moderation/", f"/{lang}/staff/moderation/{petition.pk}/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(re.findall(r"<h1[ >]", response.content.decode())) == 1, path


def test_the_language_switch_keeps_you_on_the_same_page(client):
    petition = OpenPetitionFactory()
    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert f'href="/cy/deisebau/{petition.pk}/" lang="cy"' in page


def test_the_root_sends_welsh_speakers_to_welsh(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="cy").headers["Location"] == "/cy/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").headers["Location"] == "/en/"


def test_health_check(client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.content == b"ok"
