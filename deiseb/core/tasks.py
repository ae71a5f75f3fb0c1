from django_tasks import task

from deiseb.core import emails
from deiseb.core.worker import current_worker_id, reap_lost_workers


@task(queue_name="email", priority=emails.ONE_PERSON_WAITING)
def deliver_email(email_id: int) -> str:
    return emails.deliver(email_id, worker_id=current_worker_id())


@task(queue_name="email")
def deliver_emails(email_ids: list[int]) -> dict:
    """Send a batch over one SMTP connection; what happened, counted (never who)."""
    return dict(emails.deliver_many(email_ids, worker_id=current_worker_id()))


@task(queue_name="email")
def sweep_emails() -> int:
    """Queue deliveries, in batches, for mail that is due: retries, and anything a crash left
    behind."""
    due = emails.due_email_ids()
    emails.enqueue_deliveries(due)
    return len(due)


@task()
def reap_workers() -> dict:
    """Requeue what dead workers had claimed: on the default queue, so mail never delays it."""
    return reap_lost_workers()


@task()
def prune_task_results() -> int:
    """Finished task rows pile up at one every few seconds; keep a day's worth for debugging.

    Failed ones are kept longer, for an operator to look into, but not for ever: a queued
    signing or "your signatures" attempt carries the signer's email in its arguments.
    """
    from django.conf import settings
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    cutoff = now - timezone.timedelta(hours=settings.TASK_RESULT_RETENTION_HOURS)
    deleted, _ = DBTaskResult.objects.successful().filter(finished_at__lt=cutoff).delete()
    cutoff = now - timezone.timedelta(days=settings.FAILED_TASK_RETENTION_DAYS)
    failed, _ = DBTaskResult.objects.failed().filter(finished_at__lt=cutoff).delete()
    return deleted + failed


@task()
def clear_expired_sessions() -> None:
    """Expired sessions would otherwise stay in the database for ever (staff logins among them)."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
