"""The petition page: its count, share from Wales, timeline, cache headers and query budget."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deiseb.geography.models import Country
from deiseb.moderation.models import RejectionReason
from deiseb.moderation.services import reject_petition
from deiseb.petitions.models import Petition
from deiseb.signatures.models import ConstituencyCount, CountryCount
from tests.factories import (
    ClosedPetitionFactory,
    HiddenPetitionFactory,
    OpenPetitionFactory,
    ReferredPetitionFactory,
    SponsoredPetitionFactory,
    constituency,
    moderator,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db


def page(client, petition, language="en"):
    return client.get(localised(language, "petitions:detail", petition.pk))


def test_the_share_from_wales_and_top_constituencies_are_shown(client):
    petition = OpenPetitionFactory(signature_count=200)
    CountryCount.objects.create(petition=petition, country_id=Country.WALES, count=150)
    CountryCount.objects.create(petition=petition, country_id=Country.ENGLAND, count=50)
    seat = constituency()
    ConstituencyCount.objects.create(petition=petition, constituency=seat, count=120)
    html = page(client, petition).content.decode()
    assert "75% of signatures (150) are from Wales." in html
    assert seat.name_en in html and ">120<" in html
    welsh = page(client, petition, "cy").content.decode()
    assert "75%" in welsh and seat.name_cy in welsh


def test_the_timeline_tells_the_story_in_order(client):
    opened = timezone.now() - datetime.timedelta(days=120)
    petition = ReferredPetitionFactory(
        opened_at=opened,
        referral_threshold_reached_at=opened + datetime.timedelta(days=3),
        closed_at=opened + datetime.timedelta(days=90),
        referred_at=opened + datetime.timedelta(days=91),
        signature_count=300,
    )
    html = page(client, petition).content.decode()
    order = [
        "Opened for signatures",
        "Reached 250 signatures: the Petitions Committee will consider it",
        "Closed to new signatures",
        "Referred to the Petitions Committee",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)


def test_an_open_petition_offers_live_counts_and_sharing(client):
    petition = OpenPetitionFactory()
    html = page(client, petition).content.decode()
    assert f'data-live-count="/petitions/{petition.pk}/count.json"' in html
    assert "live-count" in html and "Share this petition" in html
    closed = page(client, ClosedPetitionFactory()).content.decode()
    assert "data-live-count" not in closed and "Share this petition" not in closed


def test_a_rejected_petition_shows_its_reason(client):
    petition = SponsoredPetitionFactory()
    reason = RejectionReason.objects.get(code="duplicate")
    reject_petition(
        petition,
        reason,
        details_en="See the other one.",
        details_cy="Gweler y llall.",
        by=moderator(),
    )
    petition.refresh_from_db()
    html = page(client, petition, "cy").content.decode()
    assert reason.title_cy in html and "Gweler y llall." in html


def test_the_page_costs_the_same_queries_however_many_signatures(
    client, django_assert_max_num_queries
):
    small = OpenPetitionFactory(signature_count=1)
    big = OpenPetitionFactory(signature_count=1_000_000)
    for country, count in ((Country.WALES, 900_000), (Country.ENGLAND, 100_000)):
        CountryCount.objects.create(petition=big, country_id=country, count=count)
    for n in range(30):
        seat = constituency(code=f"W090000{n + 10}", name=f"Seat {n}", postcodes=())
        ConstituencyCount.objects.create(petition=big, constituency=seat, count=1000 + n)
    counts = []
    for petition in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert page(client, petition).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        page(client, big, "cy")


def test_the_page_is_cacheable_and_answers_304(client):
    petition = OpenPetitionFactory()
    response = page(client, petition)
    assert (
        "public" in response["Cache-Control"]
        and "stale-while-revalidate" in response["Cache-Control"]
    )
    again = client.get(
        localised("en", "petitions:detail", petition.pk), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_a_visitor_with_a_session_is_not_served_from_a_shared_cache(client):
    petition = OpenPetitionFactory()
    client.cookies["sessionid"] = "abc"
    response = page(client, petition)
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/en/petitions/0/",
        "/en/petitions/99999999999999999999/",
        "/cy/deisebau/abc/",
        "/en/petitions/1/../../etc/passwd",
    ],
)
def test_unknown_or_malformed_petition_paths_are_404(client, path):
    OpenPetitionFactory()
    assert client.get(path).status_code == 404


def test_unpublished_petitions_stay_hidden_from_the_lists_and_search(client):
    HiddenPetitionFactory(opened_at=timezone.now(), action_en="Secret hidden thing")
    assert not Petition.objects.listed("all").exists()
    assert not Petition.objects.published().search("Secret").exists()
    html = client.get(localised("en", "petitions:list"), {"state": "all", "q": "Secret"})
    assert "Secret hidden thing" not in html.content.decode()
