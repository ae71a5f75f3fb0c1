"""`deiseb serve`: the web server (gunicorn + whitenoise) and the worker, stopped together."""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with gunicorn and run the background worker; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DEISEB_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2))
        )

    def handle(self, *args, bind, web_workers, **options):
        web = [
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
        worker = [sys.executable, "-m", "deiseb", "worker"]
        children = [subprocess.Popen(web), subprocess.Popen(worker)]
        self.stdout.write(f"Deiseb is at http://{bind}/ — press Ctrl-C to stop.")

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            stop()
            deadline = time.monotonic() + 15
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
