from django.contrib import admin
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deiseb.audit import services as audit
from deiseb.audit.admin import AuditedAdmin
from deiseb.audit.models import AuditEntry
from deiseb.core.admin import ReadOnlyAdmin
from deiseb.core.models import OutboundEmail
from deiseb.notifications.models import PetitionUpdate


@admin.register(PetitionUpdate)
class PetitionUpdateAdmin(ReadOnlyAdmin):
    """Read-only: updates are started from the clerks' page and sent by the worker."""

    list_display = ["created_at", "petition", "debate", "kind", "state", "sent_at"]
    list_filter = ["kind", "state"]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(AuditedAdmin, admin.ModelAdmin):
    """Every app's outgoing email, with an audited retry: here, as core sits below audit."""

    list_display = ["created_at", "kind", "language", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Retry delivery now"))
    def retry(self, request, queryset):
        with transaction.atomic():
            for email in queryset.exclude(status=OutboundEmail.Status.SENT).select_for_update():
                before = email.status
                OutboundEmail.objects.filter(pk=email.pk).update(
                    status=OutboundEmail.Status.QUEUED, next_attempt_at=timezone.now(), attempts=0
                )
                changes = {"status": [before, OutboundEmail.Status.QUEUED]}
                audit.record(request.user, AuditEntry.Action.RETRY_EMAIL, email, changes=changes)
