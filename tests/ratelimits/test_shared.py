"""Limits hold across processes: two gunicorn workers share one count.

With a per-process counter, two workers let one address make 400 signing attempts against a
limit of 200. This starts gunicorn with two single-threaded workers on a private SQLite file
and a free loopback port, signs from one address over HTTP, and stops it.
"""

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.conftest import _free_port

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs its own server on a private SQLite file once"
)

LIMIT = 6
ATTEMPTS = 20


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def gunicorn(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deiseb.sqlite3'}",
        "DEISEB_VAR_DIR": str(tmp_path),
        "DEISEB_RATE_LIMIT_SIGNING_PER_IP": str(LIMIT),
        "DEISEB_PLAIN_STATIC": "1",
    }
    env.pop("REDIS_URL", None)
    deiseb = [sys.executable, "-m", "deiseb"]
    subprocess.run([*deiseb, "migrate", "-v0"], env=env, check=True)
    # The fewest signatures the story allows: the test needs an open petition, not a crowd.
    demo = [*deiseb, "load_demo", "--if-empty", "--signatures", "250"]
    subprocess.run(demo, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "deiseb.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--threads", "1", "--log-level", "warning"],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/health/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        raise RuntimeError("gunicorn did not start")
    with sqlite3.connect(tmp_path / "deiseb.sqlite3") as db:
        (open_petition,) = db.execute(
            "SELECT id FROM petitions_petition WHERE state = 'open' ORDER BY id LIMIT 1"
        ).fetchone()
    yield f"{base}/en/petitions/{open_petition}/sign/"
    server.terminate()
    server.wait(timeout=15)


def test_two_workers_share_one_limit(gunicorn):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    sign_url = gunicorn
    page = opener.open(sign_url, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def attempt(n):
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": f"Signer {n}",
                "email": f"shared-{n}@example.com",
                "country": "GB-WLS",
                "postcode": "CF10 1AA",
            }
        ).encode()
        request = urllib.request.Request(sign_url, data=body, headers={"Referer": sign_url})
        try:
            return opener.open(request, timeout=10).status
        except urllib.error.HTTPError as answer:
            return answer.code

    # Four at a time, so both workers are kept busy and each counts some of the attempts.
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(attempt, range(ATTEMPTS)))
    print(
        f"\nTwo gunicorn workers, limit {LIMIT}: {statuses.count(302)} of {ATTEMPTS} accepted, "
        f"{statuses.count(429)} refused",
        file=sys.stderr,
    )
    assert statuses.count(302) == LIMIT
    assert statuses.count(429) == ATTEMPTS - LIMIT
