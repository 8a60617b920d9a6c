"""`broadsheet reindex` builds the whole index anew."""

import io

import pytest
from django.core.management import call_command

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory, SectionFactory
from broadsheet.search.tests.conftest import found

pytestmark = pytest.mark.django_db


def test_reindex_indexes_articles_added_without_signals(client, ceasefire):
    # bulk_create, as generate-data and other bulk loaders do, sends no signals.
    bulk = Article.objects.bulk_create(
        [
            Article(
                headline=f"Grain prices rise in week {n}",
                slug=f"grain-{n}",
                body="Farmers worry.",
                body_html="<p>Farmers worry.</p>",
                status=Article.Status.PUBLISHED,
                published_at=ceasefire.published_at,
                section=SectionFactory(name="Business"),
            )
            for n in range(3)
        ]
    )
    assert found(client, q="grain") == []
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", stdout=out, stderr=err)
    assert out.getvalue().startswith("Indexed 4 articles in ")
    assert err.getvalue() == ""  # no progress bar when not on a terminal
    assert sorted(found(client, q="grain")) == sorted(
        a.get_absolute_url() for a in bulk
    )
    assert found(client, q="ceasefire") == [ceasefire.get_absolute_url()]


def test_reindex_drops_what_is_no_longer_there(client, ceasefire):
    Article.objects.filter(pk=ceasefire.pk).delete()
    call_command("reindex", stdout=io.StringIO())
    assert found(client, q="ceasefire") == []


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_no_rows_of_gone_articles(client, settings):
    # `flush` (also run between transactional tests) empties the articles but
    # not the index; the rows of gone articles must not fill result pages.
    settings.ARTICLES_PER_PAGE = 1
    for n in range(3):
        ArticleFactory(headline=f"Ceasefire report {n}")
    call_command("flush", interactive=False, verbosity=0)
    ArticleFactory(headline="Ceasefire report again", section=SectionFactory())
    page = client.get("/search/", {"q": "ceasefire"}).content.decode()
    assert "Ceasefire report again" in page
    assert 'rel="next"' not in page
