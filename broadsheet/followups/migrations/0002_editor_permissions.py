from django.db import migrations

from broadsheet.accounts.roles import sync_roles


class Migration(migrations.Migration):
    # Editors view and change follow-ups (accounts/roles.py); Administrators
    # hold every permission, those of the calendar feeds too.
    dependencies = [
        ("followups", "0001_initial"),
        ("accounts", "0006_pin_permissions"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
