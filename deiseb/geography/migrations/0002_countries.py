"""Seed the country list so signing works before any open data is imported.

Every ISO 3166-1 country comes from pycountry (which bundles the Debian iso-codes data and its
Welsh translations), except GB itself: UK signers pick one of the four nations instead, and
those lead the list with Wales first. `deiseb import_geography` later replaces the names with
the Senedd's own wording where it has one.
"""

import gettext

from django.db import migrations

UK_NATIONS = [
    # code, English, Welsh, position
    ("GB-WLS", "Wales", "Cymru", 1),
    ("GB-ENG", "England", "Lloegr", 2),
    ("GB-SCT", "Scotland", "Yr Alban", 3),
    ("GB-NIR", "Northern Ireland", "Gogledd Iwerddon", 4),
]


def iso_countries():
    """(code, English name, Welsh name) for each ISO country but GB; short names where known."""
    import pycountry

    try:
        welsh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["cy"])
    except OSError:  # no Welsh catalogue in this pycountry build: English everywhere
        welsh = gettext.NullTranslations()
    for country in pycountry.countries:
        if country.alpha_2 == "GB":
            continue
        # "Bolivia", not "Bolivia, Plurinational State of": signers look for the everyday name.
        name_en = getattr(country, "common_name", None) or country.name
        # gettext hands back the English msgid when there is no Welsh, which is the fallback.
        yield country.alpha_2, name_en, welsh.gettext(name_en)


def seed_countries(apps, schema_editor):
    Country = apps.get_model("geography", "Country")
    rows = [
        Country(code=code, name_en=en, name_cy=cy, kind="uk_nation", position=position)
        for code, en, cy, position in UK_NATIONS
    ]
    rows += [
        Country(code=code, name_en=en, name_cy=cy, kind="country", position=100)
        for code, en, cy in iso_countries()
    ]
    # ignore_conflicts: rows someone already created (or imported) are left as they are.
    Country.objects.using(schema_editor.connection.alias).bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0001_initial"),
    ]

    operations = [
        # Reversing leaves the rows: signatures may point at them, and 0001's reversal drops them.
        migrations.RunPython(seed_countries, migrations.RunPython.noop),
    ]
