from django.contrib import admin

from deiseb.core.admin import ReadOnlyAdmin
from deiseb.ratelimits.models import AddressRule, SigningRates


@admin.register(SigningRates)
class SigningRatesAdmin(ReadOnlyAdmin):
    """Read-only: the rates change on the signing rates page, which audits them."""

    list_display = ["__str__", "burst_rate", "sustained_rate", "updated_at", "updated_by"]


@admin.register(AddressRule)
class AddressRuleAdmin(ReadOnlyAdmin):
    """Read-only: entries are added and removed on the signing rates page, which audits them."""

    list_display = ["value", "list", "kind", "note", "created_at", "created_by"]
    list_filter = ["list", "kind"]
