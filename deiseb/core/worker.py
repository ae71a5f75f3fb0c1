"""Running queued tasks: worker processes, their heartbeats, and taking over from dead ones.

A worker process runs one lane (a worker loop in its own thread) per queue it serves, and
WORKER_SIGNING_LANES for signing, whose attempts mostly wait on the database; so a slow queue
never holds up another: an SMTP server that stalls for EMAIL_TIMEOUT on every
message delays email, not counting, signing or closing. Counting still gets a process of its
own in the documented layout (`deiseb serve` starts it), so nothing in another queue can
starve it of a CPU either.

Every worker process writes a heartbeat row every WORKER_HEARTBEAT_INTERVAL seconds. A worker
killed with SIGKILL stops beating; after WORKER_LOST_AFTER seconds the reaper, a scheduled
task any live worker runs, puts the emails it was sending and the tasks it was running back in
the queue. Every Deiseb task is idempotent (each claims its work with a conditional UPDATE), so
running one again is safe; a task that has now been claimed MAX_CLAIMS times is marked failed
instead, so a task that kills its worker cannot kill every worker in turn.
"""

import logging
import os
import signal
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from deiseb.core import emails
from deiseb.core.errors import database_away_errors
from deiseb.core.models import WorkerHeartbeat
from deiseb.core.scheduler import enqueue_due_jobs

logger = logging.getLogger(__name__)

# A task claimed this many times by workers that then died is marked failed, not run again.
MAX_CLAIMS = 3
# Claims by a runner that keeps no heartbeat (an inline run in a command or a test) are judged
# by age alone: nothing that size still runs after this long.
UNWATCHED_CLAIM_TIMEOUT = timezone.timedelta(minutes=10)
# A lane whose loop failed (the database restarting, say) starts again after this pause.
LANE_RESTART_DELAY = 1.0
# A task that failed because the database went away (a restart, a failover) is run again, as
# every task is idempotent; a signing attempt the site has already acknowledged must not be lost.
DATABASE_RETRY_DELAY = timezone.timedelta(seconds=2)
MAX_DATABASE_RETRIES = 10

_heartbeat = None  # this process's Heartbeat, when it is a worker


def current_worker_id() -> str:
    """The id this process's claims are recorded under; empty outside a worker process."""
    return _heartbeat.worker_id if _heartbeat else ""


def configured_queues() -> list[str]:
    return list(settings.TASKS["default"]["QUEUES"])


def select_queues(queues: str, exclude: str = "") -> list[str]:
    """The queues named on the command line, '*' meaning every configured queue."""
    names = [name.strip() for name in queues.split(",") if name.strip()]
    if "*" in names:
        names = configured_queues()
    excluded = {name.strip() for name in exclude.split(",")}
    return [name for name in names if name not in excluded]


def _met_database_away(exception_class_path: str) -> bool:
    try:
        error = import_string(exception_class_path)
    except ImportError:
        return False
    return isinstance(error, type) and issubclass(error, database_away_errors())


# Tasks whose work commits in the same transaction as the row saying they are done.
_ATOMIC_TASKS: set[str] = set()


def atomic_task(task):
    """Commit what the task does and its own completion together, or neither.

    For a task the site has already promised will happen, such as a signing attempt: a worker
    that dies half-way leaves no trace of it but a claim, which the reaper puts back, so the
    attempt runs again whole. The task's own body must be atomic too, so that a task that
    fails rolls back its work before the failure is recorded.
    """
    _ATOMIC_TASKS.add(task.module_path)
    return task


