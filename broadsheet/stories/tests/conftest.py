from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.stories.tests.factories import StoryFactory


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def talks(db):
    """A story of three published pieces, a draft and a scheduled one."""
    first = ArticleFactory(
        headline="Envoys agree to meet", dek="A first call.", published_at=days_ago(3)
    )
    second = ArticleFactory(
        headline="Talks open in Geneva", dek="Day one.", published_at=days_ago(2)
    )
    third = ArticleFactory(
        headline="A draft of a deal", dek="Both sides sign.", published_at=days_ago(1)
    )
    draft = ArticleFactory(
        headline="Unpublished leak", status=Article.Status.DRAFT, published_at=None
    )
    scheduled = ArticleFactory(
        headline="Embargoed statement",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    story = StoryFactory(
        name="Ceasefire talks",
        slug="ceasefire-talks",
        pieces=[second, first, draft, third, scheduled],
    )
    return {
        "story": story,
        "first": first,
        "second": second,
        "third": third,
        "draft": draft,
        "scheduled": scheduled,
    }
