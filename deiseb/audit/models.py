"""The append-only log of what staff did: who, when, to what, and what it was before."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# What the log keeps instead of a personal value (an email address, a postcode...).
REDACTED = "[redacted]"


def _shown(value) -> str:
    if value == REDACTED:
        return gettext("(personal data, not kept)")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return "–" if value is None or value == "" else str(value)


class AppendOnly(RuntimeError):
    """The audit log is only ever added to."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit entries are append-only")

    def delete(self):
        raise AppendOnly("Audit entries are append-only")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        PUBLISH = "publish", _("Published a petition")
        REJECT = "reject", _("Rejected a petition")
        FLAG = "flag", _("Flagged a petition")
        UNFLAG = "unflag", _("Unflagged a petition")
        RESTORE = "restore", _("Restored a petition")
        EDIT_TEXT = "edit_text", _("Edited a petition's text")
        RECORD_DIVISION = "record_division", _("Recorded a division")
        SCHEDULE_DEBATE = "schedule_debate", _("Marked a debate as scheduled")
        RECORD_OUTCOME = "record_outcome", _("Recorded a debate's outcome")
        EMAIL_SIGNERS = "email_signers", _("Emailed signers")
        ADD = "add", _("Added in the admin")
        CHANGE = "change", _("Changed in the admin")
        DELETE = "delete", _("Deleted in the admin")
        CHANGE_ROLES = "change_roles", _("Changed a user's roles")
        CHANGE_PASSWORD = "change_password", _("Changed a user's password")
        RETRY_EMAIL = "retry_email", _("Retried an email")
        COMPLETE = "complete", _("Marked a petition completed")
        RECORD_NOT_DEBATED = "not_debated", _("Recorded that a petition will not be debated")
        RECORD_RESPONSE = "record_response", _("Recorded the Government's response")
        ARCHIVE = "archive", _("Archived a petition")
        CHANGE_SWITCHES = "change_switches", _("Paused or resumed signing or creating")
        RECORD_PAPER = "record_paper", _("Recorded a paper petition")
        SET_SIGNING_RATES = "set_signing_rates", _("Changed the signing rates")
        ADD_ADDRESS_RULE = "add_address_rule", _("Added to an allow or block list")
        REMOVE_ADDRESS_RULE = "remove_address_rule", _("Removed from an allow or block list")
        START_INVALIDATION = "start_invalidation", _("Started an invalidation")
        CANCEL_INVALIDATION = "cancel_invalidation", _("Cancelled an invalidation")
        BULK_INVALIDATE = "bulk_invalidate", _("Invalidated selected signatures")
        BULK_VALIDATE = "bulk_validate", _("Validated selected signatures")
        BULK_UNSUBSCRIBE = "bulk_unsubscribe", _("Unsubscribed selected signers")
        SEARCH_SIGNATURES = "search_signatures", _("Searched signatures")
        ANONYMISE = "anonymise", _("Anonymised a petition's signers")
        DELETE_UNCONFIRMED = "delete_unconfirmed", _("Deleted unconfirmed signatures")
        PLACE_LEGAL_HOLD = "place_legal_hold", _("Placed a legal hold")
        LIFT_LEGAL_HOLD = "lift_legal_hold", _("Lifted a legal hold")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # The name is kept as it was, so the entry still says who after the account is deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)  # app_label.model
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)  # {f: [b, a]}
    notes = models.TextField(blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit entries are append-only")

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field, before, after) as the page shows them."""
        return [
            (field, _shown(before), _shown(after))
            for field, (before, after) in self.changes.items()
        ]
