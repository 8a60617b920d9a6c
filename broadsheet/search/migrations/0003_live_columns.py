"""PostgreSQL: each index row keeps its article's status, dateline and section,
so a search filters its matches without reading the articles table; the long
columns move out of line as rows are written (`broadsheet reindex`)."""

from django.db import migrations

from broadsheet.search.engines import postgresql_step


class Migration(migrations.Migration):
    dependencies = [("search", "0002_word")]

    operations = [
        migrations.RunPython(
            postgresql_step("add_live_columns"), migrations.RunPython.noop
        )
    ]
