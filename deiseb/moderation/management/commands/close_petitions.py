from django.core.management.base import BaseCommand

from deiseb.moderation.services import close_petitions


class Command(BaseCommand):
    help = "Close petitions that are due, and refer or close as insufficient a day later."

    def handle(self, *args, **options):
        result = close_petitions()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in result.items()))
