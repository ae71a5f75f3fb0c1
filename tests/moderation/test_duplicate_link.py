"""A petition rejected as a duplicate links the original, for its readers to sign that instead."""

import pytest

from deiseb.moderation.models import Rejection
from tests.factories import OpenPetitionFactory, SponsoredPetitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def original():
    return OpenPetitionFactory(action_en="Give every child an NHS dentist")


def reject(client, petition, **fields):
    return client.post(
        f"/en/staff/moderation/{petition.pk}/reject/", {"reason": "duplicate", **fields}
    )


def test_the_moderator_names_the_original_and_the_page_links_it(client, mo, original):
    petition = SponsoredPetitionFactory()
    assert reject(client, petition, duplicate_of=str(original.pk)).status_code == 302
    assert Rejection.objects.get(petition=petition).duplicate_of == original

    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    link = f'<a href="/en/petitions/{original.pk}/">Give every child an NHS dentist</a>'
    assert "Sign the original petition instead:" in page and link in page


def test_the_moderation_page_offers_the_field(client, mo):
    petition = SponsoredPetitionFactory()
    page = client.get(f"/en/staff/moderation/{petition.pk}/").content.decode()
    assert 'name="duplicate_of"' in page


@pytest.mark.parametrize(
    "number, message",
    [("999999", "There is no published petition 999999 to link to."), ("abc", "like 123.")],
)
def test_an_unknown_original_is_refused_and_nothing_rejected(client, mo, number, message):
    petition = SponsoredPetitionFactory()
    response = reject(client, petition, duplicate_of=number)
    assert response.status_code == 302
    assert not Rejection.objects.filter(petition=petition).exists()
    page = client.get(response["Location"]).content.decode()
    assert message in page


def test_a_petition_cannot_be_the_duplicate_of_itself(client, mo):
    petition = SponsoredPetitionFactory()
    reject(client, petition, duplicate_of=str(petition.pk))
    assert not Rejection.objects.filter(petition=petition).exists()


def test_no_link_once_the_original_is_itself_hidden(client, mo, original):
    from deiseb.moderation import services
    from deiseb.moderation.models import RejectionReason

    petition = SponsoredPetitionFactory()
    reject(client, petition, duplicate_of=str(original.pk))
    services.reject_petition(original, RejectionReason.objects.get(code="offensive"), by=mo)
    page = client.get(f"/en/petitions/{petition.pk}/").content.decode()
    assert "Give every child an NHS dentist" not in page
    assert "Sign the original petition instead" not in page


def test_a_rejection_without_an_original_still_works(client, mo):
    petition = SponsoredPetitionFactory()
    assert reject(client, petition).status_code == 302
    assert Rejection.objects.get(petition=petition).duplicate_of is None
