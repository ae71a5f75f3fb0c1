"""The one way a form refuses an attempt over a per-connection limit, saying so in the page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from deiseb.ratelimits.services import allow, client_ip


def too_many(request, form, action: str) -> bool:
    """Refuse one more attempt from this connection, saying so on the form; nothing is saved."""
    limit = getattr(settings, f"RATE_LIMIT_{action.upper()}_PER_IP")
    if allow(action, client_ip(request), limit, settings.RATE_LIMIT_WINDOW):
        return False
    form.add_error(
        None,
        forms.ValidationError(
            _(
                "Too many attempts have come from your connection in the last few minutes. "
                "Nothing has been saved: wait a few minutes, then try again."
            ),
            code="rate_limited",
        ),
    )
    return True
