"""Full-text index on Organisation.search_document: FTS5 on SQLite, a GIN index on PostgreSQL.

`search_document` already holds folded stems (core/text.py), so both engines only split on spaces.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE directory_organisation_fts USING fts5("
    "search_document, content='directory_organisation', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER directory_organisation_fts_ai AFTER INSERT ON directory_organisation BEGIN "
    "INSERT INTO directory_organisation_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER directory_organisation_fts_ad AFTER DELETE ON directory_organisation BEGIN "
    "INSERT INTO directory_organisation_fts(directory_organisation_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER directory_organisation_fts_au AFTER UPDATE OF search_document ON directory_organisation "
    "WHEN old.search_document IS NOT new.search_document BEGIN "
    "INSERT INTO directory_organisation_fts(directory_organisation_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO directory_organisation_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    "INSERT INTO directory_organisation_fts(directory_organisation_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS directory_organisation_fts_ai",
    "DROP TRIGGER IF EXISTS directory_organisation_fts_ad",
    "DROP TRIGGER IF EXISTS directory_organisation_fts_au",
    "DROP TABLE IF EXISTS directory_organisation_fts",
]
POSTGRESQL = [
    "CREATE INDEX directory_organisation_search ON directory_organisation "
    "USING gin (to_tsvector('simple'::regconfig, search_document))",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS directory_organisation_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_directory_profile")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
