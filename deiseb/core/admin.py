from django.contrib import admin

from deiseb.core.models import ScheduledJob


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only code may write: imported data and append-only logs."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ScheduledJob)
