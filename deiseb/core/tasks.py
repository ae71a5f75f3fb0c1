from django_tasks import task

from deiseb.core import emails


@task(queue_name="email")
def deliver_email(email_id: int) -> str:
    return emails.deliver(email_id)


@task(queue_name="email")
def sweep_emails() -> int:
    """Fan out deliveries for mail that is due: retries, and anything a crash left behind."""
    due = emails.due_email_ids()
    for email_id in due:
        deliver_email.enqueue(email_id)
    return len(due)
