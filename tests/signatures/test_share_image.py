"""Each petition's share image, and the tags that point social sites at it."""

import io
import re

import pytest
from PIL import Image

from deiseb.signatures import share
from deiseb.signatures.counting import count_signatures
from tests.factories import (
    HiddenPetitionFactory,
    OpenPetitionFactory,
    PendingPetitionFactory,
    RejectedPetitionFactory,
    SponsoredPetitionFactory,
    ValidatedSignatureFactory,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition():
    petition = OpenPetitionFactory(
        action_en="Teach local history in every school", action_cy="Dysgu hanes lleol ym mhob ysgol"
    )
    ValidatedSignatureFactory.create_batch(3, petition=petition)
    count_signatures()
    petition.refresh_from_db()
    return petition


def png(response) -> Image.Image:
    image = Image.open(io.BytesIO(response.content))
    image.load()  # reads every chunk: a truncated or corrupt PNG fails here
    return image


@pytest.mark.parametrize("language", ["en", "cy"])
def test_it_is_a_1200_by_630_png_in_the_page_language(client, petition, language):
    response = client.get(localised(language, "signatures:share_image", petition.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    image = png(response)
    assert image.format == "PNG"
    assert image.size == (1200, 630)


def test_each_language_has_its_own_picture(client, petition):
    english = client.get(localised("en", "signatures:share_image", petition.pk))
    welsh = client.get(localised("cy", "signatures:share_image", petition.pk))

    assert localised("cy", "signatures:share_image", petition.pk).startswith("/cy/deisebau/")
    assert english.content != welsh.content


def test_a_new_count_draws_a_new_picture(client, petition):
    url = localised("en", "signatures:share_image", petition.pk)
    before = client.get(url).content
    ValidatedSignatureFactory(petition=petition)
    count_signatures()

    assert client.get(url).content != before


def test_it_draws_without_the_system_font(petition, monkeypatch, tmp_path):
    """Pillow's built-in font stands in, rather than the image failing, if DejaVu is missing."""
    monkeypatch.setattr(share, "FONT_DIR", tmp_path)
    share.font.cache_clear()
    try:
        image = Image.open(io.BytesIO(share.draw(petition)))
        assert image.size == (1200, 630)
    finally:
        share.font.cache_clear()


def test_a_long_action_still_fits(petition):
    petition.action_en = "Wrexham " * 12 + "x" * 90
    image = Image.open(io.BytesIO(share.draw(petition)))
    assert image.size == (1200, 630)


@pytest.mark.parametrize(
    "factory",
    [
        PendingPetitionFactory,
        SponsoredPetitionFactory,
        RejectedPetitionFactory,
        HiddenPetitionFactory,
    ],
)
def test_only_a_published_petition_that_was_not_rejected_has_one(client, factory):
    petition = factory()
    assert client.get(localised("en", "signatures:share_image", petition.pk)).status_code == 404


def test_an_unknown_petition_has_none(client):
    assert client.get("/en/petitions/999999/share.png").status_code == 404


def meta(html: str, name: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_petition_page_names_its_share_image(client, petition, language):
    html = client.get(localised(language, "petitions:detail", petition.pk)).content.decode()

    image_path = localised(language, "signatures:share_image", petition.pk)
    assert meta(html, "og:image") == f"http://testserver{image_path}"
    action = petition.action_cy if language == "cy" else petition.action_en
    assert meta(html, "og:title") == action
    assert meta(html, "og:url") == "http://testserver" + localised(
        language, "petitions:detail", petition.pk
    )
    assert meta(html, "twitter:card") == "summary_large_image"
    assert client.get(image_path).status_code == 200


def test_a_rejected_petition_page_names_no_image(client):
    petition = RejectedPetitionFactory()
    html = client.get(localised("en", "petitions:detail", petition.pk)).content.decode()

    assert meta(html, "og:title") == petition.action_en
    assert meta(html, "og:image") is None
