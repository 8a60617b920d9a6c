from django.db import migrations

from broadsheet.accounts.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_page_permissions"),
        ("pages", "0002_menus"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
