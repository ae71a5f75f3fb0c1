"""Petitions in my area: a postcode finds its constituency and that constituency's petitions."""

import pytest

from deiseb.geography.models import Postcode
from deiseb.signatures.models import ConstituencyCount
from tests.factories import ClosedPetitionFactory, OpenPetitionFactory, constituency
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def find(client, postcode, language="en"):
    return client.post(localised(language, "signatures:local"), {"postcode": postcode})


def test_a_welsh_postcode_leads_to_its_constituency_without_the_postcode_in_the_url(client):
    seat = constituency(postcodes=("CF101AA",))
    response = find(client, "cf10 1aa")
    assert response.status_code == 302
    assert response["Location"] == localised("en", "signatures:constituency", seat.code)
    assert "CF10" not in response["Location"]


def test_the_constituency_page_ranks_open_petitions_by_local_signatures(client):
    seat = constituency()
    local = OpenPetitionFactory(action_en="Local favourite", signature_count=50)
    national = OpenPetitionFactory(action_en="National one", signature_count=5000)
    closed = ClosedPetitionFactory(action_en="Closed one")
    ConstituencyCount.objects.create(petition=local, constituency=seat, count=40)
    ConstituencyCount.objects.create(petition=national, constituency=seat, count=10)
    ConstituencyCount.objects.create(petition=closed, constituency=seat, count=99)
    html = client.get(localised("en", "signatures:constituency", seat.code)).content.decode()
    assert html.index("Local favourite") < html.index("National one")
    assert "Closed one" not in html
    welsh = client.get(localised("cy", "signatures:constituency", seat.code)).content.decode()
    assert seat.name_cy in welsh


@pytest.mark.parametrize(
    ("postcode", "english", "welsh"),
    [
        ("SW1A 1AA", "is not in Wales", "Nid yw SW1A 1AA yng Nghymru"),
        ("CF99 9ZZ", "We could not find CF99 9ZZ", "Ni allem ddod o hyd i CF99 9ZZ"),
        ("XYZ 123", "Enter a real UK postcode", "Rhowch god post go iawn"),
        ("", "Enter a postcode in Wales", "Rhowch god post yng Nghymru"),
    ],
)
def test_bad_postcodes_get_a_helpful_answer_in_each_language(client, postcode, english, welsh):
    constituency(postcodes=("CF101AA",))
    response = find(client, postcode)
    assert response.status_code == 200
    html = response.content.decode()
    assert english in html and 'class="error-summary"' in html
    assert f'value="{postcode}"' in html or not postcode
    assert welsh in find(client, postcode, "cy").content.decode()


def test_without_postcode_data_the_page_says_so(client):
    Postcode.objects.all().delete()
    html = find(client, "CF10 1AA").content.decode()
    assert "not available on this site yet" in html


def test_an_unknown_constituency_code_is_404(client):
    assert client.get(localised("en", "signatures:constituency", "W99999999")).status_code == 404
