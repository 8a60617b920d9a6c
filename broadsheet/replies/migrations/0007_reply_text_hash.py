"""Each reply's text gets an indexed digest, so that the duplicate check of a
new reply (abuse.is_duplicate) is an index lookup rather than a comparison
with every text on the article. Stored replies are digested here, a batch at
a time, before the index is built.

It also indexes replies by address and status, for the check of a known
reader (moderation._is_known), which SQLite otherwise answers from the status
index, reading every approved reply of the site; and by article, status and
parent, so that a page of a long thread counts its top-level replies from the
index alone (threads.public_page)."""

import hashlib

from django.conf import settings
from django.db import migrations, models


def text_hash(text):
    # models.text_hash as of this migration.
    return hashlib.blake2b(text.strip().encode(), digest_size=16).hexdigest()


def digest_texts(apps, schema_editor):
    Reply = apps.get_model("replies", "Reply")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(
        quote(Reply._meta.db_table), quote("text_hash"), quote("id")
    )
    last = 0
    while True:
        batch = list(
            Reply.objects.using(connection.alias)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "text")[:2000]
        )
        if not batch:
            return
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(text_hash(text), pk) for pk, text in batch])
        last = batch[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_front_pages'),
        ('replies', '0006_reply_pages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='reply',
            name='text_hash',
            field=models.CharField(default='', editable=False, max_length=32),
        ),
        migrations.RunPython(digest_texts, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='reply',
            index=models.Index(fields=['article', 'text_hash'], name='replies_rep_article_6be2f8_idx'),
        ),
        migrations.AddIndex(
            model_name='reply',
            index=models.Index(fields=['email', 'status'], name='replies_rep_email_64a06b_idx'),
        ),
        migrations.AddIndex(
            model_name='reply',
            index=models.Index(fields=['article', 'status', 'parent'], name='replies_rep_article_a6804f_idx'),
        ),
    ]
