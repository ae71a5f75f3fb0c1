import os

from django.core.management.base import BaseCommand, CommandError

from deiseb.core.worker import run_worker, select_queues


class Command(BaseCommand):
    help = "Run background tasks and the schedule (counting, closing, email) without cron."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queues",
            default="*",
            help="Comma-separated queues (default, counting, email…); '*' for all (default). "
            "Each queue gets its own lane, so a slow one never holds up another.",
        )
        parser.add_argument(
            "--exclude-queues", default="", help="Queues to leave to another worker, e.g. counting."
        )
        parser.add_argument("--interval", type=float, default=0.5)
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Only run tasks; another worker schedules."
        )
        parser.add_argument(
            "--nice",
            type=int,
            default=0,
            help="Lower this worker's CPU priority by this much (see nice(1)), so that on a box "
            "it shares with the web tier, a surge's sign POSTs are answered first and the queue "
            "catches up when the web tier is idle.",
        )

    def handle(self, *args, queues, exclude_queues, interval, no_scheduler, nice, **options):
        lanes = select_queues(queues, exclude_queues)
        if not lanes:
            raise CommandError("No queues left to serve.")
        if nice:
            os.nice(nice)
        self.stdout.write(
            f"Worker running on queues {','.join(lanes)}; "
            f"scheduler {'off' if no_scheduler else 'on'}"
        )
        self.stdout.flush()
        run_worker(lanes, interval=interval, scheduler=not no_scheduler)
