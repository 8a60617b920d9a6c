"""Addresses are kept in one normal form from now on (replies/addresses.py):
normalise the stored ones, merging subscriptions that turn out to be one."""

from django.db import migrations
from django.db.models import F

from broadsheet.replies.addresses import normalise


def normalise_addresses(apps, schema_editor):
    Reply = apps.get_model("replies", "Reply")
    for pk, email in Reply.objects.values_list("pk", "email").iterator():
        if normalise(email) != email:
            Reply.objects.filter(pk=pk).update(email=normalise(email))
    Subscription = apps.get_model("replies", "Subscription")
    kept = set()
    for subscription in Subscription.objects.order_by(
        F("confirmed_at").asc(nulls_last=True), "pk"
    ):
        email = normalise(subscription.email)
        if (subscription.article_id, email) in kept:
            subscription.delete()
            continue
        kept.add((subscription.article_id, email))
        if email != subscription.email:
            Subscription.objects.filter(pk=subscription.pk).update(email=email)


class Migration(migrations.Migration):
    dependencies = [("replies", "0004_privacy_requests")]

    operations = [
        migrations.RunPython(normalise_addresses, migrations.RunPython.noop)
    ]
