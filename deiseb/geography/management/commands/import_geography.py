"""`deiseb import_geography [DIR]`: load constituencies, regions, postcodes and country names.

Run it once after `migrate` (and again when new data files arrive). `--if-empty` lets deploy
scripts call it on every start without redoing the work or failing where there is no data;
where the postcodes are in but a constituency lacks its population or map outline (a database
from before the maps), it fills those in and leaves the postcode tables alone.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from deiseb.core.management.progress import progress_bar
from deiseb.geography.importers import DataError, GeographyImporter
from deiseb.geography.services import areas_incomplete, postcodes_loaded


class Command(BaseCommand):
    help = "Import Senedd regions, constituencies, the Welsh postcode table and country names."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            help="The open data directory (default: settings.DATA_DIR).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Do nothing if everything is already loaded, or if the directory is missing; "
                "with postcodes loaded, only fill in missing populations and outlines."
            ),
        )

    def handle(self, *args, directory=None, if_empty=False, verbosity=1, **options):
        directory = Path(directory or settings.DATA_DIR)
        postcodes = True
        if if_empty and postcodes_loaded():
            if not areas_incomplete():
                self.stdout.write(_("Postcodes are already loaded; nothing to do (--if-empty)."))
                return
            self.stdout.write(
                _("Postcodes are already loaded; filling in populations and outlines.")
            )
            postcodes = False
        if not directory.is_dir():
            message = _("The geography data directory %(dir)s does not exist.") % {"dir": directory}
            if if_empty:
                self.stdout.write(self.style.WARNING(message))
                self.stdout.write(
                    self.style.WARNING(_("Skipping the import; signatures count by country only."))
                )
                return
            raise CommandError(message)

        started = time.monotonic()
        try:
            report = GeographyImporter(
                directory, progress=progress_bar(self, verbosity), postcodes=postcodes
            ).run()
        except DataError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity > 0:
            for line in report.lines:
                self.stdout.write(line)
            self.stdout.write(
                self.style.SUCCESS(
                    _("Geography imported from %(dir)s in %(seconds).1f s.")
                    % {"dir": directory, "seconds": time.monotonic() - started}
                )
            )
