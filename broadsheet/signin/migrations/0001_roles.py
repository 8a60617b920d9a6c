from django.db import migrations

from broadsheet.accounts.roles import sync_roles


class Migration(migrations.Migration):
    # Administrators hold every permission: those of the lockouts and of the
    # two-factor devices too, so they can lift one or reset a lost phone.
    dependencies = [
        ("accounts", "0002_moderator_permissions"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
