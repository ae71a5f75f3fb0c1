"""`deiseb serve`: the web server (gunicorn + whitenoise) and the workers, stopped together.

Counting runs in a worker process of its own and everything else (signing, email, closing,
housekeeping) in another, one lane per queue: a stalled SMTP server or a flood of mail never
delays the counts. Both run the scheduler (each periodic run is claimed once), so either may
die without the schedule stopping; a worker that dies is started again, and the reaper in the
other takes back what it had claimed.
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

# A worker that dies is started again after this pause, doubled while it keeps dying young.
RESTART_DELAY = 1.0
RESTART_DELAY_MAX = 30.0


def worker_commands() -> list[list[str]]:
    """The worker processes of the documented layout, as argument lists."""
    worker = [sys.executable, "-m", "deiseb", "worker"]
    return [[*worker, "--queues", "counting"], [*worker, "--exclude-queues", "counting"]]


def web_command(bind: str, web_workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "deiseb.wsgi",
        "--bind",
        bind,
        "--workers",
        str(web_workers),
        "--threads",
        "4",
        "--graceful-timeout",
        "5",
    ]


class Supervised:
    """A worker process, started again whenever it exits while we are running."""

    def __init__(self, command: list[str]):
        self.command = command
        self.delay = RESTART_DELAY
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(self.command)
        self.started = time.monotonic()
        self.restart_at = None

    def check(self, out) -> None:
        now = time.monotonic()
        if self.restart_at is None and self.process.poll() is not None:
            lived = now - self.started
            self.delay = RESTART_DELAY if lived > RESTART_DELAY_MAX else self.delay * 2
            self.delay = min(self.delay, RESTART_DELAY_MAX)
            self.restart_at = now + self.delay
            name = " ".join(self.command[2:])
            out.write(f"{name} exited ({self.process.returncode}); restarting it")
        elif self.restart_at is not None and now >= self.restart_at:
            self.start()


class Command(BaseCommand):
    help = "Serve the site with gunicorn and run the background workers; Ctrl-C stops them all."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DEISEB_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2))
        )

    def handle(self, *args, bind, web_workers, **options):
        web = subprocess.Popen(web_command(bind, web_workers))
        workers = [Supervised(command) for command in worker_commands()]
        self.stdout.write(f"Deiseb is at http://{bind}/ — press Ctrl-C to stop.")
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping and web.poll() is None:
                for worker in workers:
                    worker.check(self.stdout)
                time.sleep(0.5)
        finally:
            children = [web, *(worker.process for worker in workers)]
            for child in children:
                if child.poll() is None:
                    child.terminate()
            deadline = time.monotonic() + 15
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
