"""A petition's live count for other sites to embed in an <iframe>: the one page that may be framed.

Every other page refuses framing (X-Frame-Options DENY, CSP frame-ancestors 'none') against
clickjacking. This page is safe to frame because it holds nothing to click but a link that opens
the petition in a new tab: no form, no cookie, no signing in place.
"""

from csp.constants import NONE
from csp.decorators import csp_replace
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from deiseb.core.caching import public_page
from deiseb.petitions.models import Petition

# Seconds between refreshes in the widget: the count endpoint is cached for COUNT_INTERVAL
# anyway, and a page embedded on many sites should not poll as fast as the petition's own.
REFRESH_SECONDS = 60


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"], "form-action": [NONE]})
@public_page
def petition_embed(request, pk):
    petition = get_object_or_404(Petition.objects.published(), pk=pk)
    return render(
        request,
        "opendata/embed.html",
        {
            "petition": petition,
            # Absolute: the link opens in a new tab, and the canonical link points search
            # engines from the frame to the page itself.
            "petition_url": request.build_absolute_uri(
                reverse("petitions:detail", args=[petition.pk])
            ),
            "refresh_seconds": max(REFRESH_SECONDS, settings.COUNT_INTERVAL),
        },
    )
