from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from deiseb.core.models import OutboundEmail, ScheduledJob


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only code may write: imported data and append-only logs."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "language", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Retry delivery now"))
    def retry(self, request, queryset):
        from django.utils import timezone

        queryset.exclude(status=OutboundEmail.Status.SENT).update(
            status=OutboundEmail.Status.QUEUED, next_attempt_at=timezone.now(), attempts=0
        )


admin.site.register(ScheduledJob)
