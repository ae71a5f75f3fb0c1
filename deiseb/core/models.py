"""Plumbing every app shares: the outgoing mail queue and the worker's schedule."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """Every email we send, kept until delivered so a failure is retried and never lost.

    Rows hold addresses, so they are staff-only; log lines name the row id, never the address.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed permanently")

    kind = models.CharField(max_length=60)
    to = models.EmailField(max_length=254)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField()
    # Extra headers for this message, e.g. List-Unsubscribe on updates to signers.
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    # The worker sending it right now: when that worker stops beating, the row is requeued.
    claimed_by = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_due")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class WorkerHeartbeat(models.Model):
    """A running `deiseb worker` process, seen every few seconds while it lives.

    A worker killed with SIGKILL cannot say goodbye; its silence is how the reaper knows to
    take back the emails and tasks it had claimed.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=255)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class ScheduledJob(models.Model):
    """When each periodic task next runs; workers claim a run with a conditional UPDATE."""

    name = models.CharField(max_length=60, primary_key=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
