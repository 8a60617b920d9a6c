"""What a WordPress import remembers: where each item came from, and the
addresses the old site served.

Depends on `articles`, `replies` and `pages` (an import writes them all); neither knows
of this app. `ImportedItem` makes a re-run idempotent; `OldAddress` keeps old
links working through `broadsheet.migration.middleware`.
"""

import hashlib

from django.db import models
from django.urls import reverse

from broadsheet.articles.models import Article, Author, Section, Tag
from broadsheet.pages.models import Page


def checksum(*values) -> str:
    """A fingerprint of an item as exported, to tell whether it changed."""
    return hashlib.sha1(repr(values).encode("utf-8")).hexdigest()


class ImportedItem(models.Model):
    """One WordPress item and the row it became, keyed by its WordPress ID."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        COMMENT = "comment", "Comment"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        AUTHOR = "author", "Author"
        UPLOAD = "upload", "File in uploads"  # guid: its path under uploads

    kind = models.CharField(max_length=12, choices=Kind.choices)
    wp_id = models.BigIntegerField("WordPress ID")
    guid = models.CharField("GUID", max_length=500, blank=True, db_index=True)
    object_id = models.BigIntegerField(
        null=True, blank=True, help_text="The primary key of what it became."
    )
    parent_wp_id = models.BigIntegerField(
        null=True, blank=True, help_text="A category's parent; a comment's post."
    )
    checksum = models.CharField(max_length=40, help_text="Of the item as exported.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "wp_id"], name="one_item_per_id")
        ]

    def __str__(self):
        return f"WordPress {self.kind} {self.wp_id}"


class OldAddress(models.Model):
    """An address the WordPress site served; a request for it gets a 301."""

    class Target(models.TextChoices):
        PAGE = "page", "The page of what it points at"
        REPLIES_FEED = "replies_feed", "The replies feed of its article"
        FEED = "feed", "The feed of what it points at"

    # The path as the old site served it, with "?p=12" for query-string forms.
    path = models.CharField(max_length=500, unique=True)
    target = models.CharField(max_length=12, choices=Target.choices)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(
        Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name_plural = "old addresses"

    def __str__(self):
        return self.path

    def destination(self, even_unpublished=False) -> str | None:
        """Where the old address lives now, or None if nothing public is there."""
        if self.article_id:
            if not (even_unpublished or self.article.is_live()):
                return None
            if self.target == self.Target.REPLIES_FEED:
                return reverse(
                    "syndication:article_replies_rss", args=[self.article_id]
                )
            return self.article.get_absolute_url()
        if self.page_id:
            return self.page.get_absolute_url() if self.page.is_live() else None
        for name in ("section", "tag", "author"):
            subject = getattr(self, name)
            if subject is not None:
                if self.target == self.Target.FEED:
                    return reverse(f"syndication:{name}_rss", args=[subject.slug])
                return subject.get_absolute_url()
        if self.target == self.Target.REPLIES_FEED:
            return reverse("syndication:replies_rss")
        if self.target == self.Target.FEED:
            return reverse("syndication:rss")
        return None
