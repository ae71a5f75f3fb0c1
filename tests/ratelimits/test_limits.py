"""Rate limits over a sliding window, shared through the database, failing open."""

import logging

import pytest
import time_machine
from django.utils import timezone

from deiseb.ratelimits import services
from deiseb.ratelimits.models import RateCounter
from deiseb.ratelimits.tasks import prune_rate_counters

pytestmark = pytest.mark.django_db

WINDOW = 600


def attempts_allowed(times, limit=3):
    return [services.allow("test", "someone", limit, WINDOW, now=t) for t in times]


def test_a_burst_straddling_the_window_edge_is_refused():
    """A fixed window let 12 attempts over its edge send 7 emails in 22 s against a limit of 3."""
    edge = 1_000 * WINDOW
    allowed = attempts_allowed([edge - 11 + n * 2 for n in range(12)])
    assert allowed.count(True) == 3


def test_the_limit_frees_up_as_the_window_slides():
    start = 1_000 * WINDOW
    assert attempts_allowed([start, start + 1, start + 2]) == [True, True, True]
    assert attempts_allowed([start + 3]) == [False]
    assert attempts_allowed([start + 2 * WINDOW + 5]) == [True]  # the old attempts have slid out


def test_other_people_and_other_scopes_are_counted_apart():
    now = 1_000 * WINDOW + 5
    for _ in range(3):
        services.allow("test", "someone", 3, WINDOW, now=now)
    assert not services.allow("test", "someone", 3, WINDOW, now=now)
    assert services.allow("test", "someone else", 3, WINDOW, now=now)
    assert services.allow("other", "someone", 3, WINDOW, now=now)


def test_counters_live_in_the_database_under_a_keyed_hash_not_the_address():
    services.allow("signing", "203.0.113.7", 5, WINDOW)
    (counter,) = RateCounter.objects.all()
    assert "203.0.113.7" not in counter.key and counter.count == 1


def test_expired_counters_are_pruned():
    services.allow("test", "someone", 3, 60)
    assert prune_rate_counters.call() == 0  # still counting
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=200)):
        assert prune_rate_counters.call() == 1
    assert RateCounter.objects.count() == 0


def test_an_unreachable_redis_lets_attempts_through_and_is_logged_once_a_minute(
    settings, caplog, monkeypatch
):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    monkeypatch.setattr(services, "failures", services._Failures())
    with caplog.at_level(logging.ERROR, logger="deiseb.ratelimits.services"):
        assert all(services.allow("test", "someone", 1, WINDOW) for _ in range(5))
    assert services.failures.total == 5
    (line,) = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert "ConnectionError" in line.getMessage()
