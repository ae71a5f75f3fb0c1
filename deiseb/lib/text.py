"""Checks on free text that every public form shares."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@")
# The largest id a 64-bit database column holds; SQLite refuses to even compare with a larger one.
MAX_ID = 2**63 - 1
_URL = re.compile(r"(https?://|www\.|\b[a-z0-9-]+\.(com|org|net|uk|cymru|wales|io|ru|xyz)\b)", re.I)


def reject_formula(value: str) -> None:
    if value and value.lstrip().startswith(FORMULA_PREFIXES):
        raise ValidationError(_("Text cannot start with =, +, - or @."), code="formula")


def reject_url(value: str) -> None:
    if value and _URL.search(value):
        raise ValidationError(_("A name cannot contain a web address."), code="url")


def positive_int(value: str | None) -> int | None:
    """The number in value if it is plain ASCII digits from 1 to MAX_ID, else None.

    Not str.isdigit() or int() alone: they accept "²", "٣" and " 7 ", which int() or the database
    then refuse with a server error.
    """
    if value and value.isascii() and value.isdigit():
        number = int(value)
        if 0 < number <= MAX_ID:
            return number
    return None


def tidy(value: str) -> str:
    """Collapse runs of spaces and strip control characters people paste by accident."""
    value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value or "")
    return value.strip()
