from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from deiseb.core.models import OutboundEmail


def _demo_only():
    if not settings.DEMO_OUTBOX:
        raise Http404


def outbox(request):
    """Demo only: the emails the site has sent, so a new user can follow confirmation links."""
    _demo_only()
    emails = OutboundEmail.objects.only("pk", "kind", "to", "subject", "status", "created_at")[:100]
    return render(request, "demo/outbox.html", {"emails": emails})


def outbox_email(request, pk):
    _demo_only()
    email = get_object_or_404(OutboundEmail, pk=pk)
    return render(request, "demo/outbox_email.html", {"email": email})
