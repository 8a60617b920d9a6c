from django.db import migrations

from broadsheet.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("accounts", "0006_pin_permissions"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
