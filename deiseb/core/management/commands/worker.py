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

    def handle(self, *args, queues, exclude_queues, interval, no_scheduler, **options):
        lanes = select_queues(queues, exclude_queues)
        if not lanes:
            raise CommandError("No queues left to serve.")
        self.stdout.write(
            f"Worker running on queues {','.join(lanes)}; "
            f"scheduler {'off' if no_scheduler else 'on'}"
        )
        self.stdout.flush()
        run_worker(lanes, interval=interval, scheduler=not no_scheduler)
