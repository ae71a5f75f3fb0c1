"""The sysadmins' page: the audit log, newest first, filtered and paged."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from deiseb.accounts.roles import SYSADMINS, role_required
from deiseb.audit.forms import AuditFilterForm, object_type_label
from deiseb.audit.models import AuditEntry

PER_PAGE = 50


@never_cache
@require_safe
@role_required(SYSADMINS)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_bound:
        entries = form.filter(entries)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.object_type_label = object_type_label(entry.object_type)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "page_params": f"{params.urlencode()}&" if params else "",
    }
    return render(request, "audit/log.html", context)
