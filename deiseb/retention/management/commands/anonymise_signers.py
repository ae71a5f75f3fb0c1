from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from deiseb.retention import services
from deiseb.signatures.models import Signature


class Command(BaseCommand):
    help = (
        "Delete signatures unconfirmed past UNCONFIRMED_RETENTION_DAYS and anonymise the signers "
        "of every petition finished SIGNER_RETENTION_MONTHS ago (held petitions are skipped)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would go, and change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        unconfirmed = services.unconfirmed_due().count()
        petitions = list(services.due_petitions())
        signers = Signature.objects.filter(petition__in=petitions).count()
        held = services.coming_due().filter(legal_hold=True).count()
        self.stdout.write(
            f"Unconfirmed for more than {settings.UNCONFIRMED_RETENTION_DAYS} days: {unconfirmed}"
        )
        self.stdout.write(
            f"Petitions due ({settings.SIGNER_RETENTION_MONTHS} months after they finished): "
            f"{len(petitions)}, with {signers} signatures; on legal hold: {held}"
        )
        if dry_run:
            for petition in petitions:
                self.stdout.write(f"  would anonymise #{petition.pk} {petition}")
            self.stdout.write("Dry run: nothing changed.")
            return
        with tqdm(
            total=unconfirmed + signers,
            unit="signature",
            file=self.stderr,
            disable=verbosity == 0,
        ) as bar:
            deleted = services.delete_unconfirmed(progress=bar.update)
            done = services.anonymise_due(progress=bar.update)
        self.stdout.write(f"Deleted {deleted} unconfirmed signatures.")
        self.stdout.write(f"Anonymised the signers of {done} petitions.")
