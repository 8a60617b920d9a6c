"""Live coverage of an article: short timestamped entries above its body.

Dependency direction: `live` points at `articles` (the article covered, the
entry's author) and `media` (an entry's image); neither knows of `live`.
`syndication` reads from here (LiveBlogPosting JSON-LD, the updates feed), and
`caching.invalidation` purges `live-<article pk>` when any of it changes.

    coverage = LiveCoverage.objects.create(article=article)
    Entry.objects.create(coverage=coverage, text="The call has **begun**.")
    coverage_for(article)  # the coverage, its entries fetched, or None
"""

import html
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from broadsheet.articles.models import Article, Author
from broadsheet.articles.rendering import render_markdown
from broadsheet.generation import remembered
from broadsheet.surrogate import LIVE


class LiveCoverage(models.Model):
    """An article followed live: open from `started_at` until `ended_at`."""

    # The article's own key, so that `live-<pk>` and every URL name the
    # coverage by the article it covers.
    article = models.OneToOneField(
        Article,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="live_coverage",
    )
    started_at = models.DateTimeField(
        "coverage started",
        default=timezone.now,
        help_text="Readers see the live updates from then on.",
    )
    ended_at = models.DateTimeField(
        "coverage ended",
        null=True,
        blank=True,
        help_text="Set it to close the coverage: readers then see “This live "
        "coverage has ended”. Empty while it goes on.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "live coverage"
        verbose_name_plural = "live coverage"

    def __str__(self):
        return f"Live: {self.article.headline}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def clean(self):
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError(
                {"ended_at": "The coverage cannot end before it started."}
            )

    def has_started(self, now=None) -> bool:
        return self.started_at <= (now or timezone.now())

    def is_open(self, now=None) -> bool:
        """Whether the coverage goes on: started, and not yet ended."""
        now = now or timezone.now()
        return self.has_started(now) and (self.ended_at is None or self.ended_at > now)

    def has_ended(self, now=None) -> bool:
        return self.ended_at is not None and self.ended_at <= (now or timezone.now())

    def next_change(self, now=None):
        """When the coverage starts or ends by the clock alone (a cached page
        showing it is true until then), or None."""
        now = now or timezone.now()
        upcoming = [t for t in (self.started_at, self.ended_at) if t and t > now]
        return min(upcoming, default=None)


class Entry(models.Model):
    """One short update in a live coverage, newest first; pinned ones on top."""

    coverage = models.ForeignKey(
        LiveCoverage, on_delete=models.CASCADE, related_name="entries"
    )
    headline = models.CharField(
        max_length=120,
        blank=True,
        help_text="Optional. Shown above the text and in the key events; empty: "
        "the first words of the text.",
    )
    text = models.TextField(
        max_length=5000,
        help_text="Markdown, as in articles. ![Alt text](image:12) places library "
        "image 12 in the text.",
    )
    text_html = models.TextField(editable=False, default="")
    image = models.ForeignKey(
        "media.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_entries",
        help_text="From the media library, shown under the text.",
    )
    author = models.ForeignKey(
        Author,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_entries",
    )
    is_key_event = models.BooleanField(
        "key event",
        default=False,
        help_text="Listed in the key events summary readers jump through.",
    )
    is_pinned = models.BooleanField(
        "pinned", default=False, help_text="Kept at the top of the updates."
    )
    posted_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-is_pinned", "-posted_at", "-pk"]
        verbose_name = "live entry"
        verbose_name_plural = "live entries"

    def __str__(self):
        return self.title()

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.coverage.article.get_absolute_url()}#{self.anchor()}"

    def anchor(self) -> str:
        return f"entry-{self.pk}"

    def plain_text(self) -> str:
        """The text without markup, for structured data and summaries."""
        text = strip_tags(re.sub(r"</(p|li|h\d|blockquote)>", " ", self.text_html))
        return " ".join(html.unescape(text).split())

    def title(self) -> str:
        """The headline, or else the text's first words."""
        return self.headline or Truncator(self.plain_text()).words(12) or "Update"


def coverage_for(article):
    """The article's live coverage with its entries fetched (kept on the
    article, so the page, its structured data and its head ask once), or None."""
    if not hasattr(article, "_live_coverage"):
        if article.pk not in covered_article_ids():
            article._live_coverage = None
            return None
        coverage = (
            LiveCoverage.objects.filter(article=article)
            .prefetch_related(
                models.Prefetch(
                    "entries",
                    queryset=Entry.objects.select_related("author", "image").defer(
                        "image__metadata"  # the original's EXIF: admin only
                    ),
                )
            )
            .first()
        )
        if coverage is not None:
            coverage.article = article
        article._live_coverage = coverage
    return article._live_coverage


def started_coverage(article):
    """The article's live coverage if it has started, else None: before its
    start nothing of it is public (not the page's entries, the JSON or a feed)."""
    coverage = coverage_for(article)
    return coverage if coverage is not None and coverage.has_started() else None


def covered_article_ids() -> frozenset:
    """The articles that have live coverage, asked once per purge (saving or
    deleting a coverage purges), so a page without any costs no query."""
    return remembered(
        "live-covered-articles",
        lambda: frozenset(LiveCoverage.objects.values_list("pk", flat=True)),
        keys=[LIVE],
    )


def key_events_of(entries):
    """The key events among the entries, newest first (pinned or not)."""
    return sorted(
        (e for e in entries if e.is_key_event), key=lambda e: e.posted_at, reverse=True
    )
