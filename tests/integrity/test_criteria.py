"""Criteria match exactly the signatures they name, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.utils import timezone

from deiseb.integrity.criteria import BadCriteria, matching_signatures
from tests.factories import OpenPetitionFactory, SignatureFactory, constituency

pytestmark = pytest.mark.django_db


def names(**criteria) -> set[str]:
    return set(matching_signatures(**criteria).values_list("name", flat=True))


def signer(name, **fields):
    return SignatureFactory(name=name, **fields)


def test_empty_criteria_are_refused():
    for empty in ({}, {"name": "  ", "email": ""}, {"petition": None}):
        with pytest.raises(BadCriteria):
            matching_signatures(**empty)


def test_petition_name_email_and_country():
    petition = OpenPetitionFactory()
    signer("Anna Jones", petition=petition, email="Anna.Jones+x@GoogleMail.com")
    signer("Bob Annand", email="bob@example.com", country_id="FR", postcode="")
    signer("Carys", petition=petition, email="annajones@example.com")
    assert names(petition=petition) == {"Anna Jones", "Carys"}
    assert names(name="ANNA") == {"Anna Jones", "Bob Annand"}
    assert names(email="annajones@gmail.com") == {"Anna Jones"}  # canonical, exact
    assert names(country="FR") == {"Bob Annand"}
    assert names(petition=petition, name="anna") == {"Anna Jones"}


def test_email_domains_and_globs():
    signer("Exact", email="a@example.com")
    signer("Sub", email="b@mail.example.com")
    signer("Deeper", email="c@x.mail.example.com")
    signer("Lookalike", email="d@badexample.com")
    assert names(email_domain="example.com") == {"Exact"}
    assert names(email_domain="@Example.COM") == {"Exact"}
    assert names(email_domain="*.example.com") == {"Sub", "Deeper"}
    assert names(email_domain="*.mail.example.com") == {"Deeper"}
    with pytest.raises(BadCriteria):
        matching_signatures(email_domain="not a domain")


def test_ipv4_addresses_and_ranges():
    signer("Seven", ip_address="203.0.113.7")
    signer("Seventy", ip_address="203.0.113.70")
    signer("Next block", ip_address="203.0.114.1")
    signer("Far", ip_address="198.51.100.1")
    signer("None")
    signer("Six", ip_address="2001:db8::7")
    assert names(ip_address="203.0.113.7") == {"Seven"}
    assert names(ip_address="203.0.113.0/24") == {"Seven", "Seventy"}
    assert names(ip_address="203.0.112.0/22") == {"Seven", "Seventy", "Next block"}
    assert names(ip_address="203.0.113.64/26") == {"Seventy"}  # not octet-aligned
    assert names(ip_address="0.0.0.0/0") == {"Seven", "Seventy", "Next block", "Far"}
    with pytest.raises(BadCriteria):
        matching_signatures(ip_address="203.0.113.7/24")  # host bits set: a typo, refused
    with pytest.raises(BadCriteria):
        matching_signatures(ip_address="203.0.113")


def test_ipv6_addresses_and_ranges():
    signer("Seven", ip_address="2001:db8::7")
    signer("Other subnet", ip_address="2001:db8:0:1::1")
    signer("Elsewhere", ip_address="2001:db9::1")
    signer("Four", ip_address="203.0.113.7")
    assert names(ip_address="2001:0db8:0000::0007") == {"Seven"}
    assert names(ip_address="2001:db8::/64") == {"Seven"}
    assert names(ip_address="2001:db8::/32") == {"Seven", "Other subnet"}
    assert names(ip_address="::/0") == {"Seven", "Other subnet", "Elsewhere"}


def test_postcodes_sectors_and_constituency():
    cardiff = constituency()
    signer("Cardiff", postcode="CF101AA", constituency=cardiff)
    signer("Same sector", postcode="CF101ZZ")
    signer("CF1", postcode="CF10AB")  # outward CF1, sector "CF1 0": not "CF10 1"
    signer("Other sector", postcode="CF102AA")
    assert names(postcode="cf10 1aa") == {"Cardiff"}
    assert names(postcode_sector="CF10 1") == {"Cardiff", "Same sector"}
    assert names(postcode_sector="cf1 0") == {"CF1"}
    assert names(constituency=cardiff) == {"Cardiff"}
    with pytest.raises(BadCriteria):
        matching_signatures(postcode="CF10")
    for not_a_sector in ("CF1", "CF10 1AA"):  # "CF10" would be sector "CF1 0"
        with pytest.raises(BadCriteria):
            matching_signatures(postcode_sector=not_a_sector)


def test_a_time_window_includes_its_start_and_excludes_its_end():
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    signer("Before", created_at=noon - datetime.timedelta(seconds=1))
    signer("Noon", created_at=noon)
    signer("One", created_at=noon + datetime.timedelta(hours=1))
    assert names(signed_after=noon) == {"Noon", "One"}
    assert names(signed_before=noon) == {"Before"}
    assert names(signed_after=noon, signed_before=noon + datetime.timedelta(hours=1)) == {"Noon"}
