"""The sysadmins' signing rates page: the rates, and the allow and block lists.

Never cached: it holds addresses and emails. Each change is audited by its service, and the
worker reads the rates and lists for every attempt, so a change applies to the next signature.
"""

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from deiseb.accounts.roles import SYSADMINS, role_required
from deiseb.ratelimits import services
from deiseb.ratelimits.forms import ALREADY_LISTED, AddressRuleForm, SigningRatesForm
from deiseb.ratelimits.models import AddressRule, SigningRates


def _render(request, *, rates_form=None, rule_form=None, status=200):
    rates = SigningRates.current()
    rules = AddressRule.objects.select_related("created_by")
    context = {
        "rates": rates,
        "rates_form": rates_form or SigningRatesForm(instance=rates),
        "rule_form": rule_form or AddressRuleForm(),
        "lists": [
            (label, [rule for rule in rules if rule.list == value])
            for value, label in AddressRule.List.choices
        ],
    }
    return render(request, "ratelimits/index.html", context, status=status)


@never_cache
@require_safe
@role_required(SYSADMINS)
def index(request):
    return _render(request)


@never_cache
@require_POST
@role_required(SYSADMINS)
def set_rates(request):
    form = SigningRatesForm(request.POST, instance=SigningRates.current())
    if not form.is_valid():
        return _render(request, rates_form=form, status=400)
    if services.set_signing_rates(form.cleaned_data, by=request.user):
        messages.success(request, _("Signing rates saved. The next signature uses them."))
    else:
        messages.info(request, _("Nothing changed."))
    return redirect("ratelimits:index")


@never_cache
@require_POST
@role_required(SYSADMINS)
def add_rule(request):
    form = AddressRuleForm(request.POST)
    if not form.is_valid():
        return _render(request, rule_form=form, status=400)
    try:
        services.add_address_rule(**form.cleaned_data, by=request.user)
    except IntegrityError:  # someone added the same entry a moment ago
        form.add_error("value", ALREADY_LISTED)
        return _render(request, rule_form=form, status=400)
    messages.success(request, _("Added. The next signature is checked against it."))
    return redirect("ratelimits:index")


@never_cache
@require_POST
@role_required(SYSADMINS)
def remove_rule(request, pk):
    services.remove_address_rule(get_object_or_404(AddressRule, pk=pk), by=request.user)
    messages.success(request, _("Removed."))
    return redirect("ratelimits:index")
