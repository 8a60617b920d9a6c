import factory
from django.utils.text import slugify

from broadsheet.stories.models import Story, StoryArticle


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ceasefire talks {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Every step of the negotiations."

    @factory.post_generation
    def pieces(self, create, articles):
        for article in articles or []:
            StoryArticle.objects.create(story=self, article=article)
