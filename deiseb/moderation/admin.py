from django.contrib import admin

from deiseb.moderation.models import RejectionReason


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "title_en", "title_cy", "hidden"]

    def has_delete_permission(self, request, obj=None):
        return False  # rejections refer to them
