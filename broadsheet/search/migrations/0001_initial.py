"""The search index: an FTS5 table on SQLite, a tsvector table on PostgreSQL.

Neither is a Django model: each engine's table has a shape the ORM cannot
express. The tables start empty: a site upgraded with articles already in it
runs `broadsheet reindex` once (CHANGELOG.md); new articles are indexed as
they are saved.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from broadsheet.search.engines.postgresql import create_schema

            create_schema(cursor)
        else:
            from broadsheet.search.engines.sqlite import create_table

            create_table(cursor)


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from broadsheet.search.engines.postgresql import drop_schema

            drop_schema(cursor)
        else:
            from broadsheet.search.engines.sqlite import drop_table

            drop_table(cursor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_listing_indexes")]

    operations = [migrations.RunPython(create_index, drop_index)]
