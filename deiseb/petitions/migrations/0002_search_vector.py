"""Full-text search on PostgreSQL: English stemming for English text, unaccented words for Welsh.

A trigger keeps the vector current for every writer (services, admin, demo, tests) and fires only
when the text changes, not on the frequent count updates. SQLite keeps the column empty and the
queryset falls back to substring matching.
"""

import django.contrib.postgres.search
from django.db import migrations

FIELDS = (
    "action_en",
    "action_cy",
    "background_en",
    "background_cy",
    "additional_details_en",
    "additional_details_cy",
)

FORWARD = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'deiseb_welsh') THEN
    CREATE TEXT SEARCH CONFIGURATION deiseb_welsh (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION deiseb_welsh
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END $$;
CREATE OR REPLACE FUNCTION petition_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector('english', coalesce(NEW.action_en, '')), 'A')
   || setweight(to_tsvector('deiseb_welsh', coalesce(NEW.action_cy, '')), 'A')
   || setweight(to_tsvector('english', coalesce(NEW.background_en, '')), 'B')
   || setweight(to_tsvector('deiseb_welsh', coalesce(NEW.background_cy, '')), 'B')
   || setweight(to_tsvector('english', coalesce(NEW.additional_details_en, '')), 'C')
   || setweight(to_tsvector('deiseb_welsh', coalesce(NEW.additional_details_cy, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER petition_search_vector
  BEFORE INSERT OR UPDATE OF {", ".join(FIELDS)} ON petitions_petition
  FOR EACH ROW EXECUTE FUNCTION petition_search_vector();
UPDATE petitions_petition SET action_en = action_en;
CREATE INDEX petition_search_vector_gin ON petitions_petition USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS petition_search_vector_gin;
DROP TRIGGER IF EXISTS petition_search_vector ON petitions_petition;
DROP FUNCTION IF EXISTS petition_search_vector();
DROP TEXT SEARCH CONFIGURATION IF EXISTS deiseb_welsh;
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="petition",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, blank=True
            ),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
