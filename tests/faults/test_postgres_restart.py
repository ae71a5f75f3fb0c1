"""PostgreSQL restarted during a signing load: every signer told "check your email" is saved.

A private cluster (initdb in a temporary directory, its own port) so the shared server is never
touched; gunicorn and the workers run against it while four browsers sign over loopback, and
the cluster is restarted (`pg_ctl restart -m fast`) half-way through. The test starts its own
cluster whatever the suite's database, so it runs once: in the SQLite pass.
"""

import http.cookiejar
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import psycopg
import pytest

from tests.faults.processes import (
    PrivateCluster,
    Processes,
    base_env,
    free_port,
    report,
    wait_for,
    worker_commands,
)
from tests.helpers import localised

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="starts a PostgreSQL cluster of its own, so it runs once, in the SQLite pass",
)
BROWSERS = 4
LOAD_SECONDS = 7
RESTART_AT = 2


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One signer's browser: gets the form (and its CSRF cookie), then posts it."""

    def __init__(self, base: str, path: str):
        self.base, self.path = base, path
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects
        )

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError as error:
            return 0, str(error)  # no answer at all: reset, refused, timed out

    def sign(self, email: str) -> tuple[int, str]:
        status, page = self._open(self.base + self.path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            return status, page
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "name": "Sam Signer",
            "email": email,
            "country": "GB-WLS",
            "postcode": "CF10 1AA",
        }
        request = urllib.request.Request(
            self.base + self.path, data=urllib.parse.urlencode(form).encode(), method="POST"
        )
        return self._open(request)


def test_every_accepted_signature_is_saved_across_a_postgres_restart(tmp_path, capsys):
    why_not = PrivateCluster.available()
    if why_not:
        pytest.skip(why_not)
    cluster = PrivateCluster(tmp_path).start()
    port = free_port()
    env = base_env(
        cluster.create_database("deiseb"),
        tmp_path,
        DEISEB_RATE_LIMIT_SIGNING_PER_IP="0",
        DEISEB_RATE_LIMIT_EMAILS_PER_INBOX="0",
        ALLOWED_HOSTS="127.0.0.1",
    )
    processes = Processes(tmp_path, env)
    try:
        processes.run("migrate", "--noinput", "-v0")
        processes.run("shell", "-c", CREATE_PETITION)
        web = processes.start(
            "web",
            [
                *(sys.executable, "-m", "gunicorn", "deiseb.wsgi", "--bind", f"127.0.0.1:{port}"),
                *("--workers", "2", "--threads", "4", "--graceful-timeout", "2"),
            ],
        )
        for command in worker_commands():
            processes.deiseb("worker", *command)
        base = f"http://127.0.0.1:{port}"
        path = localised("en", "signatures:sign", 1)
        last = []

        def site_answers():
            last[:] = Browser(base, path).sign("warmup@example.com")
            return last[0] == 302

        try:
            wait_for(site_answers, timeout=30, what="the site to take a signature")
        except AssertionError as error:
            raise AssertionError(f"{error}; last answer {last[0]}: {last[1][-1500:]}") from None

        answers, lock = [], threading.Lock()
        stop_at = time.monotonic() + LOAD_SECONDS

        def load(number):
            browser, n = Browser(base, path), 0
            while time.monotonic() < stop_at:
                email = f"b{number}-{n}@example.com"
                status, page = browser.sign(email)
                with lock:
                    answers.append((time.monotonic(), email, status, page))
                n += 1
                if status != 302:
                    time.sleep(0.05)  # a person reads the error page before trying again

        threads = [threading.Thread(target=load, args=(b,)) for b in range(BROWSERS)]
        for thread in threads:
            thread.start()
        time.sleep(RESTART_AT)
        restart_began = time.monotonic()
        cluster.restart()
        restarted = time.monotonic()
        for thread in threads:
            thread.join(timeout=LOAD_SECONDS + 30)
        assert web.alive(), processes.logs()

        accepted = {email for _t, email, status, _p in answers if status == 302}
        failures = [(t, status, page) for t, _e, status, page in answers if status != 302]
        recovered = min(
            (t for t, _e, status, _p in answers if status == 302 and t > restarted), default=None
        )

        with psycopg.connect(cluster.url("deiseb").replace("postgres:", "postgresql:")) as db:
            db.autocommit = True

            def saved():
                rows = db.execute("SELECT email FROM signatures_signature").fetchall()
                return {email for (email,) in rows}

            def settled():
                waiting = db.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                    " WHERE status IN ('READY', 'RUNNING') AND queue_name <> 'email'"
                ).fetchone()[0]
                return waiting == 0 and accepted <= saved()

            wait_for(settled, timeout=60, what="the workers to record every accepted signature")
            rows = saved()
            failed_tasks = db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
            ).fetchone()[0]
    finally:
        processes.stop_all()
        cluster.stop()

    lost = accepted - rows
    tracebacks = [page for _t, _s, page in failures if "Traceback" in page]
    report(
        capsys,
        "PostgreSQL restarted during signing",
        requests=len(answers),
        accepted_302=len(accepted),
        rows_saved=len(rows - {"warmup@example.com"}),
        lost=len(lost),
        error_answers=dict(Counter(status for _t, status, _p in failures)),
        errors_before_restart=sum(1 for t, _s, _p in failures if t < restart_began),
        errors_after_restart=sum(1 for t, _s, _p in failures if t > restarted),
        failed_tasks=failed_tasks,
        restart_took=f"{restarted - restart_began:.1f} s",
        first_302_after_restart=f"{recovered - restarted:.2f} s" if recovered else "none",
    )
    assert not lost
    assert not tracebacks
    assert recovered is not None
    # While the database is away the answer is a 503 with Retry-After, never a 500.
    assert all(status in (0, 502, 503) for _t, status, _p in failures), failures[:3]


CREATE_PETITION = """
from tests.factories import OpenPetitionFactory
OpenPetitionFactory(pk=1)
"""
