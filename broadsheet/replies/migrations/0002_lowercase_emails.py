"""Reply addresses are kept lower-case from now on (Reply.save): lower the old ones."""

from django.db import migrations
from django.db.models.functions import Lower


def lower_emails(apps, schema_editor):
    apps.get_model("replies", "Reply").objects.update(email=Lower("email"))


class Migration(migrations.Migration):
    dependencies = [("replies", "0001_initial")]

    operations = [migrations.RunPython(lower_emails, migrations.RunPython.noop)]
