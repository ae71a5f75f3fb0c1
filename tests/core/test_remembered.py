"""The reads each process keeps a moment (`remembered`): one query per sign POST, one read per
confirm POST, never stale past LOCAL_CACHE_SECONDS, and never stale at all in the process that
made the change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deiseb.core import caching
from deiseb.geography.models import Country
from deiseb.petitions.lifecycle import perform
from deiseb.petitions.models import Petition
from deiseb.signatures.forms import SignatureForm
from deiseb.switches import services as switches
from tests.factories import (
    MemberFactory,
    OpenPetitionFactory,
    SeatFactory,
    SignatureFactory,
    constituency,
    moderator,
)
from tests.helpers import localised

pytestmark = pytest.mark.django_db

SIGNER = {
    "name": "Suzie Signer",
    "email": "suzie@example.com",
    "country": "GB-WLS",
    "postcode": "CF10 1AA",
}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def kept(local_cache, monkeypatch):
    """Keeping on, for two seconds of a clock the test moves, and nothing kept from before."""
    clock = Clock()
    monkeypatch.setattr(caching, "_clock", clock)
    return clock


@pytest.fixture
def petition():
    constituency()
    return OpenPetitionFactory()


def post(client, petition, n: int):
    data = {**SIGNER, "email": f"suzie{n}@example.com"}
    return client.post(localised("en", "signatures:sign", petition.pk), data)


def test_a_warm_sign_post_makes_one_query_the_attempt(client, petition, kept):
    assert post(client, petition, 1).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert post(client, petition, 2).status_code == 302
    (query,) = queries.captured_queries
    assert query["sql"].startswith('INSERT INTO "django_tasks_database_dbtaskresult"')


def test_off_every_post_reads_the_petition_pause_and_country(client, petition, settings):
    settings.LOCAL_CACHE_SECONDS = 0
    post(client, petition, 1)
    with CaptureQueriesContext(connection) as queries:
        post(client, petition, 2)
    tables = " ".join(query["sql"] for query in queries)
    for table in ("petitions_petition", "switches_pause", "geography_country"):
        assert table in tables


def test_a_verb_in_this_process_shows_at_once(
    client, petition, kept, django_capture_on_commit_callbacks
):
    assert post(client, petition, 1).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        perform("close", petition)
    assert post(client, petition, 2).status_code == 410  # no second passed


def test_a_pause_in_this_process_shows_at_once(
    client, petition, kept, django_capture_on_commit_callbacks
):
    assert post(client, petition, 1).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        switches.change_switch(switches.SIGNING, paused=True, by=moderator())
    assert post(client, petition, 2).status_code == 503


def test_another_servers_change_shows_within_the_seconds(client, petition, kept):
    assert post(client, petition, 1).status_code == 302
    # As another server would: the row changes, and this process is not told.
    Petition.objects.filter(pk=petition.pk).update(state=Petition.State.CLOSED)
    kept.now += 1.9
    assert post(client, petition, 2).status_code == 302  # the copy kept a moment
    kept.now += 0.2
    assert post(client, petition, 3).status_code == 410  # two seconds on, read again


def test_an_unknown_country_is_refused_in_the_signers_language(kept):
    constituency()
    form = SignatureForm({**SIGNER, "country": "XX-NOPE"})
    assert not form.is_valid()
    assert form.errors["country"] == ["Choose your country from the list"]
    assert Country.objects.filter(code="GB-WLS").exists()
    assert SignatureForm({**SIGNER}).is_valid()


def test_a_warm_confirm_post_is_one_statement_and_renders_nothing(client, kept):
    place = constituency()
    petition = OpenPetitionFactory()
    for name in ("Rhian Roberts", "Dafydd Davies"):
        SeatFactory(member=MemberFactory(name_en=name), constituency=place, end_date=None)
    first, second = (SignatureFactory(petition=petition, constituency=place) for _ in range(2))
    assert "Rhian Roberts" in client.post(confirm_link(first), follow=True).content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(confirm_link(second))
    # The thank-you page is one for every signer of this petition in this constituency.
    assert response.status_code == 302
    assert response["Location"] == localised(
        "en", "signatures:signed", petition.pk, query=f"area={place.code}"
    )
    assert len(queries) == 1 and queries[0]["sql"].startswith('UPDATE "signatures_signature"')
    with CaptureQueriesContext(connection) as queries:
        page = client.get(response["Location"]).content.decode()
    assert "Rhian Roberts" in page and "Dafydd Davies" in page
    assert len(queries) == 1  # the constituency; the petition and its members are kept


def confirm_link(signature) -> str:
    return localised("en", "signatures:confirm", signature.token)
