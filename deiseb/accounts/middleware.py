"""What every staff page demands of a signed-in user: a second factor, and a recent session.

Both apply only under /<lang>/staff/, so the public site's sessions are never read or written
(reading one would add `Vary: Cookie` to pages a CDN caches). Settings are read per request,
so tests turn them on with the `settings` fixture.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import ngettext

from deiseb.accounts import services
from deiseb.core.middleware import language_of_path

LOGIN_AT = "staff_login_at"
SEEN_AT = "staff_seen_at"
# Writing the last activity on every request would save the session on every request.
SEEN_RESOLUTION_SECONDS = 60
# The pages a signed-in user needs before the second factor: everything else waits for it.
BEFORE_SECOND_FACTOR = {"accounts:login", "accounts:logout", "accounts:verify", "accounts:setup"}


def is_staff_path(path: str) -> bool:
    language = language_of_path(path)
    return language is not None and path.startswith(f"/{language}/staff/")


def start_staff_session(session, now: float | None = None) -> None:
    now = int(time.time() if now is None else now)
    session[LOGIN_AT] = now
    session[SEEN_AT] = now


class StaffSessionMiddleware:
    """Sign staff out after STAFF_IDLE_MINUTES without a request, or STAFF_SESSION_HOURS in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_staff_path(request.path_info) and request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request) -> None:
        now = int(time.time())
        session = request.session
        if LOGIN_AT not in session:  # signed in before this rule, or by the test client
            start_staff_session(session, now)
            return
        idle = settings.STAFF_IDLE_MINUTES
        hours = settings.STAFF_SESSION_HOURS
        if now - session.get(SEEN_AT, session[LOGIN_AT]) > idle * 60:
            message = ngettext(
                "You were signed out after %(count)d minute without activity. Sign in again.",
                "You were signed out after %(count)d minutes without activity. Sign in again.",
                idle,
            ) % {"count": idle}
        elif now - session[LOGIN_AT] > hours * 3600:
            message = ngettext(
                "You were signed out because you signed in more than %(count)d hour ago. "
                "Sign in again.",
                "You were signed out because you signed in more than %(count)d hours ago. "
                "Sign in again.",
                hours,
            ) % {"count": hours}
        else:
            if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_AT] = now
            return
        logout(request)
        messages.info(request, message)


class StaffTwoFactorMiddleware:
    """With STAFF_2FA on, a staff page needs a second factor, not just the password.

    A user with no device yet is sent to set one up; one with a device, to type its code.
    Runs after django_otp's OTPMiddleware, which gives request.user its is_verified().
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not services.two_factor_required() or not is_staff_path(request.path_info):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in BEFORE_SECOND_FACTOR:
            return None
        return redirect(second_step_url(user, request.get_full_path()))


def second_step_url(user, next_url: str) -> str:
    step = "accounts:verify" if services.has_second_factor(user) else "accounts:setup"
    return f"{reverse(step)}?{urlencode({'next': next_url})}"
