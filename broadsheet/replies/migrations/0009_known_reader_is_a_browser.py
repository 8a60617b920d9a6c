"""A known reader is one whose browser wrote an approved reply under the same
name and email (moderation._is_known): the setting's label says so."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('replies', '0008_discussion_thread_count'),
    ]

    operations = [
        migrations.AlterField(
            model_name='discussionsettings',
            name='moderation',
            field=models.CharField(choices=[('hold_all', 'Hold every reply for a moderator'), ('hold_unknown', 'Hold unless the same name and email already have an approved reply from the same browser'), ('auto_approve', 'Approve automatically')], default='hold_unknown', max_length=20),
        ),
    ]
