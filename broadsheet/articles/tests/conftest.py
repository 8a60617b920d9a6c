import pytest

from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    TagFactory,
)


@pytest.fixture
def an_article(db):
    """A published article with two authors, two tags and an update."""
    article = ArticleFactory(
        authors=[AuthorFactory(name="Ana Silva"), AuthorFactory(name="Ben Cole")],
        tags=[TagFactory(name="Transport"), TagFactory(name="Budget")],
    )
    article.updates.create(note="Adds the mayor's comment.")
    return article
