"""Deleting an image deletes its files, once the deletion is committed."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from broadsheet.media.library import delete_files
from broadsheet.media.models import Image


@receiver(post_delete, sender=Image)
def _delete_files(sender, instance, **kwargs):
    transaction.on_commit(lambda: delete_files(instance))
