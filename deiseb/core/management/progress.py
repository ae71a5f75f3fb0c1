"""The progress bar the import commands hand to their importers."""

from functools import partial

from django.core.management.base import BaseCommand
from tqdm import tqdm


def progress_bar(command: BaseCommand, verbosity: int) -> partial:
    """A tqdm factory, drawn only for a person at a terminal. The bar goes to the real stderr
    stream: OutputWrapper adds newlines that break it."""
    stream = getattr(command.stderr, "_out", command.stderr)
    show = verbosity > 0 and command.stderr.isatty()
    return partial(tqdm, file=stream, disable=not show, leave=False)
