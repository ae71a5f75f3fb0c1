from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from deiseb.accounts.roles import CLERKS, MODERATORS, SYSADMINS, has_role

# Where each role starts its day, in order of preference for someone holding several.
LANDING = [
    (MODERATORS, "moderation:queue"),
    (CLERKS, "record:index"),
    (SYSADMINS, "admin:index"),
]


@login_required
def staff_home(request):
    """After signing in, each role lands on its own work rather than on a page it cannot see."""
    for role, url_name in LANDING:
        if has_role(request.user, role):
            return redirect(url_name)
    raise PermissionDenied
