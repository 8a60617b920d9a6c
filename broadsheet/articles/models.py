"""The newsroom's content: articles, their sections, tags, authors and updates.

This app knows nothing of reader replies, feeds or pages; those apps point at
`Article`, never the other way round. It points at the media library
(`broadsheet.media`): featured images and images named in bodies are library
images, and `media` knows nothing of articles.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from broadsheet import generation
from broadsheet.articles.rendering import opening_text, render_markdown
from broadsheet.generation import remembered
from broadsheet.paths import path_to
from broadsheet.surrogate import LISTINGS


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in the navigation in this order."
    )
    front_position = models.PositiveSmallIntegerField(
        "place on the front page",
        null=True,
        blank=True,
        help_text="Show this section's newest stories on the front page, in this "
        "order (1 first). Empty: not shown there.",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_to("articles:section", self.slug)


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_to("articles:tag", self.slug)


class Author(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    bio = models.TextField("short bio", blank=True, max_length=1000)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account that writes as this author, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_to("articles:author", self.slug)


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles the public may read: not drafts, and their time has come."""
        now = now or timezone.now()
        return self.exclude(status=Article.Status.DRAFT).filter(published_at__lte=now)

    def in_section(self, section):
        return self.filter(section=section)

    def for_listing(self):
        """Everything a listing shows, fetched in a fixed number of queries
        (not the body: a card never shows it)."""
        return self._with_parts().defer("body", "body_html")

    def for_page(self):
        """Everything the article page shows, fetched in a fixed number of queries."""
        return self.with_row_parts().prefetch_related(*page_parts())

    def with_row_parts(self):
        """The article with what is read in its own row's query: its section
        and featured image. (Its bylines, tags and updates take a query each.)"""
        return self.select_related("section", "featured_image").defer(
            "featured_image__metadata"  # the original's EXIF: admin only
        )

    def _with_parts(self):
        return self.with_row_parts().prefetch_related(_bylines())


def _bylines():
    return models.Prefetch("bylines", queryset=Byline.objects.select_related("author"))


