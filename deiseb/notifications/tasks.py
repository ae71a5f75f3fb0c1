from django.utils import timezone
from django_tasks import task

from deiseb.core.emails import RENDER_AHEAD
from deiseb.notifications import own, services


@task(queue_name="email", priority=RENDER_AHEAD)
def send_petition_update(update_id: int) -> bool:
    """One batch, then the next as a fresh task, so other mail is not held up behind it."""
    done = services.send_next_batch(update_id)
    if not done:
        send_petition_update.enqueue(update_id)
    return done


@task(queue_name="email")
def resume_petition_updates() -> int:
    """Restart updates whose worker died: unsent, and no batch finished for a while."""
    stale = services.unsent_updates(stale_before=timezone.now() - services.STALE_UPDATE)
    update_ids = list(stale.values_list("pk", flat=True))
    for update_id in update_ids:
        send_petition_update.enqueue(update_id)
    return len(update_ids)


@task(queue_name="email")
def send_signatures_link(email: str, language: str) -> str:
    """Email one inbox its link to its own signatures; returns what was done, never who."""
    return own.send_link(email, language)
