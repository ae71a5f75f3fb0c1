from django.contrib import admin

from deiseb.core.admin import ReadOnlyAdmin
from deiseb.switches.models import CreditedNight, Pause


@admin.register(Pause)
class PauseAdmin(ReadOnlyAdmin):
    """Read-only: pausing and resuming go through the switches page, which audits them."""

    list_display = ["switch", "started_at", "ended_at", "started_by", "ended_by"]
    list_filter = ["switch"]


@admin.register(CreditedNight)
class CreditedNightAdmin(ReadOnlyAdmin):
    list_display = ["night", "petitions", "credited_at"]
