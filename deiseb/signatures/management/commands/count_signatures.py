from django.core.management.base import BaseCommand

from deiseb.signatures.counting import count_signatures


class Command(BaseCommand):
    help = "Add newly confirmed signatures to the counts (what the worker runs every few seconds)."

    def handle(self, *args, **options):
        self.stdout.write(f"Counted {count_signatures()} signatures")
