"""With REDIS_URL, limits count in a real Redis; when it stops, signing goes on regardless.

Each test starts its own redis-server on a free loopback port and stops it: the shared Redis on
6379 is never touched.
"""

import logging
import shutil
import subprocess
import sys
import time

import pytest
from django.core.cache import cache

from deiseb.ratelimits import services
from deiseb.signatures.models import Signature
from tests.factories import OpenPetitionFactory, constituency
from tests.helpers import localised, run_queued_tasks
from tests.servers import RedisServer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


@pytest.fixture
def redis_server(settings):
    server = RedisServer()
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield server
    server.stop()


def sign(client, petition, n):
    data = {
        "name": f"Signer {n}",
        "email": f"signer{n}@example.com",
        "country": "GB-WLS",
        "postcode": "CF10 1AA",
    }
    return client.post(
        localised("en", "signatures:sign", petition.pk), data, REMOTE_ADDR=f"198.51.100.{n % 4}"
    )


def test_limits_count_in_redis_when_redis_url_is_set(client, settings, redis_server):
    settings.RATE_LIMIT_SIGNING_PER_IP = 2
    constituency()
    petition = OpenPetitionFactory()
    statuses = [sign(client, petition, n).status_code for n in (4, 8, 12)]  # one address
    assert statuses == [302, 302, 429]
    keys = subprocess.run(
        ["redis-cli", "-p", str(redis_server.port), "--scan", "--pattern", "*ratelimit*"],
        capture_output=True,
        text=True,
    ).stdout.split()
    assert keys and not any("198.51.100" in key for key in keys)


def test_signing_goes_on_while_redis_is_stopped(
    client, settings, redis_server, caplog, monkeypatch
):
    settings.RATE_LIMIT_SIGNING_PER_IP = 1000
    monkeypatch.setattr(services, "failures", services._Failures())
    constituency()
    petition = OpenPetitionFactory()
    before = [sign(client, petition, n).status_code for n in range(10)]
    redis_server.stop()
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="deiseb.ratelimits.services"):
        during = [sign(client, petition, n).status_code for n in range(10, 40)]
    outage_seconds = time.monotonic() - started
    redis_server.start()
    cache.clear()
    after = [sign(client, petition, n).status_code for n in range(40, 50)]
    run_queued_tasks()
    statuses = before + during + after
    saved = Signature.objects.filter(petition=petition).count()
    logged = [r for r in caplog.records if "unreachable" in r.getMessage()]
    print(
        f"\nRedis stopped during signing: {statuses.count(302)} of {len(statuses)} accepted, "
        f"{saved} saved, lost {statuses.count(302) - saved}, "
        f"{services.failures.total} unchecked while down ({outage_seconds:.2f} s for 30 "
        f"requests), {len(logged)} log line(s)",
        file=sys.stderr,
    )
    assert statuses == [302] * 50
    assert saved == 50
    assert services.failures.total == 30
    assert len(logged) == 1
