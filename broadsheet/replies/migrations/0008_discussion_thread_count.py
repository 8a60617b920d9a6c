"""Each discussion counts the threads its replies start for readers (approved
replies at the top level, or answering a reply not shown), so that a page of a
long thread knows how many pages there are without counting them on every
render (threads.public_page). Counted here for the discussions there are."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def count_threads(apps, schema_editor):
    # Reply.objects.thread_starts as of this migration.
    Discussion = apps.get_model("replies", "Discussion")
    Reply = apps.get_model("replies", "Reply")
    starts = (
        Reply.objects.filter(article_id=OuterRef("article_id"), status="approved")
        .filter(
            Q(parent__isnull=True) | Q(parent__status__in=["pending", "spam", "trash"])
        )
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Discussion.objects.update(thread_count=Coalesce(Subquery(starts), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0007_reply_text_hash"),
    ]

    operations = [
        migrations.AddField(
            model_name="discussion",
            name="thread_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_threads, migrations.RunPython.noop),
    ]
