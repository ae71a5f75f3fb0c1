"""Who is signed in, for the footer, and the staff pages they may use, for the staff bar.

The session is read only when the request carries a session cookie: reading it on every page
would add `Vary: Cookie` to pages a CDN shares (see deiseb.accounts.middleware). The staff bar
is worked out only on staff pages, in one query for the user's groups.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from deiseb.accounts.middleware import is_staff_path
from deiseb.accounts.roles import CLERKS, MODERATORS, SYSADMINS, TRANSLATORS

# (URL name, label, the roles its views ask for) in the order a clerk's day runs. The roles
# repeat each view's `role_required`; tests/accounts/test_staff_nav.py opens every link as each
# role, so a link shown is a page that opens. The updates have no index of their own: they are
# reached from the record, so the record's link is the current one on their pages.
STAFF_PAGES = [
    ("moderation:queue", _("Moderation"), (MODERATORS, SYSADMINS, TRANSLATORS)),
    ("record:index", _("The record"), (CLERKS, SYSADMINS)),
    ("audit:log", _("Audit log"), (SYSADMINS,)),
    ("switches:index", _("Switches"), (SYSADMINS,)),
    ("ratelimits:index", _("Rates"), (SYSADMINS,)),
    ("integrity:invalidations", _("Integrity"), (MODERATORS, SYSADMINS)),
    ("retention:index", _("Retention"), (SYSADMINS,)),
    ("paper:new", _("Paper petitions"), (CLERKS,)),
]
# Sections whose pages have no link of their own, and the link that leads to them.
REACHED_FROM = {"updates": "record"}


def staff_links(user, namespace: str) -> list[dict]:
    """The staff pages this user may open, the current section's marked."""
    groups = set(user.groups.values_list("name", flat=True))
    current = REACHED_FROM.get(namespace, namespace)
    links = [
        {"url_name": url_name, "label": label, "current": url_name.split(":")[0] == current}
        for url_name, label, roles in STAFF_PAGES
        if user.is_superuser or groups.intersection(roles)
    ]
    if user.is_staff:  # what Django's admin site asks of a user
        admin = {"url_name": "admin:index", "label": _("Admin"), "current": current == "admin"}
        links.append(admin)
    return links


def staff(request) -> dict:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return {}
    # An error page answered before the authentication middleware ran has no user to name.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"signed_in_as": user.get_username()}
    if is_staff_path(request.path_info):
        match = request.resolver_match
        context["staff_nav"] = staff_links(user, match.namespace if match else "")
    return context
