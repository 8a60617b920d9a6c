"""The search box, WordPress's address, the feed of a search and OpenSearch."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

from broadsheet.articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_every_page_has_a_labelled_search_box_and_opensearch_link(client):
    page = client.get("/").content.decode()
    assert '<form class="masthead__search" role="search" action="/search/"' in page
    assert '<label for="masthead-search">' in page
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" '
        'title="Broadsheet" href="/search/opensearch.xml">'
    ) in page


def test_the_wordpress_search_address_redirects(client):
    response = client.get("/", {"s": "ceasefire talks"})
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=ceasefire+talks"


def test_the_opensearch_description_points_at_the_results_page(client):
    response = client.get("/search/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.content)
    urls = {
        url.get("type"): url.get("template") for url in root.iter(f"{OPENSEARCH}Url")
    }
    assert urls["text/html"] == "http://127.0.0.1:8000/search/?q={searchTerms}"
    assert urls["application/rss+xml"] == (
        "http://127.0.0.1:8000/search/feed/?q={searchTerms}"
    )
    assert root.find(f"{OPENSEARCH}ShortName").text == "Broadsheet"


def test_the_feed_of_a_search_lists_its_newest_matches(client, ceasefire):
    ArticleFactory(headline="Harbour bridge reopens")
    response = client.get("/search/feed/", {"q": "ceasefire"})
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Broadsheet: search for “ceasefire”"
    assert [entry.link for entry in feed.entries] == [
        "http://testserver" + ceasefire.get_absolute_url()
    ]
    assert feed.entries[0].title == ceasefire.headline


def test_the_results_page_links_its_feed(client, ceasefire):
    page = client.get("/search/", {"q": "ceasefire", "section": "world"})
    assert 'href="/search/feed/?q=ceasefire&amp;section=world"' in page.content.decode()


def test_results_are_a_shareable_page_depending_on_listings(client, ceasefire):
    response = client.get("/search/", {"q": "ceasefire"})
    assert response["Cache-Control"].startswith("public")
    assert "listings" in response["Surrogate-Key"].split()


def test_the_feed_summarises_a_match_without_a_dek_from_its_opening(client, db):
    ArticleFactory(
        headline="Ceasefire call set", dek="", body="The ceasefire call is today."
    )
    response = client.get("/search/feed/", {"q": "ceasefire"})
    assert response.status_code == 200
    (entry,) = feedparser.parse(response.content).entries
    assert entry.summary == "The ceasefire call is today."


@pytest.mark.parametrize(
    ("since", "until", "field", "message"),
    [
        ("17/03/2025", "", "since", "Enter a valid date."),
        ("0999-01-01", "", "since", "Give a year from 1800 to 2999."),
        ("2025-03-17", "2025-03-01", "until", "The end date is before the start date."),
    ],
)
def test_a_date_filter_that_cannot_be_used_says_why_next_to_it(
    client, db, since, until, field, message
):
    page = client.get(
        "/search/", {"q": "ceasefire", "since": since, "until": until}
    ).content.decode()
    box = page[page.index(f'<label for="id_{field}">') :]
    box = box[: box.index("</div>")]
    # The reason, tied to the field it is about, and what the reader typed kept.
    assert f'<p class="field__error" id="id_{field}_error">{message}</p>' in box
    assert (
        'aria-invalid="true"' in box and f'aria-describedby="id_{field}_error"' in box
    )
    typed = {"since": since, "until": until}[field]
    assert f'<input type="date" name="{field}" value="{typed}"' in box
    assert f'<a href="#id_{field}">' in page  # the summary at the top links to it


def test_the_filters_options_are_read_again_only_when_a_name_changes(
    db, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.caching.store import purge
    from broadsheet.caching.tests.wsgi_client import get

    article = ArticleFactory(headline="Ceasefire talks resume")
    assert f">{article.section.name}</option>" in get("/search/?q=ceasefire")[2]
    purge([f"replies-{article.pk}"])  # another page's change
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = get("/search/?q=talks")
    assert headers["X-Cache"] == "MISS"
    assert not [q for q in queries if 'FROM "articles_section"' in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        article.section.name = "World affairs"
        article.section.save()
    assert ">World affairs</option>" in get("/search/?q=ceasefire")[2]
