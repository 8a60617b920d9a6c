"""Static pages (About, Contact, Corrections policy) and the site's menus.

Pages are written in the same Markdown as articles (broadsheet.articles.rendering)
and nest: a page with a parent lives under the parent's address, so the Ethics
page under About is /about/ethics/. This app points at `articles` (the Markdown,
sections in menus); `articles` knows nothing of it.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from broadsheet.articles.rendering import opening_text, render_markdown
from broadsheet.paths import path_to

# First parts of addresses that belong to other apps: a page there would be
# hidden by them (broadsheet/urls.py lists pages last).
RESERVED_SLUGS = {
    "admin",
    "author",
    "feeds",
    "media",
    "news-sitemap.xml",
    "oembed",
    "replies",
    "robots.txt",
    "search",
    "section",
    "sitemap.xml",
    "static",
    "tag",
}
YEAR = re.compile(r"^[0-9]{4}$")


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages the public may read."""
        return self.filter(status=Page.Status.PUBLISHED)


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100, help_text="The last part of the page's address."
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="Nest the page under another: /about/ethics/.",
    )
    path = models.CharField(max_length=500, unique=True, editable=False)
    body = models.TextField(
        help_text="Markdown, as in articles. ![Alt text](image:12) places a "
        "library image."
    )
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    show_dateline = models.BooleanField(
        default=False, help_text="Show when the page was last changed."
    )
    show_byline = models.BooleanField(default=False)
    byline = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["body_html", "path"])
    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        permissions = [("publish_page", "Can publish pages")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        self.path = self.build_path()
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)
        for child in self.children.all():
            child.save()  # their addresses start with ours

    def get_absolute_url(self):
        return path_to("pages:page", self.path)

    @property
    def summary(self) -> str:
        """The first paragraph's plain text, for the page's description."""
        return opening_text(self.body_html)

    def build_path(self) -> str:
        """The page's address below the site root, without slashes at either end."""
        if self.parent is None:
            return self.slug
        return f"{self.parent.build_path()}/{self.slug}"

    def clean(self):
        if self.parent_id is None and (
            self.slug in RESERVED_SLUGS or YEAR.match(self.slug or "")
        ):
            raise ValidationError(
                {"slug": f"/{self.slug}/ belongs to another part of the site."}
            )
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A page cannot sit under itself."})
            ancestor = ancestor.parent
        if self.slug:
            path = self.build_path()
            if Page.objects.filter(path=path).exclude(pk=self.pk).exists():
                raise ValidationError({"slug": f"/{path}/ is taken by another page."})

    def is_live(self):
        return self.status == self.Status.PUBLISHED


class Menu(models.Model):
    """The links of the site header or footer, in the order editors choose."""

    class Place(models.TextChoices):
        HEADER = "header", "Header (replaces the list of sections)"
        FOOTER = "footer", "Footer"

    place = models.CharField(max_length=10, choices=Place.choices, unique=True)

    class Meta:
        ordering = ["place"]

    def __str__(self):
        return self.get_place_display()


class MenuItem(models.Model):
    """One link of a menu: a section, a page or an outside address."""

    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    section = models.ForeignKey(
        "articles.Section", null=True, blank=True, on_delete=models.CASCADE
    )
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.CASCADE)
    url = models.URLField("outside link", blank=True)
    label = models.CharField(
        max_length=100,
        blank=True,
        help_text="Shown as the link. Leave empty for the section's or page's name.",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text()

    def clean(self):
        chosen = [x for x in (self.section_id, self.page_id, self.url) if x]
        if len(chosen) != 1:
            raise ValidationError("Choose exactly one of a section, a page or a link.")
        if self.url and not self.label:
            raise ValidationError({"label": "An outside link needs a label."})

    def text(self) -> str:
        if self.label:
            return self.label
        if self.section_id:
            return self.section.name
        if self.page_id:
            return self.page.title
        return self.url

    def href(self) -> str:
        if self.section_id:
            return self.section.get_absolute_url()
        if self.page_id:
            return self.page.get_absolute_url()
        return self.url
