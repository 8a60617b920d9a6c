import pytest

from broadsheet.articles.tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    # Most tests post at once; the fill-time and flood tests set their own values.
    settings.REPLIES_MIN_FILL_SECONDS = 0
    settings.REPLIES_FLOOD_SECONDS = 0


@pytest.fixture
def an_article(db):
    return ArticleFactory(headline="Harbour Bridge to close")
