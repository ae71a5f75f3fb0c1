"""Public reads from a real streaming replica; a signer reads their own writes from the primary.

A private primary (initdb on its own port; PostgreSQL 15's defaults already have wal_level
replica and initdb's pg_hba.conf trusts replication from loopback) and a hot standby made from
it with `pg_basebackup -R` on another port. gunicorn and the workers run with DATABASE_URL at the
primary and DATABASE_REPLICA_URL at the replica. Replay on the replica is then paused
(`pg_wal_replay_pause()`), so the replica is frozen while the primary moves on, and real HTTP
requests show where each one read: the anonymous public read sees the frozen copy; a staff
session, and a signer who has just posted, see the primary; the worker counts the signer on the
primary; once replay resumes the public read catches up.

It starts a cluster of its own whatever the suite's database, so it runs once: in the
PostgreSQL pass.
"""

import http.client
import http.cookies
import json
import re
import sys
import urllib.parse

import psycopg
import pytest
from django.db import connection

from tests.faults.processes import (
    PrivateCluster,
    Processes,
    base_env,
    free_port,
    report,
    wait_for,
    worker_commands,
)

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="starts a primary and a replica of its own, so it runs once: in the PostgreSQL pass",
    ),
]

PETITION = 1
OLD, NEW = "Keep the library open", "Keep the library open on Sundays"
# A fast private server: nothing here survives the test, so nothing need reach the disk.
FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class Client:
    """One browser: keeps its cookies and says what the server set."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port, self.cookies, self.set_cookies = port, dict(cookies or {}), {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        content = response.read().decode()
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.set_cookies[name] = morsel
                self.cookies[name] = morsel.value
        return response, content

    def post_form(self, path: str, fields: dict):
        _, page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields})

    def count(self) -> int:
        _, body = self.request("GET", f"/petitions/{PETITION}/count.json")
        return json.loads(body)["signature_count"]

    def action(self) -> str:
        response, page = self.request("GET", f"/en/petitions/{PETITION}/")
        assert response.status == 200, page[-500:]
        return re.search(r"<h1>([^<]*)</h1>", page).group(1)


def test_public_reads_come_from_the_replica_and_a_signer_reads_the_primary(tmp_path, capsys):
    why_not = PrivateCluster.available()
    if why_not:
        pytest.skip(why_not)
    primary = PrivateCluster(tmp_path).start(**FAST)
    replica = None
    processes = None
    try:
        replica = primary.standby(**FAST)
        port = free_port()
        env = base_env(
            primary.create_database("deiseb"),
            tmp_path,
            DATABASE_REPLICA_URL=replica.url("deiseb") + "?application_name=deiseb-web",
            DEISEB_RATE_LIMIT_SIGNING_PER_IP="0",
            DEISEB_RATE_LIMIT_EMAILS_PER_INBOX="0",
            ALLOWED_HOSTS="127.0.0.1",
            # What an anonymous reader sees must come from the replica, not the origin's copy
            # of a page (tests/core/test_page_cache.py tests that apart).
            DEISEB_PAGE_CACHE_SECONDS="0",
        )
        processes = Processes(tmp_path, env)
        processes.run("migrate", "--noinput", "-v0")
        processes.run("shell", "-c", CREATE_PETITION)
        on_primary = psycopg.connect(primary.url("deiseb").replace("postgres:", "postgresql:"))
        on_replica = psycopg.connect(replica.url("deiseb").replace("postgres:", "postgresql:"))
        on_primary.autocommit = on_replica.autocommit = True

        def replica_has(sql: str):
            return on_replica.execute(sql).fetchone()

        wait_for(
            lambda: replica_has(f"SELECT 1 FROM petitions_petition WHERE id = {PETITION}"),
            timeout=20,
            what="the replica to replay the petition",
        )
        processes.start(
            "web",
            [
                *(sys.executable, "-m", "gunicorn", "deiseb.wsgi", "--bind", f"127.0.0.1:{port}"),
                *("--workers", "2", "--threads", "2", "--graceful-timeout", "2"),
            ],
        )
        # Named on the replica, so its sessions there say whose they are.
        worker_replica_url = replica.url("deiseb") + "?application_name=deiseb-worker"
        for command in worker_commands():
            processes.deiseb("worker", *command, DATABASE_REPLICA_URL=worker_replica_url)
        anonymous = Client(port)

        def answers():
            try:
                return anonymous.request("GET", "/health/")[0].status == 200
            except OSError:
                return False

        wait_for(answers, timeout=30, what="gunicorn to answer")
        assert (anonymous.action(), anonymous.count()) == (OLD, 0)

        # Freeze the replica; the primary moves on.
        on_replica.execute("SELECT pg_wal_replay_pause()")
        wait_for(
            lambda: replica_has("SELECT pg_get_wal_replay_pause_state() = 'paused'")[0],
            timeout=10,
            what="replay on the replica to pause",
        )
        on_primary.execute(
            "UPDATE petitions_petition SET action_en = %s WHERE id = %s", (NEW, PETITION)
        )

        # (a) The anonymous public read comes from the replica: the old text, still shareable.
        response, _ = anonymous.request("GET", f"/en/petitions/{PETITION}/")
        assert "public" in response.getheader("Cache-Control")
        assert anonymous.action() == OLD
        assert not anonymous.set_cookies, "a public read set a cookie"
        # Staff carry a session cookie: always the primary.
        staff = Client(port, {"sessionid": "not-a-real-session"})
        assert staff.action() == NEW

        # (b) A signer signs while the replica is frozen: the write goes to the primary (the
        # replica is read-only and would refuse it) and pins the browser to the primary.
        signer = Client(port)
        response, page = signer.post_form(
            f"/en/petitions/{PETITION}/sign/",
            {"name": "Rhian Replica", "email": "rhian@example.com", "country": "GB-WLS"}
            | {"postcode": "CF10 1AA"},
        )
        assert response.status == 302, page[-1500:]
        pin = signer.set_cookies["deiseb_primary"]
        assert int(pin["max-age"]) == 30 and pin["httponly"]
        assert signer.action() == NEW  # a public page, read from the primary for this browser

        # (c) The worker writes the confirmation email on the primary; the signer confirms.
        def confirmation():
            row = on_primary.execute(
                "SELECT body_text FROM core_outboundemail WHERE \"to\" = 'rhian@example.com'"
            ).fetchone()
            return row and re.search(r"(/en/signatures/[^/\s]+/confirm/)", row[0])

        link = wait_for(confirmation, timeout=20, what="the confirmation email row").group(1)
        response, _ = signer.post_form(link, {})
        assert response.status == 302, response.status  # to the thank-you page all share
        response, page = signer.request("GET", response.getheader("Location"))
        assert response.status == 200 and "Your signature has been added" in page, page[-800:]
        # The counting worker counts it on the primary: the signer sees their signature counted,
        # the anonymous reader still the replica's frozen 0.
        wait_for(lambda: signer.count() == 1, timeout=20, what="the signer to see the count at 1")
        assert anonymous.count() == 0
        assert anonymous.action() == OLD
        replica_rows = replica_has("SELECT count(*) FROM signatures_signature")[0]
        assert replica_rows == 0

        # Replay resumes: the public read catches up.
        on_replica.execute("SELECT pg_wal_replay_resume()")
        wait_for(lambda: anonymous.count() == 1, timeout=20, what="the replica to catch up")
        assert anonymous.action() == NEW
        on_replica_by = dict(
            on_replica.execute(
                "SELECT application_name, count(*) FROM pg_stat_activity"
                " WHERE datname = 'deiseb' AND pid <> pg_backend_pid() GROUP BY 1"
            ).fetchall()
        )
        # The web server read there; the workers, which read and wrote all along, never did.
        assert on_replica_by.get("deiseb-web", 0) >= 1, on_replica_by
        assert "deiseb-worker" not in on_replica_by, on_replica_by
        on_primary.close()
        on_replica.close()
        logs = processes.logs()
        assert "Traceback" not in logs, logs
        report(
            capsys,
            "streaming replica",
            anonymous_read_while_paused=f"{OLD!r}, count 0",
            staff_and_pinned_read=f"{NEW!r}, count 1",
            pin_cookie_max_age=pin["max-age"],
            sessions_on_replica=on_replica_by,
        )
    finally:
        if processes:
            processes.stop_all()
        if replica:
            replica.stop()
        primary.stop()


CREATE_PETITION = f"""
from tests.factories import OpenPetitionFactory
OpenPetitionFactory(pk={PETITION}, action_en={OLD!r})
"""
