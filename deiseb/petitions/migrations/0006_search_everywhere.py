"""Search that finds on both databases: FTS5 with stemming on SQLite, trigrams on PostgreSQL.

On SQLite an FTS5 table indexes every petition's text in both languages with the porter stemmer
over `unicode61` (accents folded), so "dentists" finds "dentist" as PostgreSQL's `english`
configuration does. It reads its text from the petition table (external content) and triggers
keep it in step for every writer; the update trigger fires only when the text changes, not on the
frequent count updates. On PostgreSQL `pg_trgm` gives the duplicate check its similarity.
"""

from django.db import migrations

COLUMNS = (
    "action_en",
    "action_cy",
    "background_en",
    "background_cy",
    "additional_details_en",
    "additional_details_cy",
)
LIST = ", ".join(COLUMNS)
NEW = ", ".join(f"new.{column}" for column in COLUMNS)
OLD = ", ".join(f"old.{column}" for column in COLUMNS)

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE petitions_petition_fts USING fts5(
        {LIST}, content='petitions_petition', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER petitions_petition_fts_insert AFTER INSERT ON petitions_petition BEGIN
        INSERT INTO petitions_petition_fts(rowid, {LIST}) VALUES (new.id, {NEW});
    END""",
    f"""CREATE TRIGGER petitions_petition_fts_delete AFTER DELETE ON petitions_petition BEGIN
        INSERT INTO petitions_petition_fts(petitions_petition_fts, rowid, {LIST})
        VALUES ('delete', old.id, {OLD});
    END""",
    f"""CREATE TRIGGER petitions_petition_fts_update AFTER UPDATE OF {LIST}
        ON petitions_petition BEGIN
        INSERT INTO petitions_petition_fts(petitions_petition_fts, rowid, {LIST})
        VALUES ('delete', old.id, {OLD});
        INSERT INTO petitions_petition_fts(rowid, {LIST}) VALUES (new.id, {NEW});
    END""",
    "INSERT INTO petitions_petition_fts(petitions_petition_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS petitions_petition_fts_update",
    "DROP TRIGGER IF EXISTS petitions_petition_fts_delete",
    "DROP TRIGGER IF EXISTS petitions_petition_fts_insert",
    "DROP TABLE IF EXISTS petitions_petition_fts",
]
POSTGRESQL_FORWARD = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]


def on(vendor, statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("petitions", "0005_retention")]

    operations = [
        migrations.RunPython(on("sqlite", SQLITE_FORWARD), on("sqlite", SQLITE_BACKWARD)),
        # The extension stays on the way back: other databases' objects may use it.
        migrations.RunPython(on("postgresql", POSTGRESQL_FORWARD), migrations.RunPython.noop),
    ]
