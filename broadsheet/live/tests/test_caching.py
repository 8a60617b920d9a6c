"""Each live write makes stale exactly what shows it: the article's page, its
JSON and its updates feed, and nothing else (no listing shows live coverage).

Fetched through the production WSGI application, as test_invalidation_rules
in broadsheet/caching does for the other writes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.caching.tests.wsgi_client import get, stale_after
from broadsheet.live.models import LiveCoverage
from broadsheet.live.tests.factories import CoverageFactory, EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    coverage = CoverageFactory(article=ArticleFactory(headline="Call tomorrow"))
    entry = EntryFactory(coverage=coverage, text="Aides arrive.")
    other = CoverageFactory(article=ArticleFactory(headline="Match day"))
    EntryFactory(coverage=other)
    quiet = ArticleFactory(headline="Bridge closes")
    return {
        "coverage": coverage,
        "entry": entry,
        "quiet": quiet,
        "urls": {
            "page": coverage.article.get_absolute_url(),
            "json": f"/live/{coverage.pk}/entries.json",
            "feed": f"/feeds/live/{coverage.pk}/rss/",
            "atom feed": f"/feeds/live/{coverage.pk}/atom/",
            "other page": other.article.get_absolute_url(),
            "other json": f"/live/{other.pk}/entries.json",
            "other feed": f"/feeds/live/{other.pk}/atom/",
            "quiet page": quiet.get_absolute_url(),
            "front page": "/",
            "rss feed": "/feeds/rss/",
        },
    }


def post_entry(site):
    EntryFactory(coverage=site["coverage"], text="The call has begun.")


def edit_entry(site):
    site["entry"].text = "Aides arrive at the Kremlin."
    site["entry"].save()


def delete_entry(site):
    site["entry"].delete()


def end_coverage(site):
    site["coverage"].ended_at = timezone.now()
    site["coverage"].save()


def cover_quiet_article(site):
    LiveCoverage.objects.create(
        article=site["quiet"], started_at=timezone.now() - timedelta(minutes=1)
    )


OURS = {"page", "json", "feed", "atom feed"}
THEIRS = {"other page", "other json", "other feed", "front page", "rss feed"}
RULES = {
    post_entry: (OURS, THEIRS | {"quiet page"}),
    edit_entry: (OURS, THEIRS | {"quiet page"}),
    delete_entry: (OURS, THEIRS | {"quiet page"}),
    end_coverage: (OURS, THEIRS | {"quiet page"}),
    cover_quiet_article: ({"quiet page"}, OURS | THEIRS),
}


@pytest.mark.parametrize("write", RULES, ids=lambda write: write.__name__)
def test_a_live_write_makes_stale_what_shows_it_and_nothing_else(
    site, write, django_capture_on_commit_callbacks
):
    must_change, must_stay = RULES[write]
    stale = stale_after(write, site, django_capture_on_commit_callbacks)
    assert must_change - stale == set()
    assert must_stay & stale == set()


def test_a_posted_entry_is_on_the_page_rendered_after_it(
    site, django_capture_on_commit_callbacks
):
    get(site["urls"]["page"])
    with django_capture_on_commit_callbacks(execute=True):
        post_entry(site)
    assert "The call has begun." in get(site["urls"]["page"])[2]


def test_coverage_ending_later_is_kept_only_until_then(site):
    site["coverage"].ended_at = timezone.now() + timedelta(seconds=90)
    site["coverage"].save()
    for url in (site["urls"]["page"], site["urls"]["json"]):
        headers = get(url)[1]
        max_age = int(headers["Cache-Control"].split("s-maxage=")[1].split(",")[0])
        assert max_age <= 90
