"""The sysadmins' retention page: petitions due or soon due for anonymisation, and legal holds."""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from deiseb.accounts.roles import SYSADMINS, role_required
from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.petitions import lifecycle
from deiseb.petitions.models import Petition
from deiseb.retention import services
from deiseb.retention.forms import LegalHoldForm

SOON_DAYS = 30


def _render(request, bound: LegalHoldForm | None = None, status: int = 200):
    petitions = services.coming_due(within_days=SOON_DAYS).order_by("legal_hold", "pk")
    rows = [
        {
            "petition": petition,
            "due": services.retention_ends(petition),
            "form": bound
            if bound and bound.petition.pk == petition.pk
            else LegalHoldForm(petition=petition),
        }
        for petition in petitions
    ]
    rows.sort(key=lambda row: (row["due"], row["petition"].pk))
    held_elsewhere = Petition.objects.filter(legal_hold=True).exclude(
        pk__in=[row["petition"].pk for row in rows]
    )
    context = {
        "rows": rows,
        "held": held_elsewhere,
        "soon_days": SOON_DAYS,
        "months": settings.SIGNER_RETENTION_MONTHS,
        "days": settings.UNCONFIRMED_RETENTION_DAYS,
        "bound": bound,
    }
    return render(request, "retention/index.html", context, status=status)


@never_cache
@require_safe
@role_required(SYSADMINS)
def index(request):
    return _render(request)


@never_cache
@require_POST
@role_required(SYSADMINS)
def legal_hold(request, pk):
    petition = get_object_or_404(Petition, pk=pk)
    form = LegalHoldForm(request.POST, petition=petition)
    if not form.is_valid():
        return _render(request, form, status=400)
    place = form.cleaned_data["place"]
    verb = "place_legal_hold" if place else "lift_legal_hold"
    action = AuditEntry.Action.PLACE_LEGAL_HOLD if place else AuditEntry.Action.LIFT_LEGAL_HOLD
    reason = form.cleaned_data["reason"]
    with transaction.atomic():
        # Only from the state the page showed: a second sysadmin's press finds it changed.
        unchanged = Petition.objects.select_for_update().filter(pk=pk, legal_hold=not place)
        if not unchanged.exists():
            messages.error(request, _("Someone else changed this petition's legal hold first."))
            return redirect("retention:index")
        lifecycle.perform(verb, petition, by=request.user, notes=reason, legal_hold=place)
        audit.record(
            request.user, action, petition, changes={"legal_hold": [not place, place]}, notes=reason
        )
    if place:
        messages.success(request, _("Legal hold placed: its signers will not be anonymised."))
    else:
        messages.success(request, _("Legal hold lifted: its signers are anonymised when due."))
    return redirect("retention:index")
