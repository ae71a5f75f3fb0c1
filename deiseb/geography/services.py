"""Placing a signature: which country, and which Senedd constituency, a signer counts for.

Everything here reads local tables only (no network at signing time) and costs at most two
queries (the country list is kept in each process: `countries`), because it runs on every
signature.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext

from deiseb.core.caching import remembered
from deiseb.lib.postcodes import is_valid, normalise

from .models import Constituency, Country, Postcode

# Postcode areas wholly in one nation other than England.
NORTHERN_IRISH_AREAS = frozenset({"BT"})
SCOTTISH_AREAS = frozenset(
    {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"}
)
WHOLLY_WELSH_AREAS = frozenset({"CF", "SA"})
# Areas that straddle the border: only the postcode table can say which side a postcode is on.
PARTLY_WELSH_AREAS = frozenset({"LL", "LD", "NP", "SY", "CH", "HR", "GL"})

_AREA = re.compile(r"[A-Z]{1,2}")


@dataclass(frozen=True)
class Placement:
    country: Country
    constituency: Constituency | None = None


COUNTRIES_KEY = "geography:countries"


def countries() -> dict[str, Country]:
    """Every country by code, kept a moment in each process: every signature names one."""
    return remembered(COUNTRIES_KEY, lambda: {c.code: c for c in Country.objects.all()})


def country(code: str) -> Country:
    """Raises Country.DoesNotExist for an unknown code, as a query would."""
    try:
        return countries()[code]
    except KeyError:
        raise Country.DoesNotExist(code) from None


def postcode_area(postcode: str) -> str:
    """The leading letters of a postcode ("CF101AA" -> "CF", "G11AA" -> "G")."""
    match = _AREA.match(normalise(postcode))
    return match.group() if match else ""


def _today() -> datetime.date:
    # The local date (TIME_ZONE is Europe/London): boundaries change at midnight in Wales.
    return timezone.localdate()


def constituency_for(postcode: str, on: datetime.date | None = None) -> Constituency | None:
    """The constituency in force on a date for a postcode, or None if the table does not know it."""
    code = normalise(postcode)
    if not code:
        return None
    row = (
        Postcode.objects.filter(
            postcode=code, constituency__in=Constituency.objects.in_force(on or _today())
        )
        .select_related("constituency")
        .first()
    )
    return row.constituency if row else None


def postcodes_loaded() -> bool:
    """Whether the postcode table has been imported; without it we count by country only."""
    return Postcode.objects.exists()


def areas_incomplete() -> bool:
    """Whether a constituency lacks its population or outline: a database imported before
    maps existed, which `import_geography --if-empty` should then fill in."""
    return Constituency.objects.filter(Q(population__isnull=True) | Q(outline="")).exists()


def _nation_for_area(area: str) -> str | None:
    """The nation a postcode area lies wholly in; None for the areas that cross the border."""
    if area in NORTHERN_IRISH_AREAS:
        return Country.NORTHERN_IRELAND
    if area in SCOTTISH_AREAS:
        return Country.SCOTLAND
    if area in WHOLLY_WELSH_AREAS:
        return Country.WALES
    if area in PARTLY_WELSH_AREAS:
        return None
    return Country.ENGLAND


def locate(postcode: str, country_code: str, on: datetime.date | None = None) -> Placement:
    """Place a signer from their postcode and the country they picked.

    The postcode table wins over the pick (a Welsh postcode counts for Wales and its
    constituency), because the Committee weighs signatures from within Wales. A UK pick with
    any other postcode counts for the nation its postcode area lies in. A border-area postcode
    that the table does not hold is English, unless the table is not loaded at all: then we
    cannot tell, and a signer who picked Wales keeps Wales. Other countries keep their pick.
    Raises Country.DoesNotExist for an unknown country code.
    """
    code = normalise(postcode)
    constituency = constituency_for(code, on) if code else None
    if constituency is not None:
        return Placement(country(Country.WALES), constituency)

    picked_uk = country_code in {
        Country.WALES,
        Country.ENGLAND,
        Country.SCOTLAND,
        Country.NORTHERN_IRELAND,
    }
    if not (picked_uk and is_valid(code)):
        return Placement(country(country_code))

    nation = _nation_for_area(postcode_area(code))
    if nation is not None:
        return Placement(country(nation))
    if country_code != Country.WALES:
        return Placement(country(Country.ENGLAND))
    # Picked Wales with a border-area postcode the table lacks: Wales only if there is no table.
    # Both candidates and the "loaded" flag come back in one query.
    candidates = Country.objects.filter(code__in=[Country.WALES, Country.ENGLAND]).annotate(
        postcodes_loaded=Exists(Postcode.objects.all())
    )
    by_code = {country.code: country for country in candidates}
    wales = by_code[Country.WALES]
    return Placement(by_code[Country.ENGLAND] if wales.postcodes_loaded else wales)


def geography_status_message() -> str | None:
    """A warning for the admin when postcode data is missing, so staff know to import it."""
    if postcodes_loaded():
        return None
    return gettext(
        "Postcode data is not loaded: signatures are counted by country only. "
        "Run `deiseb import_geography`."
    )
