import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from deiseb.integrity.trending import log_trending


class Command(BaseCommand):
    help = (
        "Log the last two complete hours' trending addresses and notify the webhook (what the "
        "worker runs every hour); --as-of counts the hours before another time, after an outage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="a time such as 2026-11-30T15:00 (default: now)")

    def handle(self, *args, as_of=None, **options):
        now = None
        if as_of:
            now = parse_datetime(as_of)
            if now is None:
                raise CommandError(f"Not a time: {as_of!r}; give one such as 2026-11-30T15:00")
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
            if now > timezone.now() + datetime.timedelta(minutes=1):
                raise CommandError("--as-of is in the future: those hours have not ended")
        done = log_trending(now=now)
        self.stdout.write(f"Logged {done['logged']} trending rows, notified {done['notified']}")
