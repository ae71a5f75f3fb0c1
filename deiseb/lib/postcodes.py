"""UK postcodes: normalise what people type and tell a real format from a typo.

The format rules follow the Royal Mail/ONS pattern (outward code 2–4 characters, inward code
digit + two letters), plus the special GIR 0AA. Whether a postcode exists is a question for the
geography tables, not for this module.
"""

import re

_UK_POSTCODE = re.compile(
    r"^(GIR0AA|"
    r"[A-PR-UWYZ](?:[0-9][0-9A-HJKMNPR-Y]?|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?)"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def normalise(raw: str) -> str:
    """Upper case with no spaces: the form the postcode tables use ("CF10 1AA" -> "CF101AA")."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def is_valid(raw: str) -> bool:
    return bool(_UK_POSTCODE.match(normalise(raw)))


def format_postcode(raw: str) -> str:
    """The display form with a single space before the inward code ("CF101AA" -> "CF10 1AA")."""
    code = normalise(raw)
    if len(code) < 5:
        return code
    return f"{code[:-3]} {code[-3:]}"


def outward_code(raw: str) -> str:
    code = normalise(raw)
    return code[:-3] if len(code) >= 5 else code
