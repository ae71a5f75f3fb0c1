from django.core.management.base import BaseCommand

from deiseb.petitions.services import credit_paused_nights


class Command(BaseCommand):
    help = "Give open petitions a day more for each night signing was paused, once a night."

    def handle(self, *args, **options):
        self.stdout.write(f"nights credited: {credit_paused_nights()}")
