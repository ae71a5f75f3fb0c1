"""The origin's own copy of public pages: kept for one count interval, rendered once at a time.

Every test runs on both caches the settings can name: the database table used without Redis,
and Redis itself (a database number of its own, flushed before and after).
"""

import datetime
import re
import threading
import time

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection, connections
from django.db.models import F
from django.http import HttpResponse
from django.test import RequestFactory

from deiseb.core import caching
from deiseb.core.apps import PAGE_CACHE_TABLE, create_cache_tables
from deiseb.core.routers import PIN_COOKIE
from deiseb.petitions.models import Petition
from tests.factories import OpenPetitionFactory
from tests.helpers import localised

pytestmark = pytest.mark.django_db

# The SQLite and PostgreSQL passes of `make test` run at once: each flushes a Redis database
# of its own, or one pass would empty the other's pages mid-test.
REDIS_DB = 9 if connection.vendor == "sqlite" else 10
NOW = datetime.datetime(2026, 6, 10, 14, 0, tzinfo=datetime.UTC)
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "deiseb_page_cache",
}
REDIS_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": f"redis://127.0.0.1:6379/{REDIS_DB}",
    "KEY_PREFIX": "pages",
}


@pytest.fixture(params=["database", "redis"])
def page_cache(request, settings):
    """Pages kept for 5 s, then served stale for 60 s more, in the cache under test."""
    if request.param == "redis":
        redis.Redis(db=REDIS_DB).flushdb()
        request.addfinalizer(lambda: redis.Redis(db=REDIS_DB).flushdb())
    settings.CACHES = {
        **settings.CACHES,
        "pages": REDIS_CACHE if request.param == "redis" else DATABASE_CACHE,
    }
    settings.PAGE_CACHE_SECONDS = 5
    settings.PAGE_CACHE_STALE = 60
    caches["pages"].clear()
    return caches["pages"]


@pytest.fixture
def threaded(page_cache):
    """The cache under test, for tests whose threads share it at once."""
    if connection.vendor == "sqlite" and isinstance(page_cache, DatabaseCache):
        pytest.skip(
            "SQLite's shared in-memory test database locks whole tables between threads; "
            "a real SQLite file in WAL mode never blocks readers (the PostgreSQL pass runs it)"
        )
    return page_cache


@pytest.fixture
def petition():
    return OpenPetitionFactory(signature_count=1234)


def shown_count(response) -> str:
    return re.search(r"data-count>([0-9,]+)<", response.content.decode()).group(1)


def add_signatures(petition, n: int) -> None:
    """What a counter run does to the row, without the rest of counting."""
    Petition.objects.filter(pk=petition.pk).update(signature_count=F("signature_count") + n)


def test_a_new_count_shows_within_one_count_interval(client, page_cache, petition):
    page = localised("en", "petitions:detail", petition.pk)
    with time_machine.travel(NOW, tick=False) as clock:
        assert shown_count(client.get(page)) == "1,234"
        add_signatures(petition, 10)
        clock.shift(4.9)
        assert shown_count(client.get(page)) == "1,234"  # kept: no render
        clock.shift(0.2)
        response = client.get(page)
        assert shown_count(response) == "1,244"
        assert "public" in response["Cache-Control"]


def test_each_language_and_address_is_kept_apart(client, page_cache, petition):
    english = client.get(localised("en", "petitions:detail", petition.pk))
    welsh = client.get(localised("cy", "petitions:detail", petition.pk))
    assert english["Content-Language"] == "en" and welsh["Content-Language"] == "cy"
    assert petition.action_cy in welsh.content.decode()
    assert petition.action_cy not in english.content.decode()
    other = OpenPetitionFactory()
    assert (
        other.action_en
        in client.get(localised("en", "petitions:detail", other.pk)).content.decode()
    )