class Lane(Worker):
    """The library's worker loop, remembering the task in hand if recording its end fails,
    and running again a task that failed only because the database was away for a moment."""

    in_hand: DBTaskResult | None = None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.in_hand = db_task_result
        if db_task_result.task_path in _ATOMIC_TASKS:
            with transaction.atomic():
                super().run_task(db_task_result)
        else:
            super().run_task(db_task_result)
        self.in_hand = None
        if (
            db_task_result.status == TaskResultStatus.FAILED
            and _met_database_away(db_task_result.exception_class_path)
            and len(db_task_result.worker_ids) < MAX_DATABASE_RETRIES
        ):
            logger.warning("Task %s met the database away; queued again", db_task_result.pk)
            DBTaskResult.objects.filter(
                pk=db_task_result.pk, status=TaskResultStatus.FAILED
            ).update(
                status=TaskResultStatus.READY,
                started_at=None,
                finished_at=None,
                run_after=timezone.now() + DATABASE_RETRY_DELAY,
            )


def make_worker(queues: list[str], *, interval: float = 1.0, batch: bool = False, worker_id: str):
    return Lane(
        queue_names=queues,
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


class Heartbeat:
    """This process's row in core_workerheartbeat, and whether it could be written lately."""

    def __init__(self, queues: list[str]):
        self.worker_id = f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"
        self.queues = ",".join(queues)
        self.steady_since: float | None = None  # monotonic time of the first beat after a miss

    def beat(self) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={"last_seen": timezone.now()},
                create_defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "queues": self.queues[:255],
                    "last_seen": timezone.now(),
                },
            )
        except Exception:
            self.steady_since = None
            raise
        if self.steady_since is None:
            self.steady_since = time.monotonic()

    def steady_for(self) -> float:
        """Seconds this process has been beating without a miss (0 while it misses)."""
        return 0.0 if self.steady_since is None else time.monotonic() - self.steady_since

    def forget(self) -> None:
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


def _in_thread(name: str, loop) -> threading.Thread:
    thread = threading.Thread(target=loop, name=name, daemon=True)
    thread.start()
    return thread


def start_heartbeat(heartbeat: Heartbeat, stop: threading.Event) -> threading.Thread:
    def loop():
        while not stop.wait(settings.WORKER_HEARTBEAT_INTERVAL):
            try:
                heartbeat.beat()
            except Exception:
                logger.exception("Heartbeat of worker %s failed; trying again", heartbeat.worker_id)
            finally:
                close_old_connections()
        connection.close()

    return _in_thread("deiseb-heartbeat", loop)


def start_scheduler(stop: threading.Event, tick: float = 1.0) -> threading.Thread:
    """Enqueue periodic jobs every tick in a daemon thread beside the worker loops."""

    def loop():
        while not stop.is_set():
            try:
                enqueue_due_jobs()
            except Exception:
                logger.exception("Scheduler tick failed; trying again")
            finally:
                close_old_connections()
            stop.wait(tick)
        connection.close()

    return _in_thread("deiseb-scheduler", loop)


