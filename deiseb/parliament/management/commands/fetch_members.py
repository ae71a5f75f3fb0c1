"""`deiseb fetch_members`: what the scheduler does nightly, run now, from the Senedd's ModernGov
web service (DEISEB_MEMBERS_URL_EN and DEISEB_MEMBERS_URL_CY, or --en and --cy)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from deiseb.parliament import moderngov


class Command(BaseCommand):
    help = "Import the Senedd's sitting members from its ModernGov web service, in both languages."

    def add_arguments(self, parser):
        parser.add_argument("--en", help="The English GetCouncillorsByWard URL.")
        parser.add_argument("--cy", help="The Welsh GetCouncillorsByWard URL.")

    def handle(self, *args, en=None, cy=None, verbosity=1, **options):
        en = en or settings.MEMBERS_URL_EN
        cy = cy or settings.MEMBERS_URL_CY
        if not (en and cy):
            raise CommandError(
                _("Set DEISEB_MEMBERS_URL_EN and DEISEB_MEMBERS_URL_CY, or give --en and --cy.")
            )
        try:
            report = moderngov.import_from_feed(en, cy)
        except moderngov.FeedError as exc:
            raise CommandError(_("Nothing was changed: %(error)s") % {"error": exc}) from exc
        if verbosity:
            for line in report.lines:
                self.stdout.write(line)
