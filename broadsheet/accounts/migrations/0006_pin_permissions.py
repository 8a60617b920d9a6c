from django.db import migrations

from broadsheet.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_media_permissions"),
        ("articles", "0006_front_pages"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
