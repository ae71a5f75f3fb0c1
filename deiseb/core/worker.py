"""Running queued tasks: the long-lived worker with its scheduler, and an inline runner."""

import logging
import threading
import time

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from deiseb.core.scheduler import enqueue_due_jobs

logger = logging.getLogger(__name__)


def make_worker(queues: list[str], *, interval: float = 1.0, batch: bool = False, worker_id: str):
    return Worker(
        queue_names=queues,
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def start_scheduler(stop: threading.Event, tick: float = 1.0) -> threading.Thread:
    """Enqueue periodic jobs every tick in a daemon thread beside the worker loop."""

    def loop():
        while not stop.is_set():
            try:
                enqueue_due_jobs()
            except Exception:
                logger.exception("Scheduler tick failed; trying again")
            finally:
                close_old_connections()
            stop.wait(tick)

    thread = threading.Thread(target=loop, name="deiseb-scheduler", daemon=True)
    thread.start()
    return thread


def run_due_tasks(limit: int = 100_000) -> int:
    """Run every ready task in this process and thread, oldest first; returns how many ran.

    Used by tests and by commands that must finish their work before returning. It calls the
    worker's own run_task, so tasks run exactly as they do in `deiseb worker`.
    """
    worker = make_worker(["*"], interval=0, batch=True, worker_id=f"inline-{time.monotonic_ns()}")
    ran = 0
    while ran < limit:
        result = DBTaskResult.objects.ready().order_by("-priority", "enqueued_at").first()
        if result is None:
            break
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
