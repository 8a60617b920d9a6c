"""Every feed the site serves is valid.

The W3C Feed Validation Service's source (w3c/feedvalidator) is not on PyPI
or in Debian, and nothing may be downloaded at run time, so each feed is
checked with feedparser (bozo: not well-formed, or not RSS/Atom) plus the
elements RFC 4287 requires of Atom (section 4.1) and RSS 2.0 of a channel and
its items. See docs/feeds.md.
"""

import json
from xml.etree import ElementTree

import feedparser
import pytest

from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
)
from broadsheet.live.models import LiveCoverage
from broadsheet.live.tests.factories import CoverageFactory, EntryFactory
from broadsheet.replies.tests.factories import ReplyFactory

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def newsroom(db):
    """One article with a byline, one without (as an imported text has none)."""
    business, markets = SectionFactory(name="Business"), TagFactory(name="Markets")
    bylined = ArticleFactory(
        section=business, tags=[markets], authors=[AuthorFactory(name="Tomas Reyes")]
    )
    unsigned = ArticleFactory(section=business, tags=[markets], byline="")
    ReplyFactory(article=unsigned, name="Ada")
    live = CoverageFactory(article=unsigned)
    EntryFactory(coverage=live, author=AuthorFactory(name="Olena Kovalenko"))
    EntryFactory(coverage=live, headline="Unsigned", is_key_event=True)
    return bylined, unsigned


def feed_urls(client):
    """Every feed the pages announce, and the per-scope, reply and live feeds."""
    urls = {"/feeds/json/"}
    for kind in ("rss", "atom"):
        urls |= {
            f"/feeds/{kind}/",
            f"/feeds/section/business/{kind}/",
            f"/feeds/tag/markets/{kind}/",
            f"/feeds/author/tomas-reyes/{kind}/",
            f"/feeds/replies/{kind}/",
        }
        urls |= {f"/feeds/live/{c.pk}/{kind}/" for c in LiveCoverage.objects.all()}
    return sorted(urls)


def check_atom(body, url):
    root = ElementTree.fromstring(body)
    for name in ("id", "title", "updated"):
        assert root.find(ATOM + name) is not None, (url, name)
    feed_has_author = root.find(ATOM + "author") is not None
    entries = root.findall(ATOM + "entry")
    assert entries, url
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(ATOM + name) is not None, (url, name)
        author = entry.find(ATOM + "author")
        assert feed_has_author or (
            author is not None and author.findtext(ATOM + "name")
        ), (url, "an entry without an author in a feed without one")
        has_link = any(
            link.get("rel", "alternate") == "alternate"
            for link in entry.findall(ATOM + "link")
        )
        assert has_link or entry.find(ATOM + "content") is not None, url


def check_rss(body, url):
    channel = ElementTree.fromstring(body).find("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name), (url, name)
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description"), url


def test_every_feed_is_valid(client, newsroom):
    for url in feed_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith("/json/"):
            feed = json.loads(response.content)
            assert feed["version"] == "https://jsonfeed.org/version/1.1"
            assert all(item["id"] for item in feed["items"])
            continue
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        if url.endswith("/atom/"):
            check_atom(response.content, url)
        else:
            check_rss(response.content, url)


def test_an_entry_without_a_byline_names_the_publication(client, newsroom, settings):
    _, unsigned = newsroom
    feed = feedparser.parse(client.get("/feeds/atom/").content)
    entry = next(e for e in feed.entries if e.title == unsigned.headline)
    assert entry.author == settings.SITE_NAME
