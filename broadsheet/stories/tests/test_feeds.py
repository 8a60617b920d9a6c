"""A story's RSS, Atom and JSON feeds: its published pieces, newest first."""

import json

import feedparser
import pytest

pytestmark = pytest.mark.django_db

FEEDS = ["rss", "atom", "json"]


def parsed(response) -> tuple[str, list[tuple[str, str]]]:
    """(the feed's title, [(title, link)] of its items); feedparser 6 reads
    RSS and Atom, and JSON Feed is JSON."""
    if response["Content-Type"].startswith("application/feed+json"):
        document = json.loads(response.content)
        return document["title"], [(i["title"], i["url"]) for i in document["items"]]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed.feed.title, [(entry.title, entry.link) for entry in feed.entries]


@pytest.mark.parametrize("kind", FEEDS)
def test_each_feed_parses_and_carries_the_published_pieces(client, talks, kind):
    response = client.get(f"/stories/ceasefire-talks/feed/{kind}/")
    assert response.status_code == 200
    title, items = parsed(response)
    assert title == "Broadsheet: Ceasefire talks"
    assert [title for title, _ in items] == [
        "A draft of a deal",
        "Talks open in Geneva",
        "Envoys agree to meet",
    ]
    assert items[0][1] == "http://127.0.0.1:8000" + talks["third"].get_absolute_url()
    body = response.content.decode()
    assert "Unpublished leak" not in body and "Embargoed statement" not in body


def test_the_json_feed_is_json_feed_1_1(client, talks):
    response = client.get("/stories/ceasefire-talks/feed/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == "http://127.0.0.1:8000/stories/ceasefire-talks/"
    assert document["feed_url"] == (
        "http://127.0.0.1:8000/stories/ceasefire-talks/feed/json/"
    )
    assert document["items"][0]["id"].endswith(f":article:{talks['third'].pk}")
    assert document["items"][0]["summary"] == "Both sides sign."


def test_the_story_page_links_its_feeds_in_its_head(client, talks):
    page = client.get("/stories/ceasefire-talks/").content.decode()
    head = page[: page.index("</head>")]
    for kind, media_type in [
        ("rss", "application/rss+xml"),
        ("atom", "application/atom+xml"),
        ("json", "application/feed+json"),
    ]:
        assert f'type="{media_type}" title="Ceasefire talks (' in head
        assert f'href="/stories/ceasefire-talks/feed/{kind}/"' in head


@pytest.mark.parametrize("kind", FEEDS)
def test_a_story_with_nothing_published_has_no_feed(client, talks, kind):
    from broadsheet.stories.tests.factories import StoryFactory

    StoryFactory(slug="secret-summit", pieces=[talks["draft"]])
    assert client.get(f"/stories/secret-summit/feed/{kind}/").status_code == 404