def test_count_json_is_kept_with_its_own_cache_header(client, page_cache, petition, settings):
    url = f"/petitions/{petition.pk}/count.json"
    with time_machine.travel(NOW, tick=False) as clock:
        first = client.get(url)
        add_signatures(petition, 1)
        again = client.get(url)
        assert first.json()["signature_count"] == again.json()["signature_count"] == 1234
        assert f"max-age={settings.COUNT_INTERVAL}" in again["Cache-Control"]
        assert "public" in again["Cache-Control"] and "private" not in again["Cache-Control"]
        clock.shift(settings.PAGE_CACHE_SECONDS + 0.1)
        assert client.get(url).json()["signature_count"] == 1235


def test_a_signed_in_person_a_waiting_message_or_a_pinned_writer_gets_their_own_page(
    client, page_cache, petition, settings
):
    page = localised("en", "petitions:detail", petition.pk)
    with time_machine.travel(NOW, tick=False):
        client.get(page)
        add_signatures(petition, 5)
        client.cookies[settings.SESSION_COOKIE_NAME] = "someone"
        assert shown_count(client.get(page)) == "1,239"
        del client.cookies[settings.SESSION_COOKIE_NAME]
        client.cookies["messages"] = "a flash message"
        assert shown_count(client.get(page)) == "1,239"
        del client.cookies["messages"]
        client.cookies[PIN_COOKIE] = "1"  # just changed something: reads its own writes
        assert shown_count(client.get(page)) == "1,239"
        del client.cookies[PIN_COOKIE]
        assert shown_count(client.get(page)) == "1,234"  # everyone else: the kept copy


