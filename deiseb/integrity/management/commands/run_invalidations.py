from django.core.management.base import BaseCommand

from deiseb.integrity import services
from deiseb.integrity.models import Invalidation


class Command(BaseCommand):
    help = (
        "Run started invalidations to the end here, a batch at a time: for one whose task was "
        "lost. Safe beside a worker running the same one: each batch finds only what is left."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="only these (default: all running)")

    def handle(self, *args, ids, **options):
        running = Invalidation.objects.filter(state=Invalidation.State.RUNNING).order_by("pk")
        if ids:
            running = running.filter(pk__in=ids)
        for invalidation in running:
            while not services.invalidate_next_batch(invalidation.pk):
                invalidation.refresh_from_db()
                self.stdout.write(
                    f"{invalidation.pk}: {invalidation.invalidated_count}"
                    f" of {invalidation.matching_count}"
                )
            invalidation.refresh_from_db()
            self.stdout.write(
                f"{invalidation.pk}: {invalidation.get_state_display()},"
                f" {invalidation.invalidated_count} invalidated"
            )
