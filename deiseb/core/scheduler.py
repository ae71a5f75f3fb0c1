"""Periodic work, run from the worker without cron.

Any number of workers may run the scheduler: each run of a job is claimed by a conditional
UPDATE on its ScheduledJob row, so exactly one worker enqueues it.
"""

import contextlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone
from django.utils.module_loading import import_string

from deiseb.core.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task_path: str
    interval_setting: str

    @property
    def interval(self) -> timezone.timedelta:
        return timezone.timedelta(seconds=getattr(settings, self.interval_setting))


SCHEDULE = (
    Job("count_signatures", "deiseb.signatures.tasks.count_signatures", "COUNT_INTERVAL"),
    Job("close_petitions", "deiseb.moderation.tasks.close_petitions", "CLOSE_INTERVAL"),
    Job("reconcile_counts", "deiseb.signatures.tasks.reconcile_counts", "RECONCILE_INTERVAL"),
    Job(
        "credit_paused_nights",
        "deiseb.petitions.tasks.credit_paused_nights",
        "PAUSED_NIGHTS_INTERVAL",
    ),
    Job("sweep_emails", "deiseb.core.tasks.sweep_emails", "EMAIL_SWEEP_INTERVAL"),
    Job("prune_task_results", "deiseb.core.tasks.prune_task_results", "PRUNE_INTERVAL"),
    Job("reap_workers", "deiseb.core.tasks.reap_workers", "WORKER_REAP_INTERVAL"),
    Job("clear_sessions", "deiseb.core.tasks.clear_expired_sessions", "PRUNE_INTERVAL"),
    Job("prune_rate_counters", "deiseb.ratelimits.tasks.prune_rate_counters", "PRUNE_INTERVAL"),
    Job("log_trending", "deiseb.integrity.tasks.log_trending", "TRENDING_LOG_INTERVAL"),
    Job("apply_retention", "deiseb.retention.tasks.apply_retention", "RETENTION_INTERVAL"),
    Job("fetch_members", "deiseb.parliament.tasks.fetch_members", "MEMBERS_FETCH_INTERVAL"),
    Job(
        "resume_petition_updates",
        "deiseb.notifications.tasks.resume_petition_updates",
        "NOTIFICATION_SWEEP_INTERVAL",
    ),
)


def enqueue_due_jobs(now=None) -> list[str]:
    """Enqueue every job whose time has come; returns the names this call claimed."""
    now = now or timezone.now()
    claimed = []
    for job in SCHEDULE:
        with contextlib.suppress(IntegrityError):  # another worker created it a moment ago
            ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        won = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.interval, last_run_at=now
        )
        if won == 1:
            import_string(job.task_path).enqueue()
            claimed.append(job.name)
    return claimed
