"""The country list seeded by migration 0002: the site must work with no data directory."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from deiseb.geography.models import Country

pytestmark = pytest.mark.django_db

seed = importlib.import_module("deiseb.geography.migrations.0002_countries")
# RunPython hands the function a schema editor; the seed only reads its connection, and a real
# one cannot be opened inside the test's transaction on SQLite.
_EDITOR = SimpleNamespace(connection=connection)


def test_uk_nations_lead_with_wales_first():
    first = list(Country.objects.all()[:4])
    assert [c.code for c in first] == ["GB-WLS", "GB-ENG", "GB-SCT", "GB-NIR"]
    assert [c.name_cy for c in first] == ["Cymru", "Lloegr", "Yr Alban", "Gogledd Iwerddon"]
    assert all(c.kind == Country.Kind.UK_NATION and c.is_uk for c in first)
    assert [c.position for c in first] == [1, 2, 3, 4]


def test_every_iso_country_but_gb_follows_alphabetically():
    import pycountry

    rest = Country.objects.exclude(kind=Country.Kind.UK_NATION)
    assert not Country.objects.filter(code="GB").exists()
    assert rest.count() == len(pycountry.countries) - 1
    assert set(rest.values_list("position", flat=True)) == {100}
    names = list(rest.values_list("name_en", flat=True))
    assert names == sorted(names)


def test_welsh_names_and_short_english_names():
    france = Country.objects.get(code="FR")
    assert (france.name_en, france.name_cy) == ("France", "Ffrainc")
    bolivia = Country.objects.get(code="BO")
    assert bolivia.name_en == "Bolivia"
    assert bolivia.name_cy == "Bolifia"


def test_name_follows_the_active_language():
    from django.utils import translation

    france = Country.objects.get(code="FR")
    with translation.override("cy"):
        assert str(france) == "Ffrainc"
    with translation.override("en"):
        assert str(france) == "France"


def test_seeding_again_changes_nothing():
    Country.objects.filter(code="FR").update(name_cy="Ffrainc (edited)")
    before = Country.objects.count()
    seed.seed_countries(django_apps, _EDITOR)
    assert Country.objects.count() == before
    # Existing rows are left alone (an import or an editor may have improved them).
    assert Country.objects.get(code="FR").name_cy == "Ffrainc (edited)"


def test_seeding_an_empty_table_restores_the_list():
    Country.objects.all().delete()
    seed.seed_countries(django_apps, _EDITOR)
    assert Country.objects.get(code="GB-WLS").position == 1
    assert Country.objects.get(code="DE").name_cy == "Yr Almaen"
