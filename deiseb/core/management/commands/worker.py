import threading

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from deiseb.core.worker import make_worker, start_scheduler


class Command(BaseCommand):
    help = "Run background tasks and the schedule (counting, closing, email) without cron."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queues",
            default="*",
            help="Comma-separated queues: default, counting, email; '*' for all (default).",
        )
        parser.add_argument("--interval", type=float, default=0.5)
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Only run tasks; another worker schedules."
        )

    def handle(self, *args, queues, interval, no_scheduler, **options):
        stop = threading.Event()
        if not no_scheduler:
            start_scheduler(stop)
        worker = make_worker(queues.split(","), interval=interval, worker_id=get_random_string(32))
        worker.configure_signals()
        self.stdout.write(
            f"Worker running on queues {queues}; scheduler {'off' if no_scheduler else 'on'}"
        )
        try:
            worker.run()
        finally:
            stop.set()
