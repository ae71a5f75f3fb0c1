from django.core.management.base import BaseCommand

from deiseb.signatures.counting import reconcile_counts


class Command(BaseCommand):
    help = "Recompute counts from the signatures table and repair any drift."

    def handle(self, *args, **options):
        self.stdout.write(f"Repaired {reconcile_counts()} petitions")
