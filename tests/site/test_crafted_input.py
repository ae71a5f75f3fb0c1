"""Crafted input gets a clear 400 or 404 page in the page's language, never a server error."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import OpenPetitionFactory
from tests.helpers import localised
from tests.parliament import scenario

pytestmark = pytest.mark.django_db

CSRF_TOKEN = "a" * 32


@pytest.fixture
def record():
    return scenario.build()


@pytest.fixture
def crafty():
    """A client that hands back the server's error page instead of raising, as a browser sees."""
    return Client(raise_request_exception=False)


def assert_error_page(response, status, language="en"):
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}">' in html  # the site's own page, not a bare text response
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert 'class="footer"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/en/members/?term=%C2%B2",  # str.isdigit() says yes to a superscript two
        "/en/members/?term=99999999999999999999999",
        "/data/votes.csv?debate=%C2%B2",
        "/data/member-votes.csv?debate=%C2%B2",
        "/data/votes.csv?debate=-1",
        "/data/votes.csv?debate=99999999999999999999999",
    ],
)
def test_a_number_that_is_not_plain_digits_is_a_404(crafty, record, path):
    assert_error_page(crafty.get(path), 404)


def test_a_real_term_number_still_works(client, record):
    assert client.get("/en/members/?term=6").status_code == 200
    assert client.get("/en/members/?term=06").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/en/petitions/in-your-area/%00/",
        "/en/debates/1/my-members/%00/",
        "/data/motions/%00.popolo.json",
        "/data/member-votes.csv?member=%00",
        "/en/petitions/?q=bus%00",
        "/en/petitions/?state%00=open",
    ],
)
def test_a_nul_byte_anywhere_in_the_address_is_a_400(crafty, record, path):
    assert_error_page(crafty.get(path), 400)


def test_the_400_page_speaks_the_language_of_the_path(crafty, record):
    path = localised("cy", "signatures:constituency", "\x00")
    assert path.startswith("/cy/deisebau/")
    response = crafty.get(path)
    assert_error_page(response, 400, language="cy")
    assert "bori drwy'r deisebau agored" in response.content.decode()  # an existing Welsh string
    assert response.headers["Content-Language"] == "cy"


def test_the_400_page_is_never_kept_by_a_shared_cache(crafty, record):
    response = crafty.get("/en/petitions/?q=%00")
    assert "public" not in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    assert "no-store" in response.headers["Cache-Control"]


def test_a_nul_byte_in_a_cookie_or_a_form_is_a_400(crafty, record):
    petition = OpenPetitionFactory()
    crafty.cookies["sessionid"] = "abcdefgh\x00"
    assert_error_page(crafty.get("/en/petitions/"), 400)
    del crafty.cookies["sessionid"]
    response = crafty.post(f"/en/petitions/{petition.pk}/sign/", {"name": "Suzie\x00"})
    assert_error_page(response, 400)
    response = crafty.post(
        "/en/petitions/in-your-area/", "postcode=CF10%001AA", "application/x-www-form-urlencoded"
    )
    assert_error_page(response, 400)


@pytest.mark.parametrize("charset", ["utf-7", "iso-8859-1", "utf-16", "UTF-16LE"])
def test_a_form_in_another_charset_is_a_400_not_a_loop(record, charset):
    petition = OpenPetitionFactory()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_TOKEN
    body = f"csrfmiddlewaretoken={CSRF_TOKEN}&name=Suzie".encode()
    response = client.post(
        localised("cy", "signatures:sign", petition.pk),
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert_error_page(response, 400, language="cy")


def test_a_utf8_form_still_reaches_the_view(record):
    petition = OpenPetitionFactory()
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF_TOKEN
    response = client.post(
        f"/en/petitions/{petition.pk}/sign/",
        f"csrfmiddlewaretoken={CSRF_TOKEN}&name=Suzie".encode(),
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 200  # the form, with its errors
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["pk__in=9223372036854775808", "pk__in=1,-9223372036854775809", "state__exact=%00"],
)
def test_staff_admin_lists_refuse_lookups_the_database_cannot_hold(crafty, query):
    crafty.force_login(User.objects.create_superuser("root", password="x"))
    response = crafty.get(f"/en/staff/admin/petitions/petition/?{query}")
    assert_error_page(response, 400)


def test_staff_admin_lists_still_filter_by_ids(client):
    client.force_login(User.objects.create_superuser("root", password="x"))
    petition = OpenPetitionFactory()
    response = client.get(
        f"/en/staff/admin/petitions/petition/?pk__in={petition.pk},9223372036854775807"
    )
    assert response.status_code == 200
    assert petition.action_en in response.content.decode()
