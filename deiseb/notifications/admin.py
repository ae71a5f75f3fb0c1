from django.contrib import admin

from deiseb.core.admin import ReadOnlyAdmin
from deiseb.notifications.models import PetitionUpdate


@admin.register(PetitionUpdate)
class PetitionUpdateAdmin(ReadOnlyAdmin):
    """Read-only: updates are started from the clerks' page and sent by the worker."""

    list_display = ["created_at", "petition", "debate", "kind", "state", "sent_at"]
    list_filter = ["kind", "state"]
