"""Moderators' and sysadmins' pages: invalidations, and the signature search with bulk actions.

Every page here shows signers' personal data or a staff form: none may be cached.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from deiseb.accounts.roles import MODERATORS, SYSADMINS, role_required
from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry
from deiseb.integrity import bulk, selection, services
from deiseb.integrity.criteria import describe, matching_signatures
from deiseb.integrity.forms import CriteriaForm, InvalidationForm
from deiseb.integrity.models import Invalidation

STAFF = (MODERATORS, SYSADMINS)
PER_PAGE = 50


@never_cache
@require_safe
@role_required(*STAFF)
def invalidations(request):
    page = Paginator(
        Invalidation.objects.select_related("petition", "created_by"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "integrity/invalidations.html", {"page": page})


@never_cache
@role_required(*STAFF)
def new_invalidation(request):
    """The criteria, then a draft that says how many match: nothing changes until it starts."""
    form = InvalidationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            invalidation = services.create_invalidation(
                by=request.user, **form.invalidation_fields()
            )
            return redirect("integrity:invalidation", pk=invalidation.pk)
        return render(request, "integrity/invalidation_new.html", {"form": form}, status=400)
    return render(request, "integrity/invalidation_new.html", {"form": form})


def _invalidation(pk) -> Invalidation:
    return get_object_or_404(
        Invalidation.objects.select_related("petition", "constituency", "country", "created_by"),
        pk=pk,
    )


@never_cache
@require_safe
@role_required(*STAFF)
def invalidation(request, pk):
    invalidation = _invalidation(pk)
    still_matching = (
        services.matches(invalidation).count()
        if invalidation.state in (Invalidation.State.DRAFT, Invalidation.State.RUNNING)
        else None
    )
    criteria = [
        (Invalidation._meta.get_field(name).verbose_name, value)
        for name, value in services.criteria_of(invalidation).items()
        if value not in (None, "")
    ]
    context = {
        "invalidation": invalidation,
        "criteria": criteria,
        "still_matching": still_matching,
        "may_start": invalidation.state == Invalidation.State.DRAFT,
        "may_cancel": invalidation.state in (Invalidation.State.DRAFT, Invalidation.State.RUNNING),
    }
    return render(request, "integrity/invalidation.html", context)


def _act_on_invalidation(request, pk, action, success: str):
    invalidation = _invalidation(pk)
    try:
        action(invalidation, by=request.user)
    except services.InvalidationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success)
    return redirect("integrity:invalidation", pk=pk)


@never_cache
@require_POST
@role_required(*STAFF)
def start(request, pk):
    return _act_on_invalidation(
        request,
        pk,
        services.start_invalidation,
        _("Invalidation started: it runs in the background, a batch at a time."),
    )


@never_cache
@require_POST
@role_required(*STAFF)
def cancel(request, pk):
    return _act_on_invalidation(
        request,
        pk,
        services.cancel_invalidation,
        _("Invalidation cancelled: it stops after the batch in hand."),
    )


@never_cache
@require_safe
@role_required(*STAFF)
def search(request):
    form = CriteriaForm(request.GET or None)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        found = (
            matching_signatures(**form.criteria())
            .select_related("petition", "country")
            .order_by("-pk")
        )
        page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        audit.record(
            request.user,
            AuditEntry.Action.SEARCH_SIGNATURES,
            audit.ObjectRef("signatures.signature", "search", "signature search"),
            notes=describe(form.criteria()),
        )
        highest = found.aggregate(highest=Max("pk"))["highest"] or 0
        context |= {
            "page": page,
            "page_params": f"{params.urlencode()}&",
            "selection": selection.sign(
                params.urlencode(), highest, [signature.pk for signature in page]
            ),
            "actions": BULK_ACTIONS,
        }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "integrity/search.html", context, status=status)


BULK_ACTIONS = (
    ("invalidate", gettext_lazy("Invalidate")),
    ("validate", gettext_lazy("Validate")),
    ("unsubscribe", gettext_lazy("Stop emails")),
)


@never_cache
@require_POST
@role_required(*STAFF)
def bulk_action(request):
    action = bulk.ACTIONS.get(request.POST.get("action", ""))
    everything = request.POST.get("everything") == "1"
    try:
        if action is None:
            raise selection.SelectionRefused
        chosen = selection.read(
            request.POST.get("selection", ""),
            ids=request.POST.getlist("ids"),
            everything=everything,
        )
    except selection.SelectionRefused:
        return render(request, "integrity/selection_refused.html", status=400)
    chosen, query = chosen
    if not everything and not request.POST.getlist("ids"):
        messages.error(request, _("Choose at least one signature, or all that match."))
    else:
        done = action(chosen, by=request.user, notes=request.POST.get("action", ""))
        messages.success(
            request,
            ngettext(
                "Done: %(count)d signature changed.", "Done: %(count)d signatures changed.", done
            )
            % {"count": done},
        )
    return redirect(f"{reverse('integrity:search')}?{query}")
