"""The search index: an FTS5 table on SQLite, a tsvector table on PostgreSQL.

Neither is a Django model: each engine's table has a shape the ORM cannot
express. The tables start empty: a site upgraded with articles already in it
runs `broadsheet reindex` once (CHANGELOG.md); new articles are indexed as
they are saved.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    from broadsheet.search.engines import create_index

    create_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    from broadsheet.search.engines import drop_index

    drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_listing_indexes")]

    operations = [migrations.RunPython(create_index, drop_index)]
