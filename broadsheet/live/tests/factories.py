"""Live coverage and entries for tests: `covered(article)`, `EntryFactory`."""

from datetime import timedelta

import factory
from django.utils import timezone

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.live.models import Entry, LiveCoverage


class CoverageFactory(factory.django.DjangoModelFactory):
    """Coverage of a published article, started an hour ago and still open."""

    class Meta:
        model = LiveCoverage

    article = factory.SubFactory(ArticleFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    coverage = factory.SubFactory(CoverageFactory)
    text = factory.Sequence(lambda n: f"Update number {n}: the talks go on.")
    posted_at = factory.Sequence(
        lambda n: timezone.now() - timedelta(minutes=50) + timedelta(minutes=n)
    )
