"""Public reads from a streaming replica, everything else from the primary.

With DATABASE_REPLICA_URL set, the database alias "replica" exists and this router is installed.
It sends a read to the replica only while `ReplicaMiddleware` has said the request in hand is a
public read: a GET or HEAD without a session cookie (staff always read the primary) from a
client that has not just written (see the middleware). Everything else reads and writes the
primary: every write, the worker, management commands, migrations, and any read inside a
transaction on the primary or of a row fetched from it.

A public page may already be served up to PUBLIC_CACHE_MAX_AGE seconds old by a CDN or the
proxy's cache, so a replica a second or two behind the primary breaks no promise the page makes.
A signer's own writes are another matter: after any POST their browser reads the primary for
REPLICA_PIN_SECONDS, so the count they just moved and the petition they just started are there.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# The pin cookie: set on the response to an unsafe request, it sends the browser's reads to the
# primary until it expires. It says nothing about who the client is.
PIN_COOKIE = "deiseb_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Tables read to decide a write (a rate limit's count, a cache's lock), read where they are written.
PRIMARY_APPS = {"django_cache", "sessions", "ratelimits", "axes"}

_public_read = contextvars.ContextVar("deiseb_public_read", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def reading_public() -> bool:
    """Whether reads in this context may go to the replica."""
    return _public_read.get()


@contextlib.contextmanager
def public_read(allowed: bool = True):
    """Let (or stop) reads in the block go to the replica; the request's middleware uses it."""
    token = _public_read.set(allowed)
    try:
        yield
    finally:
        _public_read.reset(token)


class ReplicaRouter:
    """Reads from the replica in a public read, else from the primary; writes to the primary."""

    def db_for_read(self, model, **hints):
        if not _public_read.get() or model._meta.app_label in PRIMARY_APPS:
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db == DEFAULT_DB_ALIAS:
            return DEFAULT_DB_ALIAS  # a related object of a row read from the primary
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # read what this transaction wrote, and lock what it locks
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica copies the primary's schema by itself


class ReplicaMiddleware:
    """Mark each public read for the router, and pin a client that has just written.

    Not used at all (Django drops it) without a replica. The pin cookie is set only on the
    response to an unsafe request, never on a GET, so it never stops a public page from being
    cacheable (`core.caching.public_page` shares no response that sets a cookie).
    """

    def __init__(self, get_response):
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or PIN_COOKIE in cookies:
            return self.get_response(request)
        with public_read():
            response = self.get_response(request)
        if response.status_code == 404:
            # Made since the replica last replayed, perhaps: a link in a confirmation email
            # followed at once from another browser. Look where it was written.
            response = self.get_response(request)
        return response
