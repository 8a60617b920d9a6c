"""The words of the index, for spelling suggestions; on PostgreSQL with a
trigram index (pg_trgm) when this role may install the extension."""

from django.db import migrations, models

from broadsheet.search.engines import postgresql_step


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
        migrations.RunPython(
            postgresql_step("create_trigram_index"), migrations.RunPython.noop
        ),
    ]
