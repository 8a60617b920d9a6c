"""PostgreSQL: each index row keeps its article's status, dateline and section,
so a search filters its matches without reading the articles table."""

from django.db import migrations


def add_live_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from broadsheet.search.engines.postgresql import add_live_columns

    with schema_editor.connection.cursor() as cursor:
        add_live_columns(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_word")]

    operations = [migrations.RunPython(add_live_columns, migrations.RunPython.noop)]
