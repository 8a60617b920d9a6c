"""Feeds as feed readers see them: parsed with feedparser, never bozo."""

import json
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
    UpdateFactory,
)
from broadsheet.replies.models import Reply
from broadsheet.replies.tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db

ARTICLE_FEEDS = [
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/section/business/rss/",
    "/feeds/section/business/atom/",
    "/feeds/tag/markets/rss/",
    "/feeds/tag/markets/atom/",
    "/feeds/author/tomas-reyes/rss/",
    "/feeds/author/tomas-reyes/atom/",
]


@pytest.fixture
def newsroom(db):
    business = SectionFactory(name="Business")
    markets = TagFactory(name="Markets")
    tomas = AuthorFactory(name="Tomas Reyes")
    story = ArticleFactory(
        headline="Grain prices fall & millers cheer",
        section=business,
        tags=[markets],
        authors=[tomas],
        dek="Flour should follow.",
        body="Wheat fell **2.1 percent**.\n\n✅ Rainfall\n✅ Freight",
    )
    ArticleFactory(
        headline="Secret draft",
        section=business,
        tags=[markets],
        authors=[tomas],
        status=Article.Status.DRAFT,
    )
    ArticleFactory(
        headline="Embargoed",
        section=business,
        tags=[markets],
        authors=[tomas],
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    return story


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("url", ARTICLE_FEEDS)
def test_article_feeds_parse_with_every_field(client, newsroom, url, settings):
    feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == [
        "Grain prices fall & millers cheer"
    ]
    entry = feed.entries[0]
    # Links come from SITE_URL, whatever host the request named.
    assert entry.link == settings.SITE_URL + newsroom.get_absolute_url()
    assert entry.id == f"tag:127.0.0.1,2025:article:{newsroom.pk}"
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    assert published[:5] == newsroom.published_at.utctimetuple()[:5]
    assert "Flour should follow." in entry.summary
    assert "<strong>2.1 percent</strong>" in entry.content[0].value
    assert '<ul class="checklist">' in entry.content[0].value
    assert {tag.term for tag in entry.tags} == {"Business", "Markets"}
    assert entry.author == "Tomas Reyes"


def test_unpublished_articles_never_appear_in_any_feed(client, newsroom):
    for url in [*ARTICLE_FEEDS, "/feeds/json/"]:
        body = client.get(url).content.decode()
        assert "Secret draft" not in body and "Embargoed" not in body, url


def test_ids_survive_slug_renames_and_edits(client, newsroom):
    before = parse(client, "/feeds/atom/").entries[0].id
    newsroom.slug, newsroom.headline = "renamed", "Grain prices fall, revised"
    newsroom.save()
    after = parse(client, "/feeds/atom/").entries[0]
    assert after.id == before and after.link.endswith("/renamed/")


def test_summary_only_when_full_content_is_off(client, newsroom, settings):
    settings.FEED_FULL_CONTENT = False
    entry = parse(client, "/feeds/atom/").entries[0]
    assert "content" not in entry
    assert entry.summary == "Flour should follow."


def test_updated_date_follows_the_newest_correction(client, newsroom):
    later = timezone.now() + timedelta(minutes=30)
    UpdateFactory(article=newsroom, kind="correction", posted_at=later)
    entry = parse(client, "/feeds/atom/").entries[0]
    assert entry.updated_parsed[:5] == later.utctimetuple()[:5]


def test_json_feed_has_the_required_fields_of_version_1_1(client, newsroom):
    response = client.get("/feeds/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"].endswith("/feeds/json/")
    (item,) = feed["items"]
    assert item["id"] == f"tag:127.0.0.1,2025:article:{newsroom.pk}"
    assert item["url"].endswith(newsroom.get_absolute_url())
    assert item["title"] == newsroom.headline
    assert "<strong>2.1 percent</strong>" in item["content_html"]
    assert item["date_published"] == newsroom.published_at.isoformat()
    assert item["authors"] == [
        {"name": "Tomas Reyes", "url": "http://127.0.0.1:8000/author/tomas-reyes/"}
    ]


def test_reply_feeds_carry_approved_replies_by_name_only(client, newsroom):
    ReplyFactory(
        article=newsroom,
        name="Jonas",
        email="jonas@mail.example",
        text="Good news for bakers.",
    )
    ReplyFactory(article=newsroom, text="Held back.", status=Reply.Status.PENDING)
    ReplyFactory(text="Elsewhere.")
    for url in (
        f"/feeds/replies/{newsroom.pk}/rss/",
        f"/feeds/replies/{newsroom.pk}/atom/",
    ):
        feed = parse(client, url)
        assert [e.title for e in feed.entries] == [f"Jonas on “{newsroom.headline}”"]
        assert "Good news for bakers." in feed.entries[0].summary
        assert feed.entries[0].author == "Jonas"
        assert "jonas@mail.example" not in client.get(url).content.decode()
    site = parse(client, "/feeds/replies/atom/")
    assert len(site.entries) == 2


def test_feeds_of_unknown_things_are_404(client, db):
    for url in (
        "/feeds/section/nope/rss/",
        "/feeds/tag/nope/atom/",
        "/feeds/replies/999/rss/",
    ):
        assert client.get(url).status_code == 404


def test_conditional_get_answers_304(client, newsroom):
    first = client.get("/feeds/rss/")
    assert first["ETag"] and first["Last-Modified"]
    assert (
        client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    )
    since = client.get("/feeds/atom/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    json_first = client.get("/feeds/json/")
    assert (
        client.get("/feeds/json/", HTTP_IF_NONE_MATCH=json_first["ETag"]).status_code
        == 304
    )


def test_every_page_with_a_feed_announces_it(client, newsroom):
    front = client.get("/").content.decode()
    for kind, url in (
        ("rss+xml", "/feeds/rss/"),
        ("atom+xml", "/feeds/atom/"),
        ("feed+json", "/feeds/json/"),
    ):
        assert f'type="application/{kind}"' in front and f'href="{url}"' in front
    section = client.get("/section/business/").content.decode()
    assert 'href="/feeds/section/business/rss/"' in section
    assert (
        'href="/feeds/tag/markets/atom/"'
        in client.get("/tag/markets/").content.decode()
    )
    article = client.get(newsroom.get_absolute_url()).content.decode()
    assert f'href="/feeds/replies/{newsroom.pk}/rss/"' in article
