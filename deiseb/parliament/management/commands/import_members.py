"""`deiseb import_members [DIR]`: load the parties and the February 2025 snapshot of the Sixth
Senedd's 60 members, with their seats and offices.

Run it after `import_geography` (seats point at its constituencies and regions). `--if-empty`
lets `make run` call it on every start: it does nothing once all 60 are in, and only warns when
the data or the geography is missing. (A demo loaded without the data holds only the eight
members its story names; a later run with the data completes the Sixth Senedd around them.)
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deiseb.core.management.progress import progress_bar
from deiseb.geography.importers import DataError
from deiseb.parliament.importers import SNAPSHOT_DATE, MemberImporter, snapshot_loaded


class Command(BaseCommand):
    help = "Import Senedd parties and the 17 February 2025 snapshot of the 60 members."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            help="The open data directory, or its senedd/ folder (default: settings.DATA_DIR).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Skip once all 60 members are loaded; warn only if data or geography is missing.",
        )

    def handle(self, *args, directory=None, if_empty=False, verbosity=1, **options):
        directory = Path(directory or settings.DATA_DIR)
        if if_empty and snapshot_loaded():
            self.stdout.write(_("Members are already loaded; nothing to do (--if-empty)."))
            return
        progress = progress_bar(self, verbosity)
        started = time.monotonic()
        try:
            report = MemberImporter.from_directory(directory, progress=progress).run()
        except DataError as exc:
            if if_empty:
                self.stdout.write(self.style.WARNING(str(exc)))
                self.stdout.write(self.style.WARNING(_("Skipping the import of members.")))
                return
            raise CommandError(str(exc)) from exc
        if verbosity == 0:
            return
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(
            self.style.WARNING(
                _(
                    "The members file is a snapshot of %(date)s. Later changes are not in it "
                    "(for example the Caerphilly seat after Hefin David's death in August 2025 "
                    "and the by-election that October): correct seats and offices in the admin."
                )
                % {"date": date_format(SNAPSHOT_DATE, "j F Y")}
            )
        )
        if not (settings.MEMBERS_URL_EN and settings.MEMBERS_URL_CY):
            self.stdout.write(
                _(
                    "To keep members current, set DEISEB_MEMBERS_URL_EN and "
                    "DEISEB_MEMBERS_URL_CY: the scheduler then imports the Senedd's own list "
                    "nightly (or run deiseb fetch_members)."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Members imported from %(dir)s in %(seconds).1f s.")
                % {"dir": directory, "seconds": time.monotonic() - started}
            )
        )
