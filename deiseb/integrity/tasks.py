from django_tasks import task

from deiseb.integrity import services, trending


@task()
def run_invalidation(invalidation_id: int) -> bool:
    """One batch, then the next as a fresh task, so other work is not held up behind it."""
    done = services.invalidate_next_batch(invalidation_id)
    if not done:
        run_invalidation.enqueue(invalidation_id)
    return done


@task()
def log_trending() -> dict:
    """Each hour: the last complete hour's trending addresses logged, and floods notified."""
    return trending.log_trending()
