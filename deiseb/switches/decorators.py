"""The hook signing and creating views wear: while paused, a clear page instead of the form."""

from functools import wraps

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from deiseb.switches import services
from deiseb.switches.models import Pause

PAUSED_PAGES = {
    Pause.Switch.SIGNING: (
        _("Signing petitions is paused"),
        _(
            "Nothing you entered has been saved. Please come back when signing starts again: "
            "each open petition stays open a day longer for every night signing is paused."
        ),
    ),
    Pause.Switch.CREATING: (
        _("Starting a petition is paused"),
        _(
            "No petition has been created. Any answers you have already given are kept on this "
            "device for when starting petitions opens again."
        ),
    ),
}


def current_pauses(request) -> dict[str, Pause]:
    """The pauses in force, asked once per request: the banner and the gate share the answer."""
    if not hasattr(request, "_deiseb_pauses"):
        request._deiseb_pauses = services.pauses_in_force()
    return request._deiseb_pauses


def unless_paused(switch: str):
    """Answer 503 with an explanation while `switch` is paused; nothing reaches the view.

    A 503 rather than the form: a form posted in the moment of pausing gets this page, not an
    error, and saves nothing. Never cached, so resuming shows the form again at once.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            pause = current_pauses(request).get(switch)
            if pause is None:
                return view(request, *args, **kwargs)
            title, explanation = PAUSED_PAGES[switch]
            context = {"title": title, "message": pause.message(), "explanation": explanation}
            response = render(request, "switches/paused.html", context, status=503)
            add_never_cache_headers(response)
            return response

        return wrapped

    return decorator
