"""Fixed-window rate limits on the shared cache (Redis when several app servers run).

Keys hold a keyed hash of who is counted, never an address or an IP in clear, so the cache holds
no personal data worth stealing. A limit of 0 turns a check off.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def allow(scope: str, who: str, limit: int, seconds: int) -> bool:
    """Count one attempt; False once more than `limit` fell in the current window."""
    if limit <= 0:
        return True
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{who}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    key = f"ratelimit:{scope}:{int(time.time() // seconds)}:{digest}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, timeout=seconds + 1)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    """The visitor's address: behind our proxy, the one it appended to X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
