from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from broadsheet.articles.models import Article, Author, Byline, Section, Tag, Update


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    bio = "Covers the city."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, dated an hour ago unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Council approves plan number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.headline))
    dek = "The vote was close."
    body = "The council met.\n\n## What happens next\n\nWork starts in spring.\n"
    section = factory.SubFactory(SectionFactory, name="City")
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, authors):
        for position, author in enumerate(authors or []):
            Byline.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, tags):
        if tags:
            self.tags.add(*tags)


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Update

    article = factory.SubFactory(ArticleFactory)
    note = "Adds the council's response."
