"""Sitemaps, the News sitemap and robots.txt: well-formed, nothing unpublished."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


@pytest.fixture
def site(db):
    live = ArticleFactory(
        headline="Live story",
        tags=[TagFactory(name="Rail")],
        authors=[AuthorFactory(name="Ana Silva")],
    )
    old = ArticleFactory(
        headline="Old story", published_at=timezone.now() - timedelta(days=5)
    )
    ArticleFactory(headline="Draft story", status=Article.Status.DRAFT)
    ArticleFactory(
        headline="Future story",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=3),
    )
    return live, old


def test_index_lists_one_sitemap_per_kind(client, site):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    for kind in ("articles", "sections", "tags", "authors"):
        assert any(loc.endswith(f"/sitemap-{kind}.xml") for loc in locations), kind


def test_article_sitemap_has_lastmod_and_only_published_articles(client, site):
    live, old = site
    root = xml(client, "/sitemap-articles.xml")
    entries = {
        u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod").text
        for u in root.iter(f"{SITEMAP}url")
    }
    assert set(entries) == {
        f"http://127.0.0.1:8000{a.get_absolute_url()}" for a in site
    }
    assert all(entries.values())


def test_listing_sitemaps_name_pages_with_published_articles(client, site):
    sections = [
        loc.text for loc in xml(client, "/sitemap-sections.xml").iter(f"{SITEMAP}loc")
    ]
    assert sections == ["http://127.0.0.1:8000/section/city/"]
    tags = [loc.text for loc in xml(client, "/sitemap-tags.xml").iter(f"{SITEMAP}loc")]
    assert tags == ["http://127.0.0.1:8000/tag/rail/"]
    authors = [
        loc.text for loc in xml(client, "/sitemap-authors.xml").iter(f"{SITEMAP}loc")
    ]
    assert authors == ["http://127.0.0.1:8000/author/ana-silva/"]


def test_news_sitemap_has_the_last_48_hours_with_publication_details(client, site):
    live, _ = site
    root = xml(client, "/news-sitemap.xml")
    urls = list(root.iter(f"{SITEMAP}url"))
    assert len(urls) == 1
    news = urls[0].find(f"{NEWS}news")
    assert urls[0].find(f"{SITEMAP}loc").text.endswith(live.get_absolute_url())
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Broadsheet"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    published = live.published_at.isoformat(timespec="seconds")
    assert news.find(f"{NEWS}publication_date").text == published
    assert news.find(f"{NEWS}title").text == "Live story"
    assert news.find(f"{NEWS}keywords").text == "Rail"


def test_robots_txt_names_the_sitemaps(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body
    assert "Sitemap: http://127.0.0.1:8000/news-sitemap.xml" in body
    assert "Disallow: /admin/" in body
