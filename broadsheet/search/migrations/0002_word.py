"""The words of the index, for spelling suggestions; on PostgreSQL with a
trigram index (pg_trgm) when this role may install the extension."""

from django.db import migrations, models


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from broadsheet.search.engines.postgresql import create_trigram_index

    with schema_editor.connection.cursor() as cursor:
        create_trigram_index(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Word",
            fields=[
                (
                    "word",
                    models.CharField(max_length=60, primary_key=True, serialize=False),
                ),
            ],
            options={"db_table": "search_word"},
        ),
        migrations.RunPython(add_trigram_index, migrations.RunPython.noop),
    ]
