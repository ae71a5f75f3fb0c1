"""Pausing signing or starting petitions site-wide, and the nights a pause gave back."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PauseQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)


class Pause(models.Model):
    """One spell during which signing, or starting petitions, was paused, and what people saw.

    A row per spell rather than a flag, so the nightly job can tell which midnights signing was
    paused at even if it did not run that night.
    """

    class Switch(models.TextChoices):
        SIGNING = "signing", _("Signing petitions")
        CREATING = "creating", _("Starting petitions")

    switch = models.CharField(max_length=10, choices=Switch.choices)
    message_en = models.TextField(_("message (English)"), max_length=500, blank=True)
    message_cy = models.TextField(_("message (Welsh)"), max_length=500, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PauseQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # Two sysadmins pressing "pause" at once make one pause, not two.
            models.UniqueConstraint(
                fields=["switch"], condition=Q(ended_at__isnull=True), name="one_current_pause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_switch_display()} paused {self.started_at:%Y-%m-%d %H:%M}"

    def message(self, language: str | None = None) -> str:
        """The message in `language` (the page's by default), or the other one if that is empty."""
        welsh = (language or get_language()) == "cy"
        first, second = (
            (self.message_cy, self.message_en) if welsh else (self.message_en, self.message_cy)
        )
        return first or second


class CreditedNight(models.Model):
    """A midnight signing was paused at, and every open petition was given a day back for it.

    The unique night is what makes the nightly job safe to run twice, or on two workers.
    """

    night = models.DateField(unique=True, help_text="The day that began at this midnight.")
    petitions = models.PositiveIntegerField(default=0)
    credited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-night"]

    def __str__(self) -> str:
        return f"{self.night}: {self.petitions}"
