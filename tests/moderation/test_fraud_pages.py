"""Moderators see trending and fraudulent addresses, site-wide and on a petition, and its figures.

The pages show signers' IP addresses and email domains: moderators and sysadmins only, never
cached, and not the translators who also open the petition page.
"""

import datetime
import re
from html import unescape
from html.parser import HTMLParser

import factory
import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from deiseb.integrity import trending
from deiseb.integrity.models import TrendingAddress
from tests.factories import OpenPetitionFactory, SignatureFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 30, 14, 25, tzinfo=datetime.UTC)
LAST_HOUR = datetime.datetime(2026, 11, 30, 13, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def flood():
    """Two petitions: one flooded from 203.0.113.9 in the last hour, both hit by fraud now."""
    with time_machine.travel(NOW - datetime.timedelta(days=3), tick=False):
        target = OpenPetitionFactory(action_en="Save the libraries")
        other = OpenPetitionFactory(action_en="Mend the roads")
    for n in range(101):
        SignatureFactory(
            petition=target,
            email=f"bot{n}@spam.example",
            ip_address="203.0.113.9",
            created_at=LAST_HOUR + datetime.timedelta(minutes=n % 20),  # over an hour ago
            state="fraudulent" if n < 40 else "pending",
        )
    trending.log_trending(now=NOW)
    # Fraudulent in the last 60 minutes: 3 on target from 198.51.100.4, 2 on other from it too.
    for petition, number in ((target, 3), (other, 2)):
        SignatureFactory.create_batch(
            number,
            petition=petition,
            ip_address="198.51.100.4",
            email=factory_email(petition),
            state="fraudulent",
            created_at=NOW - datetime.timedelta(minutes=10),
        )
    return target, other


def factory_email(petition):
    return factory.Sequence(lambda n: f"fake{petition.pk}-{n}@throwaway.example")


def test_it_logged_the_flood(flood):
    target, _ = flood
    rows = TrendingAddress.objects.order_by("kind")
    assert [(row.petition, row.value, row.count, row.fraudulent) for row in rows] == [
        (target, "spam.example", 101, 40),
        (target, "203.0.113.9", 101, 40),
    ]


def test_the_site_wide_page_shows_the_last_hour(client, mo, flood):
    response = client.get("/en/staff/moderation/trending/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    trending_table, fraud_by_ip, fraud_by_domain = tables(response)
    assert trending_table == [
        ["Save the libraries", "Email domain", "spam.example", "101", "40", "–"],
        ["Save the libraries", "IP address", "203.0.113.9", "101", "40", "–"],
    ]
    # 198.51.100.4 signed 5 fraudulent signatures over 2 petitions in the last 60 minutes;
    # the flood's 40 were over an hour ago.
    assert fraud_by_ip == [["198.51.100.4", "5", "2"]]
    assert fraud_by_domain == [["throwaway.example", "5", "2"]]
    assert "13:00 to 14:00" in response.content.decode()


def test_the_petition_page_shows_its_own(client, mo, flood):
    target, other = flood
    response = client.get(f"/en/staff/moderation/{target.pk}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    per_hour, trending_table, fraud_by_ip, fraud_by_domain = tables(response)
    assert trending_table == [
        ["Email domain", "spam.example", "101", "40", "–"],
        ["IP address", "203.0.113.9", "101", "40", "–"],
    ]
    assert fraud_by_ip == [["198.51.100.4", "3"]]
    assert fraud_by_domain == [["throwaway.example", "3"]]
    assert ["30 Nov 13:00", "101"] in [row[:2] for row in per_hour]
    html = response.content.decode()
    assert "104" in figure(html, "Signatures stored")
    assert "61 (58.7%)" in figure(html, "Not yet confirmed")  # 61 of 104 pending
    assert "43" in figure(html, "Fraudulent")

    quiet = client.get(f"/en/staff/moderation/{other.pk}/")
    _, trending_table, fraud_by_ip, _ = tables(quiet)
    assert trending_table == [["Nothing trended in that hour."]]
    assert fraud_by_ip == [["198.51.100.4", "2"]]


def test_the_petition_page_costs_the_same_queries_however_many_signatures(client, mo):
    client.get("/en/staff/moderation/")  # the session's first staff request writes to it
    queries = []
    for size in (10, 200):
        with time_machine.travel(NOW - datetime.timedelta(days=3), tick=False):
            petition = OpenPetitionFactory()
        SignatureFactory.create_batch(
            size, petition=petition, ip_address="192.0.2.1", created_at=NOW, state="fraudulent"
        )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/en/staff/moderation/{petition.pk}/").status_code == 200
        queries.append(len(captured))
    assert queries[0] == queries[1]


def test_a_translator_sees_no_addresses_on_the_petition_page(client, tal, flood):
    target, _ = flood
    response = client.get(f"/en/staff/moderation/{target.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "203.0.113.9" not in html
    assert "Signatures: figures for moderators" not in html


@pytest.mark.parametrize("who", ["tal", "signer"])
def test_anyone_but_a_moderator_is_refused_the_site_wide_page(client, who, request, flood):
    if who == "tal":
        request.getfixturevalue("tal")
    else:
        client.force_login(User.objects.create_user("suzie"))
    response = client.get("/en/staff/moderation/trending/")
    assert response.status_code == 403
    assert "203.0.113.9" not in response.content.decode()


def test_signing_in_is_asked_of_strangers(client, flood):
    response = client.get("/en/staff/moderation/trending/")
    assert response.status_code == 302
    assert "/staff/" in response["Location"]


def test_a_sysadmin_sees_the_page(client, terry, flood):
    assert client.get("/en/staff/moderation/trending/").status_code == 200


def test_the_page_works_in_welsh(client, mo, flood):
    response = client.get("/cy/staff/moderation/trending/")
    assert response.status_code == 200
    assert "203.0.113.9" in response.content.decode()


class _Cells(HTMLParser):
    """Each table body's rows, as lists of their cells' text."""

    def __init__(self):
        super().__init__()
        self.tables, self.row, self.cell, self.in_body = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.tables.append([])
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None
        elif tag == "td" and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(response) -> list[list[list[str]]]:
    parser = _Cells()
    parser.feed(response.content.decode())
    return parser.tables


def figure(html: str, label: str) -> str:
    """The text of the <dd> after the <dt> with this label."""
    start = html.index(f"<dt>{label}</dt>")
    dd = html.index("<dd>", start) + len("<dd>")
    return html[dd : html.index("</dd>", dd)]


def test_each_address_links_to_exactly_its_signatures_in_the_search(client, mo, flood):
    target, _ = flood
    html = client.get(f"/en/staff/moderation/{target.pk}/").content.decode()
    links = [unescape(link) for link in re.findall(r'href="([^"]*\?[^"]*)"', html)]
    try:
        search = reverse("integrity:search")
    except NoReverseMatch:  # the signature search is not installed: no links to it
        assert not any("ip_address=" in link for link in links)
        return
    found = {}
    for link in (link for link in links if link.startswith(search)):
        response = client.get(link)
        assert response.status_code == 200, link
        found[link.split("?")[1]] = response.context["page"].paginator.count
    # The trending rows: that hour, on the petition; the fraudulent groups: the last 60 minutes.
    assert sorted(found.values()) == [3, 3, 101, 101]
    assert any(f"petition={target.pk}&ip_address=203.0.113.9" in query for query in found)
