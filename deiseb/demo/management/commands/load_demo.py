"""`deiseb load_demo [--if-empty] [--signatures N]`: fill an empty site with the demo's story.

`make run` calls it with `--if-empty` on every start, so it must be quick and must never add a
second copy. It refuses outright unless DEISEB_DEMO is on, because it creates a moderator whose
password is well known (it is printed, and defaults to a fixed value).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from deiseb.demo.builder import (
    DEFAULT_MODERATOR_PASSWORD,
    DEFAULT_SIGNATURES,
    MODERATOR_USERNAME,
    PASSWORD_ENV,
    load_demo,
)
from deiseb.petitions.models import Petition


class Command(BaseCommand):
    help = "Load demo petitions (the reference story and one in every state) and a demo moderator."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any petition exists (what `make run` uses on every start).",
        )
        parser.add_argument(
            "--signatures",
            type=int,
            default=DEFAULT_SIGNATURES,
            help=(
                f"Signers on the reference petition (default {DEFAULT_SIGNATURES}; at least the "
                "referral threshold)."
            ),
        )

    def handle(self, *args, if_empty=False, signatures=DEFAULT_SIGNATURES, verbosity=1, **options):
        if not settings.DEMO:
            raise CommandError(
                "load_demo only runs when DEISEB_DEMO is on: it creates synthetic petitions and "
                "a moderator with a published password."
            )
        # The story is referred to the Committee by the scheduler, as a real petition is, so it
        # needs the signatures that takes.
        if signatures < settings.PETITION_REFERRAL_THRESHOLD:
            raise CommandError(
                f"--signatures must be at least {settings.PETITION_REFERRAL_THRESHOLD:,}, the "
                "referral threshold: the story is referred to the Petitions Committee."
            )
        started = time.monotonic()
        with transaction.atomic():
            if if_empty and Petition.objects.exists():
                self.stdout.write("Petitions already exist; not loading the demo (--if-empty).")
                return
            result = load_demo(signatures=signatures)
        if verbosity == 0:
            return
        story = result.story
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {time.monotonic() - started:.1f} s: {result.petitions} "
                f"petitions, {result.signatures:,} signatures "
                f"({story.signature_count:,} on #{story.pk}, “{story.action_en}”)."
            )
        )
        with translation.override("en"):
            login = f"{settings.SITE_URL}{reverse('accounts:login')}"
        password = (
            f"the value of {PASSWORD_ENV}"
            if result.password_from_env
            else DEFAULT_MODERATOR_PASSWORD
        )
        self.stdout.write(
            self.style.WARNING(
                "Demo moderator (demo only: the password is public, never use it on a real "
                f"site):\n  log in at {login}\n  username: {MODERATOR_USERNAME}\n"
                f"  password: {password}"
            )
        )