def page_parts() -> tuple:
    """The lookups for what an article's page shows besides its row (for
    prefetch_related): its bylines with their authors, its tags, its updates."""
    return (_bylines(), "tags", "updates")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the article's URL."
    )
    dek = models.TextField(
        "dek",
        blank=True,
        max_length=400,
        help_text="The standfirst under the headline.",
    )
    body = models.TextField(
        help_text="Markdown. Lines starting with ✅ form a checklist. "
        "![Alt text](image:12) places library image 12 (the alt text may be left "
        "empty to use the library's)."
    )
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "dateline",
        null=True,
        blank=True,
        db_index=True,
        help_text="The story's date and time. A scheduled article appears then.",
    )
    dateline_place = models.CharField(
        max_length=100, blank=True, help_text='Where the story was filed, e.g. "KYIV".'
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField(
        Author, through="Byline", blank=True, related_name="articles"
    )
    byline = models.CharField(
        "plain byline",
        max_length=100,
        blank=True,
        help_text='Shown when the article has no authors, e.g. "Staff".',
    )
    featured_image = models.ForeignKey(
        "media.Image",
        verbose_name="featured image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="featured_in",
        help_text="From the media library; its alt text, caption and credit go "
        "with it.",
    )
    import_ref = models.CharField(
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Where an imported article came from; re-imports update it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["body_html", "updated_at"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", "Can publish and schedule articles")]
        # Listings read the newest first, the whole site or one section: these
        # keep that an index walk with 100,000 articles (docs/performance.md).
        indexes = [
            models.Index(fields=["published_at", "id"], name="article_newest"),
            models.Index(
                fields=["section", "published_at", "id"], name="article_section_newest"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
        self._remember_old_path()

    def get_absolute_url(self):
        day = timezone.localdate(self.published_at or timezone.now())
        return path_to(
            "articles:detail",
            year=day.year,
            month=f"{day.month:02d}",
            day=f"{day.day:02d}",
            slug=self.slug,
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # As of which purge it was read: what is rendered from it is kept only
        # if nothing was purged since (generation.remembered's read_at).
        article.read_at = generation.current()
        # Only when the path's fields were read: loading one deferred field
        # builds an instance of that field alone, and asking it for the path
        # would load the next deferred field, and so on without end.
        if {"status", "published_at", "slug"}.issubset(field_names):
            article._saved_path = article.public_path()
        return article

    def clean(self):
        if self.status == self.Status.SCHEDULED and not self.published_at:
            raise ValidationError(
                {"published_at": "A scheduled article needs the time it goes live."}
            )
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    def public_path(self):
        """The URL readers know this article by, or None if it was never public."""
        if self.status == self.Status.DRAFT or not self.published_at:
            return None
        return self.get_absolute_url()

    def summary(self) -> str:
        """The dek, or else the plain text of the first paragraph (for
        descriptions and feeds, which shorten it as they need)."""
        return self.dek or opening_text(self.body_html)

    def latest_update(self):
        """The newest update or correction, from the prefetched log if there is one."""
        updates = list(self.updates.all())
        return updates[-1] if updates else None

    def is_live(self, now=None):
        """Whether the public can read the article now."""
        now = now or timezone.now()
        return self.public_path() is not None and self.published_at <= now

    def _remember_old_path(self):
        # A renamed slug or a moved date must not break links readers already have.
        old_path = getattr(self, "_saved_path", None)
        new_path = self.public_path()
        if old_path and new_path != old_path:
            ArticleRedirect.objects.update_or_create(
                old_path=old_path, defaults={"article": self}
            )
        if new_path:
            ArticleRedirect.objects.filter(old_path=new_path).delete()
        self._saved_path = new_path or old_path


def next_publication(now=None):
    """When the next scheduled article is due, or None: asked once per purge
    of `listings` (saving an article purges it), or once that time comes."""
    now = now or timezone.now()
    return remembered(
        "next-publication",
        lambda: (
            Article.objects.exclude(status=Article.Status.DRAFT)
            .filter(published_at__gt=now)
            .aggregate(next=models.Min("published_at"))["next"]
        ),
        still_good=lambda upcoming: upcoming is None or upcoming > now,
        keys=[LISTINGS],
    )


class Byline(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="one_byline_each"
            )
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class Update(models.Model):
    """A dated note appended to an article: new information or a correction."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UPDATE)
    note = models.TextField(max_length=2000)
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["posted_at", "pk"]

    def __str__(self):
        local = timezone.localtime(self.posted_at)
        return f"{self.get_kind_display()} of {local:%Y-%m-%d %H:%M}"


class ArticleRedirect(models.Model):
    """An address an article used to have; requests for it get a 301 to the new one."""

    old_path = models.CharField(max_length=300, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="old_paths"
    )

    def __str__(self):
        return self.old_path


def in_a_day():
    return timezone.now() + timedelta(days=1)


class PinQuerySet(models.QuerySet):
    def active(self, now=None):
        """Pins not yet expired, of articles the public may read now."""
        now = now or timezone.now()
        live = Article.objects.published(now)
        return self.filter(expires_at__gt=now, article__in=live)


class Pin(models.Model):
    """An article an editor placed on the front page or a section front, until
    a time: as the lead story, or among the featured stories under it."""

    class Place(models.TextChoices):
        LEAD = "lead", "Lead story"
        FEATURED = "featured", "Featured story"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pins")
    place = models.CharField(max_length=10, choices=Place.choices)
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pins",
        help_text="Pin on this section's front. Empty: the front page.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Featured stories are shown in this order."
    )
    expires_at = models.DateTimeField(
        "until",
        default=in_a_day,
        help_text="After this the story takes its place by date again.",
    )

    objects = PinQuerySet.as_manager()

    class Meta:
        ordering = ["section_id", "place", "position", "-pk"]

    def __str__(self):
        where = self.section.name if self.section_id else "front page"
        return f"{self.get_place_display()} on the {where}: {self.article}"
