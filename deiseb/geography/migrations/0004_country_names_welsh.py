"""Mend the Welsh country names an existing database already holds (GLOSSARY-cy.md, C11, C12).

Strips the trailing spaces the Senedd's file gave "Tsiecia" and "Congo (Gweriniaeth
Ddemocrataidd)", and gives the countries iso-codes left in English, or in catalogue order, the
Welsh of `deiseb.geography.names.WELSH_NAMES`. `deiseb import_geography` does the same on every
import, with iso-codes' Welsh for the rest.
"""

from django.db import migrations

from deiseb.geography.names import WELSH_NAMES


def mend(apps, schema_editor):
    Country = apps.get_model("geography", "Country")
    countries = Country.objects.using(schema_editor.connection.alias)
    changed = []
    for country in countries.all():
        name_en, name_cy = country.name_en.strip(), country.name_cy.strip()
        name_cy = WELSH_NAMES.get(country.code, name_cy)
        if (name_en, name_cy) != (country.name_en, country.name_cy):
            country.name_en, country.name_cy = name_en, name_cy
            changed.append(country)
    countries.bulk_update(changed, ["name_en", "name_cy"])


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0003_population_outline"),
    ]

    operations = [
        # Nothing to undo: the old names were mistakes, and 0002's reversal keeps rows too.
        migrations.RunPython(mend, migrations.RunPython.noop),
    ]
