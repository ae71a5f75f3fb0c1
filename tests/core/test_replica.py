"""Past one box: the database settings, the replica router and the middleware that pins writers.

The replica itself is tested for real in tests/faults/test_replica.py (a streaming replica made
with pg_basebackup, paused while requests are made); here each rule on its own, and each
setting evaluated as deiseb/settings.py reads it, then put to work on the real PostgreSQL.
"""

import runpy
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.db import ProgrammingError, connection, connections, transaction
from django.http import HttpResponse, HttpResponseNotFound
from django.test import RequestFactory

from deiseb.core import routers
from tests.faults.processes import PgBouncer

SETTINGS = Path(routers.__file__).resolve().parents[1] / "settings.py"
PG_URL = "postgres://postgres@127.0.0.1:5432/deiseb"


def evaluated(monkeypatch, **env) -> dict:
    """deiseb/settings.py as a process started with `env` would read it."""
    for name in ("DEISEB_DB_POOL", "DEISEB_PGBOUNCER", "DATABASE_REPLICA_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


# The settings.


def test_without_the_settings_one_database_and_no_router(monkeypatch):
    read = evaluated(monkeypatch, DATABASE_URL=PG_URL)
    assert list(read["DATABASES"]) == ["default"]
    assert "pool" not in read["DATABASES"]["default"].get("OPTIONS", {})
    assert read["DATABASES"]["default"]["CONN_MAX_AGE"] == 60
    assert "DATABASE_ROUTERS" not in read


def test_without_a_replica_the_middleware_steps_aside(monkeypatch):
    monkeypatch.setattr(connections, "settings", {"default": connection.settings_dict})
    assert routers.replica_configured() is False
    with pytest.raises(MiddlewareNotUsed):
        routers.ReplicaMiddleware(lambda request: HttpResponse())


@pytest.mark.parametrize(
    ("value", "sizes"), [("8", (1, 8)), ("2,8", (2, 8)), ("0, 3", (0, 3)), ("4,4", (4, 4))]
)
def test_the_pool_setting_is_min_max_or_max(monkeypatch, value, sizes):
    default = evaluated(monkeypatch, DATABASE_URL=PG_URL, DEISEB_DB_POOL=value)["DATABASES"][
        "default"
    ]
    pool = default["OPTIONS"]["pool"]
    assert (pool["min_size"], pool["max_size"]) == sizes
    assert default["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool


@pytest.mark.parametrize("value", ["8,2", "0", "many", "1,2,3", "-1,4"])
def test_a_pool_setting_that_makes_no_sense_is_refused(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="DEISEB_DB_POOL"):
        evaluated(monkeypatch, DATABASE_URL=PG_URL, DEISEB_DB_POOL=value)


def test_pgbouncer_turns_off_server_side_cursors(monkeypatch):
    read = evaluated(monkeypatch, DATABASE_URL=PG_URL, DEISEB_PGBOUNCER="true")
    assert read["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_a_replica_url_adds_the_alias_and_the_router(monkeypatch):
    read = evaluated(
        monkeypatch,
        DATABASE_URL=PG_URL,
        DATABASE_REPLICA_URL="postgres://postgres@replica.invalid:5433/deiseb",
        DEISEB_DB_POOL="2,4",
    )
    replica = read["DATABASES"]["replica"]
    assert (replica["HOST"], replica["PORT"]) == ("replica.invalid", 5433)
    assert replica["TEST"] == {"MIRROR": "default"}  # the suite still runs with it set
    assert replica["OPTIONS"]["pool"]["max_size"] == 4
    assert read["DATABASE_ROUTERS"] == ["deiseb.core.routers.ReplicaRouter"]
    assert "deiseb.core.routers.ReplicaMiddleware" in read["MIDDLEWARE"]


def test_the_postgresql_settings_are_refused_on_sqlite(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="need PostgreSQL"):
        evaluated(monkeypatch, DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3", DEISEB_DB_POOL="4")


@pytest.fixture
def alias_from_settings(monkeypatch, django_db_blocker):
    """Register a connection read from the settings for the suite's database; dropped after."""
    made = []

    def register(alias: str, **env) -> str:
        suite = connection.settings_dict
        url = f"postgres://{suite['USER'] or 'postgres'}@{suite['HOST'] or '127.0.0.1'}"
        url += f":{suite['PORT'] or 5432}/{suite['NAME']}"
        read = evaluated(monkeypatch, DATABASE_URL=env.pop("DATABASE_URL", url), **env)
        database = {**read["DATABASES"]["default"], "NAME": suite["NAME"]}
        both = {"default": dict(suite), alias: database}
        connections.settings[alias] = connections.configure_settings(both)[alias]
        made.append(alias)
        return alias

    with django_db_blocker.unblock():
        yield register
        for alias in made:
            wrapper = connections[alias]
            wrapper.close()
            if getattr(wrapper, "pool", None):
                wrapper.close_pool()
            del connections[alias]
            del connections.settings[alias]


@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pool is PostgreSQL's")
def test_the_pool_keeps_a_connection_open_between_requests(alias_from_settings):
    pooled = connections[alias_from_settings("pooled", DEISEB_DB_POOL="1")]
    assert pooled.pool is not None
    backends = []
    for _request in range(3):
        with pooled.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backends.append(cursor.fetchone()[0])
        pooled.close()  # the end of a request: back to the pool, not closed
    # A pool of one: without the pool, CONN_MAX_AGE 0 would start a server process each time.
    stats = pooled.pool.get_stats()
    assert len(set(backends)) == 1, backends  # one server process served all three
    assert stats["pool_size"] >= 1 and stats["requests_num"] >= 3, stats


# The router.


def model(app_label: str = "petitions"):
    return SimpleNamespace(_meta=SimpleNamespace(app_label=app_label))


def test_reads_go_to_the_replica_only_in_a_public_read(monkeypatch):
    router = routers.ReplicaRouter()
    assert router.db_for_read(model()) == "default"  # the worker, a command, a staff page
    with routers.public_read():
        assert router.db_for_read(model()) == "replica"
        assert router.db_for_read(model("django_cache")) == "default"
        assert router.db_for_read(model("ratelimits")) == "default"
        fetched_from_primary = SimpleNamespace(_state=SimpleNamespace(db="default"))
        assert router.db_for_read(model(), instance=fetched_from_primary) == "default"
        monkeypatch.setattr(connections["default"], "in_atomic_block", True)
        assert router.db_for_read(model()) == "default"
    assert routers.reading_public() is False


def test_writes_and_migrations_go_to_the_primary():
    router = routers.ReplicaRouter()
    with routers.public_read():
        assert router.db_for_write(model()) == "default"
    assert router.allow_migrate("default", "petitions") is True
    assert router.allow_migrate("replica", "petitions") is False


# The middleware.


class Recorder:
    """A view that notes whether it was reading in public, answering 404 if told to."""

    def __init__(self, *statuses: int):
        self.statuses, self.public = list(statuses), []

    def __call__(self, request):
        self.public.append(routers.reading_public())
        status = self.statuses.pop(0) if self.statuses else 200
        return HttpResponseNotFound() if status == 404 else HttpResponse()


@pytest.fixture
def middleware(monkeypatch, settings):
    monkeypatch.setattr(routers, "replica_configured", lambda: True)
    settings.REPLICA_PIN_SECONDS = 7

    def make(view):
        return routers.ReplicaMiddleware(view)

    return make


def test_an_anonymous_get_reads_the_replica_and_sets_no_cookie(middleware):
    view = Recorder()
    response = middleware(view)(RequestFactory().get("/en/petitions/1/"))
    head = middleware(view)(RequestFactory().head("/en/petitions/1/"))
    assert view.public == [True, True]
    assert not response.cookies and not head.cookies


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unsafe_request_reads_the_primary_and_pins_the_browser(middleware, method):
    view = Recorder()
    response = getattr(RequestFactory(), method)("/en/petitions/1/sign/")
    response = middleware(view)(response)
    assert view.public == [False]
    pin = response.cookies[routers.PIN_COOKIE]
    assert pin["max-age"] == 7 and pin["httponly"] and pin["samesite"] == "Lax"


@pytest.mark.parametrize("cookie", [routers.PIN_COOKIE, "sessionid"])
def test_a_pinned_browser_or_a_session_reads_the_primary(middleware, cookie):
    view = Recorder()
    request = RequestFactory().get("/en/petitions/1/")
    request.COOKIES[cookie] = "1"
    response = middleware(view)(request)
    assert view.public == [False]
    assert not response.cookies


def test_not_found_on_the_replica_is_looked_for_on_the_primary(middleware):
    view = Recorder(404, 200)
    response = middleware(view)(RequestFactory().get("/en/signatures/new-token/confirm/"))
    assert view.public == [True, False]
    assert response.status_code == 200


@pytest.fixture
def pgbouncer():
    why_not = PgBouncer.available()
    if why_not:
        pytest.skip(why_not)
    suite = connection.settings_dict
    bouncer = PgBouncer(suite["HOST"] or "127.0.0.1", int(suite["PORT"] or 5432)).start()
    yield bouncer
    bouncer.stop()


def _walk_while_another_holds_a_server(alias_from_settings, bouncer, name, **env) -> int:
    """Iterate in chunks through PgBouncer while another client holds a transaction open.

    In transaction mode the other client takes the server connection the first chunk came
    from, so the next chunk is fetched on another one: a server-side cursor is not there.
    """
    url = bouncer.url(connection.settings_dict["NAME"])
    walker = alias_from_settings(f"{name}_walker", DATABASE_URL=url, **env)
    other = alias_from_settings(f"{name}_other", DATABASE_URL=url, **env)
    rows = ContentType.objects.using(walker).order_by("pk").iterator(chunk_size=2)
    walked = [next(rows)]
    with transaction.atomic(using=other):
        ContentType.objects.using(other).count()
        walked += list(rows)
    return len(walked)


@pytest.mark.django_db
@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PgBouncer is PostgreSQL's")
def test_behind_pgbouncer_in_transaction_mode_chunked_reads_need_the_setting(
    alias_from_settings, pgbouncer
):
    # Django's error, then psycopg's own as the iterator closes the cursor that is not there.
    with pytest.raises((ProgrammingError, psycopg.ProgrammingError), match="does not exist"):
        _walk_while_another_holds_a_server(alias_from_settings, pgbouncer, "plain")
    walked = _walk_while_another_holds_a_server(
        alias_from_settings, pgbouncer, "bounced", DEISEB_PGBOUNCER="true"
    )
    assert walked == ContentType.objects.count() > 2
    (pool,) = [row for row in pgbouncer.admin("SHOW POOLS") if row["database"] != "pgbouncer"]
    assert pool["pool_mode"] == "transaction"
    assert pool["sv_idle"] + pool["sv_used"] + pool["sv_active"] == 2  # two server connections
