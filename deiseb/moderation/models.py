"""Why petitions are rejected, and the append-only record of what moderators did."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from deiseb.petitions.models import Petition


class RejectionReason(models.Model):
    """Seeded from PRODUCT.md by a migration; staff may edit the wording in the admin."""

    INSUFFICIENT = "insufficient"

    code = models.SlugField(max_length=20, primary_key=True)
    title_en = models.CharField(max_length=100)
    title_cy = models.CharField(max_length=100)
    description_en = models.TextField()
    description_cy = models.TextField()
    # A hidden reason (libellous, offensive…) hides the petition and must never be shown publicly.
    hidden = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_cy if get_language() == "cy" else self.title_en

    @property
    def description(self) -> str:
        return self.description_cy if get_language() == "cy" else self.description_en


class Rejection(models.Model):
    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="rejection")
    reason = models.ForeignKey(RejectionReason, on_delete=models.PROTECT)
    details_en = models.TextField(blank=True)
    details_cy = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.reason_id}"

    @property
    def details(self) -> str:
        return (self.details_cy if get_language() == "cy" else self.details_en) or (
            self.details_en or self.details_cy
        )


class ModerationAction(models.Model):
    """Append-only: every state change a person or the scheduler made, and why."""

    class Action(models.TextChoices):
        VALIDATE = "validate", _("Creator confirmed")
        SPONSOR = "sponsor", _("Enough supporters")
        TRANSLATE = "translate", _("Text edited")
        PUBLISH = "publish", _("Published")
        REJECT = "reject", _("Rejected")
        FLAG = "flag", _("Flagged")
        UNFLAG = "unflag", _("Unflagged")
        RESTORE = "restore", _("Restored")
        CLOSE = "close", _("Closed")
        REFER = "refer", _("Referred to the Committee")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state_before = models.CharField(max_length=10)
    state_after = models.CharField(max_length=10)
    notes = models.TextField(blank=True)
    # {field: [before, after]} for a text edit, so the history shows what the text said.
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Moderation actions are append-only")
        super().save(*args, **kwargs)

    @classmethod
    def record(
        cls,
        petition,
        action: str,
        *,
        by=None,
        state_before: str | None = None,
        notes: str = "",
        changes: dict | None = None,
    ) -> "ModerationAction":
        """Write the audit row for a change already made to `petition` (state_after is now)."""
        return cls.objects.create(
            petition=petition,
            action=action,
            by=by,
            state_before=state_before or petition.state,
            state_after=petition.state,
            notes=notes,
            changes=changes or {},
        )
