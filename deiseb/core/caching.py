"""Public pages, kept twice: by shared caches (a CDN, nginx) and by the origin itself.

The headers let a CDN absorb a crowd reading a viral petition. The origin keeps its own copy
too, shared by every app server (CACHES["pages"]: Redis, or the database without it), so the
crowd that gets past the CDN, or a site run without one, costs a cache read, not a render.
A kept page is fresh for PAGE_CACHE_SECONDS (one count interval), so a new count shows within
one interval. After that one request renders it again while everyone else is served the stale
copy: the thundering herd that took petition.parliament.uk's home page down in 2016 came from
every request rendering a page the moment its copy expired.

`remembered` is the third, smallest keeping: a few reads that every sign POST makes, held in
each process for a moment.
"""

import contextlib
import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag

from deiseb.core.routers import PIN_COOKIE

logger = logging.getLogger(__name__)

# Someone rendering a page holds its lock this long at most; a render that dies frees it then.
RENDER_LOCK_SECONDS = 10
# With no copy at all (a page nobody has asked for lately), others wait this long for the one
# rendering it before rendering it themselves.
COLD_WAIT_SECONDS = 2.0
COLD_POLL_SECONDS = 0.02
# Cookies that make a page someone's own, besides a signed-in session: a message waiting to
# show, or a pin to the primary database after a change (the kept copy may be the replica's).
PERSONAL_COOKIES = ("messages", PIN_COOKIE)


def public_page(view=None, *, max_age: int | None = None):
    """Let shared caches keep the page briefly, and serve it stale while they refetch.

    Use as `@public_page`, or `@public_page(max_age=300)` for pages that change only on deploy;
    a view that sets its own Cache-Control (count.json's count interval) keeps it.

    Only anonymous, cookie-free GETs that set no cookie qualify: anything else may carry a CSRF
    token, a flash message or a staff name that must never be served to someone else.
    ConditionalGetMiddleware adds the ETag validator and answers If-None-Match with a 304.
    The same rule decides what the origin keeps (`kept`).
    """

    if view is None:
        return lambda view: public_page(view, max_age=max_age)

    def render(request, args, kwargs):
        response = view(request, *args, **kwargs)
        shareable = (
            _anonymous_read(request)
            and response.status_code == 200
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        )
        if shareable:
            if not response.has_header("Cache-Control"):  # else the view's own, kept
                patch_cache_control(
                    response,
                    public=True,
                    max_age=settings.PUBLIC_CACHE_MAX_AGE if max_age is None else max_age,
                    stale_while_revalidate=settings.PUBLIC_CACHE_STALE,
                )
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response, shareable

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_keep(request):
            return render(request, args, kwargs)[0]
        return kept(request, lambda: render(request, args, kwargs))

    return wrapper