def _put_back(lane: Lane) -> None:
    """Return a task whose end could not be recorded to the queue, to be run again."""
    if lane.in_hand is not None:
        DBTaskResult.objects.filter(pk=lane.in_hand.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        lane.in_hand = None


def start_lane(lane: Lane, stop: threading.Event) -> threading.Thread:
    """Run a lane until stopped; a failing loop (the database away) is started again."""

    def loop():
        while not stop.is_set():
            try:
                _put_back(lane)
                lane.run()
                return
            except Exception:
                logger.exception("Worker lane %s failed; starting it again", lane.queue_names)
            finally:
                connection.close()
            stop.wait(LANE_RESTART_DELAY)

    return _in_thread(f"deiseb-lane-{','.join(lane.queue_names)}", loop)


def lanes_for(queue: str) -> int:
    """Signing attempts wait on the database, so several run at once; other queues take one."""
    return max(1, settings.WORKER_SIGNING_LANES) if queue == "signing" else 1


def run_worker(queues: list[str], *, interval: float, scheduler: bool) -> None:
    """Serve the queues, one lane each (signing several), until SIGTERM or SIGINT; a second
    signal leaves at once.

    On a clean stop every lane finishes the task in hand and the heartbeat row is removed; on
    a forced one the row is left to go stale, so the reaper takes back what was in hand.
    """
    global _heartbeat
    _heartbeat = Heartbeat(queues)
    _heartbeat.beat()  # before any claim, so every claim belongs to a worker that has beaten
    stop = threading.Event()
    lanes = [
        make_worker([queue], interval=interval, worker_id=_heartbeat.worker_id)
        for queue in queues
        for _lane in range(lanes_for(queue))
    ]

    def shutdown(signum, frame):
        if stop.is_set():
            raise SystemExit(1)
        logger.warning("Received %s: finishing the tasks in hand", signal.strsignal(signum))
        stop.set()
        for lane in lanes:
            lane.running = False

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    start_heartbeat(_heartbeat, stop)
    if scheduler:
        start_scheduler(stop)
    threads = [start_lane(lane, stop) for lane in lanes]
    while any(thread.is_alive() for thread in threads):
        for thread in threads:
            thread.join(timeout=0.5)
    stop.set()
    _heartbeat.forget()


def reap_lost_workers(now=None) -> dict:
    """Take back the claims of workers whose heartbeat stopped; returns what was taken back.

    A worker cannot tell a dead colleague from a database it cannot reach, so a process that
    has itself missed a heartbeat within WORKER_LOST_AFTER reaps nothing yet: after an outage
    every row is stale, and the living need a beat to say so.
    """
    now = now or timezone.now()
    lost_after = timezone.timedelta(seconds=settings.WORKER_LOST_AFTER)
    if _heartbeat and _heartbeat.steady_for() < lost_after.total_seconds():
        return {"workers": 0, "emails": 0, "tasks": 0, "waiting": True}
    cutoff = now - lost_after
    beats = WorkerHeartbeat.objects.all()
    lost = list(beats.filter(last_seen__lt=cutoff).values_list("pk", flat=True))
    alive = set(beats.filter(last_seen__gte=cutoff).values_list("pk", flat=True))
    taken_back = {
        "workers": len(lost),
        "emails": len(emails.release_claims(lost, now)),
        "tasks": _release_tasks(set(lost), alive, now),
    }
    # A worker that beat again since the look above (it was only slow) keeps its row.
    beats.filter(pk__in=lost, last_seen__lt=cutoff).delete()
    if any(taken_back.values()):
        logger.warning("Took back the work of lost workers: %s", taken_back)
    return taken_back


def _release_tasks(lost: set[str], alive: set[str], now) -> int:
    released = 0
    for row in DBTaskResult.objects.running().values("pk", "worker_ids", "started_at", "task_path"):
        claimant = row["worker_ids"][-1] if row["worker_ids"] else ""
        unwatched = claimant not in lost and claimant not in alive
        if claimant in alive or (unwatched and row["started_at"] > now - UNWATCHED_CLAIM_TIMEOUT):
            continue
        claimed = DBTaskResult.objects.filter(
            pk=row["pk"], status=TaskResultStatus.RUNNING, started_at=row["started_at"]
        )
        if len(row["worker_ids"]) >= MAX_CLAIMS:
            logger.error("Task %s (%s) lost its workers: failed", row["pk"], row["task_path"])
            released += claimed.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="deiseb.core.worker.WorkerLost",
                traceback=f"Every worker that claimed it stopped: {', '.join(row['worker_ids'])}",
            )
        else:
            released += claimed.update(status=TaskResultStatus.READY, started_at=None)
    return released


def run_due_tasks(limit: int = 100_000, queues: tuple[str, ...] = ()) -> int:
    """Run every ready task (of these queues, or all) in this process and thread, in the
    queue's order; returns how many ran.

    Used by tests and by commands that must finish their work before returning. It calls the
    worker's own run_task, so tasks run exactly as they do in `deiseb worker`.
    """
    worker = make_worker(["*"], interval=0, batch=True, worker_id=f"inline-{time.monotonic_ns()}")
    ready = DBTaskResult.objects.ready()
    if queues:
        ready = ready.filter(queue_name__in=queues)
    ran = 0
    while ran < limit:
        # The queue's own order (priority, then due time, then age), which its index holds:
        # any other order sorts every ready row for each task taken.
        result = ready.first()
        if result is None:
            break
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
