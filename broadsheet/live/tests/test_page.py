"""The live updates above an article's body, as a reader sees them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.tests.factories import ArticleFactory, AuthorFactory
from broadsheet.live.models import LiveCoverage
from broadsheet.live.tests.factories import CoverageFactory, EntryFactory
from broadsheet.media.tests.factories import library_image

pytestmark = pytest.mark.django_db


def page_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def entry_ids(page):
    return re.findall(r'<article class="entry[^"]*" id="(entry-\d+)"', page)


def test_entries_are_newest_first_with_pinned_ones_on_top(client):
    coverage = CoverageFactory()
    first = EntryFactory(coverage=coverage, text="The call **began**.")
    pinned = EntryFactory(coverage=coverage, text="What we know.", is_pinned=True)
    newest = EntryFactory(coverage=coverage, text="The call ended.")
    page = page_of(client, coverage.article)
    assert entry_ids(page) == [pinned.anchor(), newest.anchor(), first.anchor()]
    assert "<strong>began</strong>" in page
    assert page.index('id="live"') < page.index('class="story__body"')


def test_key_events_link_to_their_entries_newest_first(client):
    coverage = CoverageFactory()
    call = EntryFactory(coverage=coverage, headline="Call begins", is_key_event=True)
    EntryFactory(coverage=coverage, text="Nothing much yet.")
    end = EntryFactory(coverage=coverage, headline="Call ends", is_key_event=True)
    page = page_of(client, coverage.article)
    summary = re.search(r'<nav class="live__key-events".*?</nav>', page, re.S)[0]
    links = re.findall(r'<a href="#(entry-\d+)">.*?</time> ([^<]*)</a>', summary)
    assert links == [(end.anchor(), "Call ends"), (call.anchor(), "Call begins")]


def test_an_open_coverage_loads_the_script_with_the_poll_interval(client, settings):
    settings.LIVE_POLL_SECONDS = 4
    coverage = CoverageFactory()
    page = page_of(client, coverage.article)
    assert f'data-updates-url="/live/{coverage.pk}/entries.json"' in page
    assert 'data-poll-seconds="4"' in page
    assert re.search(r'<script src="[^"]*live/live\.js" defer>', page)
    assert 'aria-live="polite"' in page


def test_an_ended_coverage_says_so_and_polls_no_more(client):
    coverage = CoverageFactory(ended_at=timezone.now() - timedelta(minutes=5))
    EntryFactory(coverage=coverage, text="Last word.")
    page = page_of(client, coverage.article)
    assert "This live coverage has ended." in page
    assert "Last word." in page
    assert "live.js" not in page and "data-updates-url" not in page


def test_coverage_that_has_not_started_is_not_shown(client):
    coverage = CoverageFactory(started_at=timezone.now() + timedelta(hours=1))
    EntryFactory(coverage=coverage, text="Prepared early.")
    response = client.get(coverage.article.get_absolute_url())
    assert "Prepared early." not in response.content.decode()
    # The page is kept no longer than until the coverage starts.
    assert int(re.search(r"s-maxage=(\d+)", response["Cache-Control"])[1]) <= 3600


def test_an_article_without_coverage_shows_no_live_section(client):
    page = page_of(client, ArticleFactory())
    assert 'id="live"' not in page


def test_an_entry_shows_its_author_and_library_image(client):
    author = AuthorFactory(name="Olena Kovalenko")
    image = library_image(alt_text="The Kremlin at night", caption="Moscow")
    coverage = CoverageFactory()
    EntryFactory(coverage=coverage, author=author, image=image)
    page = page_of(client, coverage.article)
    assert ">Olena Kovalenko</a>" in page
    assert 'alt="The Kremlin at night"' in page and "Moscow" in page


def test_the_page_costs_the_same_queries_with_three_or_thirty_entries(
    client, django_assert_max_num_queries
):
    coverage = CoverageFactory()
    author = AuthorFactory()
    for n in range(3):
        EntryFactory(coverage=coverage, author=author, is_key_event=n % 2 == 0)
    with django_assert_max_num_queries(40) as few:
        page_of(client, coverage.article)
    for n in range(27):
        EntryFactory(coverage=coverage, author=author, is_key_event=n % 2 == 0)
    LiveCoverage.objects.get(pk=coverage.pk)  # the same coverage row
    with django_assert_max_num_queries(len(few.captured_queries)):
        page_of(client, coverage.article)
