from django.contrib import admin

from deiseb.core.admin import ReadOnlyAdmin
from deiseb.moderation.models import ModerationAction, RejectionReason


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "title_cy", "hidden"]

    def has_delete_permission(self, request, obj=None):
        return False  # rejections refer to them


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only."""

    list_display = ["created_at", "petition", "action", "by", "state_before", "state_after"]
    list_filter = ["action"]
