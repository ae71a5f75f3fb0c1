"""Every country has a clean Welsh name, and Welsh pages list them in the Welsh alphabet.

GLOSSARY-cy.md C11 (trailing spaces), C12 (English left in the Welsh list) and section 3 (the
Welsh order: ch, dd, ff, ng, ll, ph, rh, th as letters, with the n-g names kept apart).
"""

import csv
import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.utils import translation

from deiseb.geography.importers import COUNTRIES_FILE, GeographyImporter
from deiseb.geography.models import Country
from deiseb.geography.names import SAME_IN_WELSH, WELSH_NAMES, in_order
from deiseb.signatures.forms import SignatureForm

pytestmark = pytest.mark.django_db
mend = importlib.import_module("deiseb.geography.migrations.0004_country_names_welsh")
_EDITOR = SimpleNamespace(connection=connection)
SENEDD_FILE = settings.DATA_DIR / COUNTRIES_FILE


def senedd_rows():
    if not SENEDD_FILE.is_file():
        pytest.skip(f"settings.DATA_DIR has no {COUNTRIES_FILE}; set DEISEB_DATA_DIR")
    with SENEDD_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def import_senedd_names():
    importer = GeographyImporter(SENEDD_FILE.parent.parent)
    importer.import_countries()


def welsh_order():
    with translation.override("cy"):
        return [c.name_cy for c in in_order(Country.objects.all(), "cy")]


def test_the_migration_mends_an_existing_database():
    """A database imported before the fix: a trailing space, and iso-codes' English."""
    Country.objects.filter(code="CZ").update(name_cy="Tsiecia ")
    Country.objects.filter(code="TF").update(name_cy="French Southern Territories")
    Country.objects.filter(code="PS").update(name_cy="Palestina, Gwladwriaeth")
    mend.mend(django_apps, _EDITOR)
    names = dict(Country.objects.filter(code__in=["CZ", "TF", "PS"]).values_list("code", "name_cy"))
    assert names == {"CZ": "Tsiecia", "TF": "Tiriogaethau Deheuol Ffrainc", "PS": "Palestina"}


def test_an_import_strips_the_senedds_names_and_leaves_no_country_in_english():
    rows = senedd_rows()
    assert any(row["name_cy"] != row["name_cy"].strip() for row in rows), "file already fixed"
    # As 0002 seeded them on a site that never ran 0004: iso-codes' own Welsh, warts and all.
    Country.objects.filter(code="TF").update(name_cy="French Southern Territories")
    Country.objects.filter(code="VG").update(name_cy="Ynysoedd Virgin, Prydeinig")
    import_senedd_names()
    import_senedd_names()  # a second import finds nothing left to rename
    senedd_same = {row["code"] for row in rows if row["name_cy"].strip() == row["name_en"].strip()}
    for country in Country.objects.all():
        assert country.name_cy == country.name_cy.strip() and country.name_cy, country.code
        assert not re.search(r"\s{2}", country.name_cy), country.code
        if country.name_cy == country.name_en:
            assert country.code in senedd_same | SAME_IN_WELSH, (country.code, country.name_cy)
    assert Country.objects.get(code="CZ").name_cy == "Tsiecia"
    assert Country.objects.get(code="CD").name_cy == "Congo (Gweriniaeth Ddemocrataidd)"
    for code, name in WELSH_NAMES.items():
        assert Country.objects.get(code=code).name_cy == name


def test_the_override_table_names_only_countries_the_senedd_leaves_out():
    listed = {row["code"] for row in senedd_rows()}
    assert set(WELSH_NAMES).isdisjoint(listed)
    assert SAME_IN_WELSH.isdisjoint(listed)


def before(names, *pairs):
    return all(names.index(a) < names.index(b) for a, b in pairs)


def test_welsh_pages_sort_by_the_welsh_alphabet():
    import_senedd_names()
    names = welsh_order()
    assert names[:4] == ["Cymru", "Lloegr", "Yr Alban", "Gogledd Iwerddon"]
    assert before(
        names,
        ("Cyprus", "Chad"),  # ch is a letter after c
        ("Cyprus", "Chile"),
        ("Fiet-nam", "Ffiji"),  # ff after f
        ("Ffiji", "Ffrainc"),
        ("De Affrica", "Denmarc"),  # word by word: a space before any letter
        ("De Sudan", "Denmarc"),
        ("Gweriniaeth Canolbarth Affrica", "Gwlad Belg"),
        ("Gwlad Belg", "Gwlad Groeg"),
        ("Gwlad Pwyl", "Gwlad Thai"),
        ("Gwlad yr Iâ", "Gwlad yr Iorddonen"),  # accents ignored: â sorts as a
        ("Y Swistir", "Yr Almaen"),  # the full label, so type-ahead finds Y
        ("Tonga", "Tsieina"),  # China moves to T in Welsh
    )


def test_n_g_said_apart_is_two_letters_and_ng_is_one_elsewhere():
    import_senedd_names()
    names = welsh_order()
    assert before(
        names,
        ("Albania", "Angola"),  # An-gola: n then g
        ("Colombia", "Congo"),
        ("Colombia", "Congo (Gweriniaeth Ddemocrataidd)"),
        ("Monaco", "Mongolia"),
        ("Bangladesh", "Bahrain"),  # Bangladesh keeps the letter ng, which comes before h
    )


def test_english_pages_keep_the_english_order_with_the_nations_first():
    import_senedd_names()
    with translation.override("en"):
        names = [c.name_en for c in in_order(Country.objects.all(), "en")]
    assert names[:4] == ["Wales", "England", "Scotland", "Northern Ireland"]
    assert before(names, ("Chad", "Cyprus"), ("Germany", "Greece"), ("Åland Islands", "Albania"))


def test_the_signing_forms_country_list_follows_the_language():
    import_senedd_names()
    with translation.override("cy"):
        welsh = [label for _, label in SignatureForm().fields["country"].choices]
    with translation.override("en"):
        english = [label for _, label in SignatureForm().fields["country"].choices]
    assert welsh[0] == "Cymru" and english[0] == "Wales"
    assert welsh.index("Chad") > welsh.index("Cyprus")
    assert english.index("Chad") < english.index("Cyprus")
    assert len(welsh) == len(english) == Country.objects.count()
