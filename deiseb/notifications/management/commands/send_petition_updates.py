from django.core.management.base import BaseCommand

from deiseb.notifications import services


class Command(BaseCommand):
    help = "Queue the emails of every update to signers that is not yet all sent, then stop."

    def handle(self, *args, **options):
        updates = list(services.unsent_updates())
        for update in updates:
            batches = services.send_update(update.pk)
            sent = services.progress(update).queued
            self.stdout.write(f"{update}: {sent} emails queued in all ({batches} batches now)")
        self.stdout.write(f"Updates resumed: {len(updates)}")
