"""What staff use to keep a count honest: invalidations by criteria, and trending addresses."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deiseb.geography.models import Constituency, Country
from deiseb.petitions.models import Petition


class Invalidation(models.Model):
    """A moderator's criteria (at least one), the signatures they matched, and the run's progress.

    Started, it strikes out pending and confirmed matches in batches in the background, taking
    them off the counts; cancelled, it stops after the batch in hand.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Not started")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    summary = models.CharField(_("summary"), max_length=255)
    details = models.TextField(_("details"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # The criteria: any of them, at least one.
    petition = models.ForeignKey(
        Petition, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    ip_address = models.CharField(_("IP address or range"), max_length=50, blank=True)
    email = models.CharField(_("email"), max_length=254, blank=True)
    email_domain = models.CharField(_("email domain"), max_length=253, blank=True)
    constituency = models.ForeignKey(
        Constituency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_after = models.DateTimeField(_("signed after"), null=True, blank=True)
    signed_before = models.DateTimeField(_("signed before"), null=True, blank=True)
    # Progress and summary.
    matching_count = models.PositiveIntegerField(default=0)
    invalidated_count = models.PositiveIntegerField(default=0)
    # {petition id: signatures struck out}, written with each batch: the history each petition
    # gets at the end says exactly how many were its own, even after a worker died mid-way.
    counts_by_petition = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.summary


class TrendingAddress(models.Model):
    """An IP address or email domain that signed one petition more than the threshold in an hour."""

    class Kind(models.TextChoices):
        IP = "ip", _("IP address")
        DOMAIN = "domain", _("Email domain")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    value = models.CharField(max_length=253)
    hour = models.DateTimeField()  # the start of the hour counted
    count = models.PositiveIntegerField()
    fraudulent = models.PositiveIntegerField(default=0)  # of which shadow-banned
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-hour", "-count"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "kind", "value", "hour"], name="trending_once_an_hour"
            )
        ]
        indexes = [models.Index(fields=["hour"], name="trending_hour")]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.kind} {self.value}: {self.count}"