def _anonymous_read(request) -> bool:
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def may_keep(request) -> bool:
    """Whether this request would be answered with the page anyone else gets."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and _anonymous_read(request)
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
    )


def page_key(request) -> str:
    """One copy per host and address: the host names the language where hosts are set."""
    where = f"{request.get_host()}\n{request.get_full_path()}"
    return "page:" + hashlib.blake2b(where.encode(), digest_size=16).hexdigest()


def kept(request, render):
    """The origin's copy of the page, rendering it at most once at a time.

    `render()` returns (response, shareable); only a shareable response is kept. A cache that
    fails (Redis away) never fails the page: it is rendered as if nothing were kept.
    """
    key = page_key(request)
    now = time.time()
    held = _held_pages.get(key)
    if held is not None and held[0] > now:
        return _copy_of(held[1])
    store = caches["pages"]
    try:
        entry = store.get(key)
    except Exception:  # noqa: BLE001 - an unreachable cache must not take the site down
        logger.warning("The page cache could not be read; rendering pages afresh.")
        return render()[0]
    if entry is not None and entry[0] > now:
        _hold(key, entry)
        return entry[1]
    lock = key + ":rendering"
    if _take(store, lock):
        try:
            return _render_and_keep(store, key, render)
        finally:
            _forget(store, lock)
    if entry is not None:
        return entry[1]  # someone is rendering it: the stale copy meanwhile
    deadline = time.monotonic() + COLD_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(COLD_POLL_SECONDS)
        entry = _read(store, key)
        if entry is not None:
            return entry[1]
    return render()[0]


def _render_and_keep(store, key, render):
    response, shareable = render()
    if shareable and not getattr(response, "streaming", False):
        fresh = settings.PAGE_CACHE_SECONDS
        set_response_etag(response)  # once, not on every answer from the copy
        entry = (time.time() + fresh, response)
        _hold(key, entry)
        try:
            store.set(key, entry, timeout=fresh + settings.PAGE_CACHE_STALE)
        except Exception:  # noqa: BLE001
            logger.warning("The page cache could not be written; the page was served unkept.")
    return response


# page key: (when this process stops using it, on the wall clock as the shared copy's own
# freshness is; the response). Never past the shared copy's freshness, so a new count still
# shows within one count interval.
_held_pages: dict[str, tuple[float, HttpResponse]] = {}
HELD_PAGES_MAX = 200


def _hold(key: str, entry) -> None:
    """Hold a fresh shared copy in this process for LOCAL_CACHE_SECONDS at most, so a crowd on
    one page costs each server a dictionary read, not a round trip and an unpickling each."""
    seconds = settings.LOCAL_CACHE_SECONDS
    if seconds <= 0:
        return
    if len(_held_pages) >= HELD_PAGES_MAX:
        _held_pages.clear()
    _held_pages[key] = (min(entry[0], time.time() + seconds), _copy_of(entry[1]))


def _copy_of(response: HttpResponse) -> HttpResponse:
    """A response of its own for each request: middleware adds headers to what it is given."""
    copy = HttpResponse(response.content, status=response.status_code, headers=response.headers)
    copy.charset = response.charset
    return copy


def _take(store, lock: str) -> bool:
    try:
        return store.add(lock, 1, timeout=RENDER_LOCK_SECONDS)
    except Exception:  # noqa: BLE001
        return True  # no cache to coordinate through: render, as without one


def _forget(store, lock: str) -> None:
    with contextlib.suppress(Exception):  # else the lock times out by itself
        store.delete(lock)


def _read(store, key: str):
    try:
        return store.get(key)
    except Exception:  # noqa: BLE001
        return None


# key: (when it expires, on the monotonic clock; the value). Shared by the process's threads.
_kept: dict[str, tuple[float, object]] = {}
KEPT_MAX = 10_000
_clock = time.monotonic


def remembered(key: str, compute):
    """compute(), kept in this process for LOCAL_CACHE_SECONDS; treat what it returns as read-only.

    For the reads every sign POST makes whose change may show a moment late on each server:
    the petition, the pause switches, the country list. On the viral day they would otherwise
    be three of the POST's four round trips to the database. A change made in this process
    `forget`s its key at once; other servers see it within LOCAL_CACHE_SECONDS. A dict of its
    own, not Django's local-memory cache: that unpickles every value on every read, which for
    the country list costs more than the query it saves.
    """
    seconds = settings.LOCAL_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    now = _clock()
    entry = _kept.get(key)
    if entry is None or entry[0] <= now:
        if len(_kept) >= KEPT_MAX:
            _kept.clear()
        entry = (now + seconds, compute())
        _kept[key] = entry
    return entry[1]


def forget(*keys: str) -> None:
    for key in keys:
        _kept.pop(key, None)


def forget_on_commit(*keys: str) -> None:
    """Forget these once the change being made commits, so no one keeps what it replaced."""
    if settings.LOCAL_CACHE_SECONDS > 0:
        transaction.on_commit(lambda: forget(*keys))
