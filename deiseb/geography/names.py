"""Welsh names for the countries the Senedd's own list leaves out, and the Welsh order of them all.

The Senedd's `countries.cy-GB.yml` (shared data `countries/countries_en_cy.csv`) names 203 places.
Migration 0002 seeds every other ISO 3166-1 country from pycountry, whose iso-codes catalogue
has Welsh for most of them. `welsh_name` gives that Welsh, corrected by WELSH_NAMES where
iso-codes has none or reads badly in a list (GLOSSARY-cy.md, C12).

The order is ICU's Welsh collation (CLDR's `cy` tailoring: ch, dd, ff, ng, ll, ph, rh and th are
letters of their own), through PyICU, by the full label so a native <select>'s type-ahead
still finds "Yr Almaen" under Y; the UK nations stay first.
"""

import functools
import gettext

import icu
import pycountry

# Welsh names iso-codes lacks or gives in catalogue order ("Palestina, Gwladwriaeth"), written
# for Deiseb. A translator should confirm them (GLOSSARY-cy.md asks for a professional review).
WELSH_NAMES = {
    "TF": "Tiriogaethau Deheuol Ffrainc",  # iso-codes: untranslated "French Southern Territories"
    "PS": "Palestina",
    "VG": "Ynysoedd Virgin Prydeinig",
    "VI": "Ynysoedd Virgin yr Unol Daleithiau",
    "PN": "Ynysoedd Pitcairn",  # iso-codes: untranslated "Pitcairn"
    "GF": "Guiana Ffrengig",  # iso-codes: "Ffrangeg", which is the language, not the adjective
    "SH": "Saint Helena, Ynys Ascension a Tristan da Cunha",  # not "Dyrchafael" (the feast)
    "SX": "Sint Maarten (rhan Iseldiraidd)",  # lower case, as "Saint Martin (rhan Ffrengig)"
}

# Places whose Welsh name is spelled as the English one: a proper name, not a missing translation.
SAME_IN_WELSH = frozenset(
    {
        "AI",  # Anguilla
        "AQ",  # Antarctica
        "AW",  # Aruba
        "BL",  # Saint Barthélemy
        "BM",  # Bermuda
        "CW",  # Curaçao
        "GP",  # Guadeloupe
        "GU",  # Guam
        "HK",  # Hong Kong
        "MO",  # Macao
        "MQ",  # Martinique
        "MS",  # Montserrat
        "NU",  # Niue
        "PR",  # Puerto Rico
        "RE",  # Réunion
        "TK",  # Tokelau
        "TW",  # Taiwan
        "YT",  # Mayotte
    }
)

# Names where n+g is said n-g (An-gola), so it is two letters, not the Welsh letter ng: read as
# ng, Angola would come before Albania and Congo before Colombia. A combining grapheme joiner
# (U+034F), which collation ignores, keeps ICU from reading the pair as one letter.
SEPARATE_N_G = frozenset({"AO", "CD", "CG", "MN"})
GRAPHEME_JOINER = "\u034f"


@functools.cache
def _iso_welsh() -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["cy"])
    except OSError:  # a pycountry build without its Welsh catalogue
        return gettext.NullTranslations()


def welsh_name(code: str, name_en: str) -> str:
    """The Welsh for a country the Senedd's list lacks: ours, else iso-codes', else the English."""
    if code in WELSH_NAMES:
        return WELSH_NAMES[code]
    return _iso_welsh().gettext(name_en).strip()


@functools.cache
def _collator(language: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("cy" if language == "cy" else "en_GB"))


def sort_key(code: str, name: str, language: str) -> bytes:
    """ICU's key for a country's name in a language, with the n-g names kept apart."""
    if language == "cy" and code in SEPARATE_N_G:
        name = name.replace("ng", "n" + GRAPHEME_JOINER + "g")
    return _collator(language).getSortKey(name)


def in_order(countries, language: str) -> list:
    """Countries by position (UK nations first, Wales leading), then alphabetically in a language.

    Expects Country rows; each is sorted by the name a reader of that language sees.
    """
    name = "name_cy" if language == "cy" else "name_en"
    return sorted(
        countries,
        key=lambda country: (
            country.position,
            sort_key(country.code, getattr(country, name) or country.name_en, language),
        ),
    )
