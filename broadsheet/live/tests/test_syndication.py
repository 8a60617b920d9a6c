"""An article covered live: LiveBlogPosting JSON-LD and its updates feed."""

import json
import re
from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.utils import timezone

from broadsheet.articles.models import Article, Author
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.articles.tests.reference import HEADLINE, import_reference
from broadsheet.live.models import LiveCoverage
from broadsheet.live.tests.factories import CoverageFactory, EntryFactory

pytestmark = pytest.mark.django_db
# https://schema.org/LiveBlogPosting: its own properties, and what each
# liveBlogUpdate (a BlogPosting) needs for Google's live blog results.
LIVE_BLOG_PROPERTIES = {"coverageStartTime", "liveBlogUpdate"}
UPDATE_PROPERTIES = {"@type", "headline", "articleBody", "datePublished", "url"}


def json_ld(page):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


@pytest.fixture
def reference(db):
    return import_reference(
        "--headline", HEADLINE, "--section", "World", "--author", "Olena Kovalenko"
    )


@pytest.fixture
def covered(reference):
    coverage = LiveCoverage.objects.create(
        article=reference, started_at=timezone.now() - timedelta(hours=2)
    )
    author = Author.objects.get(name="Olena Kovalenko")
    EntryFactory(
        coverage=coverage,
        headline="The call begins",
        text="The two leaders are **on the line**, the Kremlin says.",
        is_key_event=True,
        author=author,
    )
    EntryFactory(coverage=coverage, text="Peskov: the call went well.")
    return coverage


def test_a_live_article_is_a_live_blog_posting(client, covered):
    page = client.get(covered.article.get_absolute_url()).content.decode()
    live, crumbs = json_ld(page)
    assert live["@context"] == "https://schema.org"
    assert live["@type"] == "LiveBlogPosting"
    assert live.keys() >= LIVE_BLOG_PROPERTIES
    assert "coverageEndTime" not in live  # still going on
    assert live["coverageStartTime"] == covered.started_at.isoformat()
    assert live["headline"].startswith("Trump and Putin")
    newest, first = live["liveBlogUpdate"]
    for update in (newest, first):
        assert update.keys() >= UPDATE_PROPERTIES
        assert update["@type"] == "BlogPosting"
        assert update["url"].startswith(live["url"] + "#entry-")
    assert first["headline"] == "The call begins"
    assert first["articleBody"] == "The two leaders are on the line, the Kremlin says."
    assert first["author"]["name"] == "Olena Kovalenko"
    assert newest["headline"] == "Peskov: the call went well."
    assert newest["datePublished"] > first["datePublished"]
    assert live["dateModified"] >= newest["dateModified"]
    assert crumbs["@type"] == "BreadcrumbList"


def test_ended_coverage_carries_its_end_time(client, covered):
    covered.ended_at = timezone.now() - timedelta(minutes=5)
    covered.save()
    page = client.get(covered.article.get_absolute_url()).content.decode()
    live = json_ld(page)[0]
    assert live["@type"] == "LiveBlogPosting"
    assert live["coverageEndTime"] == covered.ended_at.isoformat()


def test_an_article_not_covered_live_stays_a_news_article(client, reference):
    LiveCoverage.objects.create(
        article=ArticleFactory(), started_at=timezone.now() - timedelta(minutes=1)
    )
    page = client.get(reference.get_absolute_url()).content.decode()
    assert json_ld(page)[0]["@type"] == "NewsArticle"
    assert "/feeds/live/" not in page


def test_the_page_head_links_the_updates_feeds(client, covered):
    page = client.get(covered.article.get_absolute_url()).content.decode()
    head = page.split("</head>")[0]
    for kind in ("rss", "atom"):
        assert f'href="/feeds/live/{covered.pk}/{kind}/"' in head


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_updates_feed_carries_each_entry(client, covered, kind):
    response = client.get(f"/feeds/live/{covered.pk}/{kind}/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title.startswith("Live: Trump and Putin")
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Peskov: the call went well.", "The call begins"]
    first = feed.entries[1]
    assert "<strong>on the line</strong>" in first.summary
    assert first.link.endswith(
        covered.article.get_absolute_url() + "#" + covered.entries.last().anchor()
    )
    assert first.link.startswith("http")
    assert first.author == "Olena Kovalenko"
    assert first.id != feed.entries[0].id
    assert "@" not in response.content.decode().replace("xmlns", "")


def test_there_is_no_updates_feed_for_an_article_not_covered(client):
    assert client.get(f"/feeds/live/{ArticleFactory().pk}/rss/").status_code == 404
    draft = CoverageFactory(article=ArticleFactory(status=Article.Status.DRAFT))
    assert client.get(f"/feeds/live/{draft.pk}/atom/").status_code == 404


def test_nothing_of_coverage_is_public_before_it_starts(
    client, django_capture_on_commit_callbacks
):
    start = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        coverage = CoverageFactory(started_at=start)
        EntryFactory(coverage=coverage, text="Prepared before the embargo lifts.")
    addresses = [
        f"/feeds/live/{coverage.pk}/rss/",
        f"/feeds/live/{coverage.pk}/atom/",
        f"/live/{coverage.pk}/entries.json",
    ]
    assert [client.get(url).status_code for url in addresses] == [404, 404, 404]
    assert "embargo" not in client.get(coverage.article.get_absolute_url()).text
    with time_machine.travel(start + timedelta(minutes=1)):
        assert [client.get(url).status_code for url in addresses] == [200, 200, 200]
        assert "embargo lifts" in client.get(addresses[0]).text
