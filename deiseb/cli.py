"""The `deiseb` console command: manage.py under a name operators can remember."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deiseb.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
