"""Cache headers for public pages, so a CDN can absorb a crowd reading a viral petition."""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control


def public_page(view=None, *, max_age: int | None = None):
    """Let shared caches keep the page briefly, and serve it stale while they refetch.

    Use as `@public_page`, or `@public_page(max_age=300)` for pages that change only on deploy.

    Only anonymous, cookie-free GETs that set no cookie qualify: anything else may carry a CSRF
    token, a flash message or a staff name that must never be served to someone else.
    ConditionalGetMiddleware adds the ETag validator and answers If-None-Match with a 304.
    """

    if view is None:
        return lambda view: public_page(view, max_age=max_age)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        shareable = (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        )
        if shareable:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLIC_CACHE_MAX_AGE if max_age is None else max_age,
                stale_while_revalidate=settings.PUBLIC_CACHE_STALE,
            )
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapper
