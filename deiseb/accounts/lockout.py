"""Locking out password guessers: django-axes, with one limit per name and another per address.

Axes counts failed sign-ins per username and per address and compares the worse of the two with
one limit. One limit cannot fit both: five wrong passwords should lock a name, but a parliament's
staff share an office's address, and five typos between them must not lock everyone out. So
each count is measured against its own limit before axes compares it with its one.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    """Axes's database handler, with STAFF_LOGIN_ADDRESS_FAILURE_LIMIT for addresses."""

    def get_failures(self, request, credentials=None) -> int:
        limit = settings.AXES_FAILURE_LIMIT
        limits = {"username": limit, "ip_address": settings.STAFF_LOGIN_ADDRESS_FAILURE_LIMIT}
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            own_limit = limits.get(parameter, limit) if isinstance(parameter, str) else limit
            # Scaled to axes's one limit: failures * limit // own_limit reaches limit exactly
            # when failures reaches own_limit.
            worst = max(worst, failures * limit // own_limit)
        return worst


class LockoutBackend(AxesStandaloneBackend):
    """Axes's check before any password is tried, except when there is no request.

    Every sign-in over the web passes its request; a call without one comes from our own code
    (a shell, the test client's login), where nobody is guessing and axes would refuse to run.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
