from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from deiseb.core.models import OutboundEmail
from deiseb.petitions.models import Petition


def root_redirect(request):
    """Send visitors to their own language (from Accept-Language), English by default."""
    language = translation.get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{language if language == 'cy' else 'en'}/")


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def home(request):
    published = Petition.objects.published()
    context = {
        "popular": published.filter(state=Petition.State.OPEN).order_by("-signature_count")[:6],
        "open_count": published.filter(state=Petition.State.OPEN).count(),
        "signature_total": published.aggregate(total=Sum("signature_count"))["total"] or 0,
    }
    return render(request, "core/home.html", context)


def _demo_only():
    if not settings.DEMO_OUTBOX:
        raise Http404


def outbox(request):
    """Demo only: the emails the site has sent, so a new user can follow confirmation links."""
    _demo_only()
    emails = OutboundEmail.objects.only("pk", "kind", "to", "subject", "status", "created_at")[:100]
    return render(request, "core/outbox.html", {"emails": emails})


def outbox_email(request, pk):
    _demo_only()
    email = get_object_or_404(OutboundEmail, pk=pk)
    return render(request, "core/outbox_email.html", {"email": email})
