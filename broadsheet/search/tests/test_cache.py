"""Cached result pages are purged when the articles they list change."""

import pytest

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.caching.tests.wsgi_client import get

pytestmark = pytest.mark.django_db


def test_a_cached_results_page_shows_an_article_published_after_it(
    ceasefire, django_capture_on_commit_callbacks
):
    get("/search/?q=ceasefire")
    status, headers, body = get("/search/?q=ceasefire")
    assert headers.get("X-Cache") == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(headline="Ceasefire holds for a second night")
    status, headers, body = get("/search/?q=ceasefire")
    assert headers.get("X-Cache") == "MISS"
    assert "Ceasefire holds for a second night" in body


def test_a_cached_results_page_drops_an_unpublished_article(
    ceasefire, django_capture_on_commit_callbacks
):
    get("/search/?q=ceasefire")
    with django_capture_on_commit_callbacks(execute=True):
        ceasefire.status = Article.Status.DRAFT
        ceasefire.save()
    status, headers, body = get("/search/?q=ceasefire")
    assert ceasefire.headline not in body
