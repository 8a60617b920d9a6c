"""Sitemaps for search engines: articles (with lastmod), sections, tags, authors,
static pages and stories.

Django's sitemap framework splits each into pages of at most 50,000 URLs and
lists the pages in the sitemap index at /sitemap.xml.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from broadsheet.articles.models import Article, Author, Section, Tag
from broadsheet.pages.models import Page
from broadsheet.stories.models import Story
from broadsheet.syndication.identity import modified_at


class SiteSitemap(Sitemap):
    """URLs on SITE_URL, the public address, whatever host the request used."""

    limit = 50_000

    def get_protocol(self, protocol=None):
        return urlparse(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlparse(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    def items(self):
        return Article.objects.published().prefetch_related("updates").order_by("-pk")

    def lastmod(self, article):
        return modified_at(article)


class ListingSitemap(SiteSitemap):
    """The section, tag or author pages that have something published."""

    def __init__(self, model):
        self.model = model

    def items(self):
        live = Article.objects.published()
        return self.model.objects.filter(articles__in=live).distinct().order_by("pk")


class PageSitemap(SiteSitemap):
    def items(self):
        return Page.objects.published().order_by("pk")

    def lastmod(self, page):
        return page.updated_at


class StorySitemap(SiteSitemap):
    """The stories readers may see: those with a published piece."""

    def items(self):
        return Story.objects.public().order_by("pk")

    def lastmod(self, story):
        return story.updated_at


SITEMAPS = {
    "articles": ArticleSitemap(),
    "sections": ListingSitemap(Section),
    "tags": ListingSitemap(Tag),
    "authors": ListingSitemap(Author),
    "pages": PageSitemap(),
    "stories": StorySitemap(),
}
