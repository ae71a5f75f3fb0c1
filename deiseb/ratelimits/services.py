"""Sliding-window rate limits shared by every process: Redis when REDIS_URL is set, else the DB.

Sliding, because a fixed window lets a burst straddle its edge (7 emails in 22 s against a limit
of 3): the estimate weighs the previous window by the share of it still inside the last `seconds`
(the sliding-window counter), which needs two counters per key and no row per attempt.

Shared, because a per-process counter multiplies every limit by the number of app servers.

Failing open, because signing must never depend on the limiter: when the store cannot be reached
the attempt is allowed, and the failure is counted and logged at most once a minute.

Keys are an HMAC of who is counted, so neither store holds an address, email or IP in clear.
"""

import hashlib
import hmac
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.ratelimits.models import AddressRule, RateCounter, SigningRates

logger = logging.getLogger(__name__)

REPORT_EVERY = 60  # seconds between log lines while the store is down


class _Failures:
    """How often the store was unreachable: counted always, logged once a minute."""

    def __init__(self):
        self.lock = threading.Lock()
        self.total = 0
        self.unreported = 0
        self.reported_at = float("-inf")

    def add(self, exc: Exception) -> None:
        with self.lock:
            self.total += 1
            self.unreported += 1
            now = time.monotonic()
            if now - self.reported_at < REPORT_EVERY:
                return
            count, self.unreported, self.reported_at = self.unreported, 0, now
        logger.error(
            "Rate limiter store unreachable (%s); %d attempt(s) allowed unchecked since the "
            "last report, %d in all",
            type(exc).__name__,
            count,
            self.total,
        )


failures = _Failures()


def _store_errors() -> tuple[type[Exception], ...]:
    errors: tuple[type[Exception], ...] = (DatabaseError, OSError, TimeoutError)
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        return errors
    return (*errors, RedisError)


STORE_ERRORS = _store_errors()


def _uses_redis() -> bool:
    return bool(settings.REDIS_URL)


def _hit_cache(key: str, window: int, seconds: int) -> tuple[int, int]:
    current_key, previous_key = f"ratelimit:{key}:{window}", f"ratelimit:{key}:{window - 1}"
    cache.add(current_key, 0, timeout=2 * seconds + 1)
    try:
        current = cache.incr(current_key)
    except ValueError:  # the key expired between add and incr
        cache.add(current_key, 1, timeout=2 * seconds + 1)
        current = 1
    return current, int(cache.get(previous_key) or 0)


_TABLE = f'"{RateCounter._meta.db_table}"'
UPSERT = (
    f'INSERT INTO {_TABLE} ("key", "count", "expires_at") VALUES (%s, 1, %s) '
    f'ON CONFLICT ("key") DO UPDATE SET "count" = {_TABLE}."count" + 1 RETURNING "count"'
)


def _hit_database(key: str, window: int, seconds: int) -> tuple[int, int]:
    """One atomic upsert (PostgreSQL and SQLite 3.35+ both speak it) and one read."""
    expires_at = timezone.now() + timezone.timedelta(seconds=2 * seconds + 1)
    # A savepoint inside a caller's transaction, so a failure here cannot poison it.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(UPSERT, [f"{key}:{window}", expires_at])
        (current,) = cursor.fetchone()
        previous = (
            RateCounter.objects.filter(key=f"{key}:{window - 1}")
            .values_list("count", flat=True)
            .first()
        )
    return current, previous or 0


def attempts(scope: str, who: str, seconds: int, *, now: float | None = None) -> float | None:
    """Count one attempt; returns the attempts in the last `seconds`, or None if uncountable."""
    now = time.time() if now is None else now
    window = int(now // seconds)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{who}".encode(), hashlib.sha256
    ).hexdigest()[:40]
    hit = _hit_cache if _uses_redis() else _hit_database
    try:
        current, previous = hit(f"{scope}:{digest}", window, seconds)
    except STORE_ERRORS as exc:
        failures.add(exc)
        return None
    still_inside = 1 - (now % seconds) / seconds
    return previous * still_inside + current


def allow(scope: str, who: str, limit: int, seconds: int, *, now: float | None = None) -> bool:
    """Count one attempt; False once more than `limit` fell in the last `seconds`. 0 is no limit."""
    if limit <= 0:
        return True
    count = attempts(scope, who, seconds, now=now)
    return count is None or count <= limit


def client_ip(request) -> str:
    """The visitor's address: behind our proxy, the one it appended to X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def prune(now=None) -> int:
    deleted, _ = RateCounter.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted


RATE_FIELDS = (
    "burst_rate",
    "burst_seconds",
    "sustained_rate",
    "sustained_seconds",
    "creator_rate",
    "sponsor_rate",
    "across_seconds",
)


def set_signing_rates(values: dict, *, by) -> bool:
    """Change the signing rates, with their audit entry; False (and nothing written) if none
    changed. The worker reads the row for every attempt, so the next one uses them."""
    with transaction.atomic():
        SigningRates.current()  # the row exists before it is locked
        rates = SigningRates.objects.select_for_update().get(pk=1)
        before = audit.fields_of(rates, RATE_FIELDS)
        for field in RATE_FIELDS:
            setattr(rates, field, values[field])
        changes = audit.differences(before, audit.fields_of(rates, RATE_FIELDS))
        if not changes:
            return False
        rates.updated_at, rates.updated_by = timezone.now(), by
        rates.save(update_fields=[*RATE_FIELDS, "updated_at", "updated_by"])
        audit.record(by, AuditEntry.Action.SET_SIGNING_RATES, rates, changes=changes)
    return True


@transaction.atomic
def add_address_rule(*, list_name: str, kind: str, value: str, note: str = "", by) -> AddressRule:
    """Put one entry (already in its canonical form, `rules.normalise`) on a list, audited."""
    rule = AddressRule.objects.create(
        list=list_name, kind=kind, value=value, note=note, created_by=by
    )
    changes = {name: [None, getattr(rule, name)] for name in ("list", "kind", "value", "note")}
    audit.record(by, AuditEntry.Action.ADD_ADDRESS_RULE, rule, changes=changes)
    return rule


@transaction.atomic
def remove_address_rule(rule: AddressRule, *, by) -> None:
    ref = audit.ObjectRef.of(rule)
    changes = {name: [getattr(rule, name), None] for name in ("list", "kind", "value", "note")}
    rule.delete()
    audit.record(by, AuditEntry.Action.REMOVE_ADDRESS_RULE, ref, changes=changes)