def test_a_page_holding_a_csrf_token_or_setting_a_cookie_is_never_kept(page_cache):
    factory = RequestFactory()
    renders = []

    def render():
        renders.append(1)
        response = HttpResponse(f"render {len(renders)}")
        return response, False  # what public_page says of a page with a token or a cookie

    for _ in range(3):
        caching.kept(factory.get("/en/a-form/"), render)
    assert len(renders) == 3
    assert page_cache.get(caching.page_key(factory.get("/en/a-form/"))) is None


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the crowd's threads read what the test wrote
def test_when_a_copy_expires_one_request_renders_while_the_rest_get_the_stale_copy(threaded):
    request = RequestFactory().get("/en/petitions/")
    key = caching.page_key(request)
    threaded.set(key, (0.0, HttpResponse("stale")), timeout=60)  # expired long ago
    others_done, renders = threading.Event(), []

    def render():
        renders.append(threading.current_thread().name)
        others_done.wait(timeout=30)  # still rendering until every other request was answered
        return HttpResponse("fresh"), True

    answers = {}

    def visit(n):
        try:
            answers[n] = caching.kept(request, render).content
        finally:
            connections.close_all()  # this thread's own, so the test database can go

    renderer = threading.Thread(target=visit, args=(0,), name="renderer")
    renderer.start()
    while not renders:  # the renderer holds the lock before the crowd arrives
        renderer.join(0.01)
    crowd = [threading.Thread(target=visit, args=(n,)) for n in range(1, 21)]
    for visitor in crowd:
        visitor.start()
    for visitor in crowd:
        visitor.join(timeout=30)
    others_done.set()
    renderer.join(timeout=30)
    assert renders == ["renderer"]
    assert answers[0] == b"fresh"
    assert {answers[n] for n in range(1, 21)} == {b"stale"}
    assert caching.kept(request, render).content == b"fresh"  # kept now: no second render
    assert renders == ["renderer"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_no_copy_at_all_the_crowd_waits_for_the_one_render(threaded):
    request = RequestFactory().get("/en/")
    key = caching.page_key(request)
    assert threaded.add(key + ":rendering", 1, timeout=10)  # someone else is rendering it
    renders, answers = [], []

    def render():
        renders.append(1)
        return HttpResponse("rendered twice"), True

    def wait():
        try:
            answers.append(caching.kept(request, render))
        finally:
            connections.close_all()

    waiter = threading.Thread(target=wait)
    waiter.start()
    # The database cache gives up a write that meets a lock (SQLite's shared test database
    # locks whole tables against the waiter's reads), so write until it reads back.
    while threaded.get(key) is None:
        threaded.set(key, (float("inf"), HttpResponse("the one render")), timeout=60)
    waiter.join(timeout=30)
    assert [answer.content for answer in answers] == [b"the one render"]
    assert renders == []


def test_an_unreachable_cache_never_fails_a_page(client, settings, petition, caplog):
    closed = caching_port_with_nothing_on_it()
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            **REDIS_CACHE,
            "LOCATION": f"redis://127.0.0.1:{closed}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.PAGE_CACHE_SECONDS = 5
    response = client.get(localised("en", "petitions:detail", petition.pk))
    assert response.status_code == 200 and shown_count(response) == "1,234"
    assert "page cache could not be read" in caplog.text


def test_no_page_cache_when_it_is_turned_off(client, settings, petition):
    settings.PAGE_CACHE_SECONDS = 0
    page = localised("en", "petitions:detail", petition.pk)
    client.get(page)
    add_signatures(petition, 1)
    assert shown_count(client.get(page)) == "1,235"


def caching_port_with_nothing_on_it() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_migrate_makes_the_table_even_while_redis_holds_the_pages(settings):
    """A site migrated with Redis set that later runs without it still finds its table."""
    settings.CACHES = {**settings.CACHES, "pages": REDIS_CACHE}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {PAGE_CACHE_TABLE}")
    assert PAGE_CACHE_TABLE not in connection.introspection.table_names()
    create_cache_tables(sender=None, using="default")
    assert PAGE_CACHE_TABLE in connection.introspection.table_names()
    create_cache_tables(sender=None, using="default")  # again: nothing to do, no error


def test_each_process_holds_a_fresh_copy_without_asking_the_shared_cache(
    client, page_cache, petition, local_cache
):
    page = localised("en", "petitions:detail", petition.pk)
    with time_machine.travel(NOW, tick=False) as clock:
        first = client.get(page)
        page_cache.clear()  # gone from the shared cache: only this process's copy is left
        add_signatures(petition, 10)
        clock.shift(1.9)
        again = client.get(page)
        assert shown_count(again) == "1,234"
        assert again["ETag"] == first["ETag"] and again.content == first.content
        clock.shift(0.2)  # past LOCAL_CACHE_SECONDS: the shared cache again, which is empty
        assert shown_count(client.get(page)) == "1,244"


def test_a_held_copy_never_outlives_the_shared_copys_freshness(
    client, page_cache, petition, local_cache, settings
):
    settings.PAGE_CACHE_SECONDS = 1  # shorter than LOCAL_CACHE_SECONDS (2)
    url = f"/petitions/{petition.pk}/count.json"
    with time_machine.travel(NOW, tick=False) as clock:
        assert client.get(url).json()["signature_count"] == 1234
        add_signatures(petition, 1)
        clock.shift(0.9)
        assert client.get(url).json()["signature_count"] == 1234
        clock.shift(0.2)
        assert client.get(url).json()["signature_count"] == 1235


def test_a_page_someone_else_rendered_is_held_once_read(page_cache, local_cache):
    request = RequestFactory().get("/en/petitions/")
    key = caching.page_key(request)
    page_cache.set(key, (time.time() + 60, HttpResponse("theirs")), timeout=60)
    first = caching.kept(request, lambda: (HttpResponse("mine"), True))
    assert first.content == b"theirs"
    page_cache.delete(key)
    first["Vary"] = "Cookie"  # what middleware does to the answer it is given
    again = caching.kept(request, lambda: (HttpResponse("mine"), True))
    assert again.content == b"theirs" and again is not first
    assert not again.has_header("Vary")  # each answer is its own: nothing leaks between them
