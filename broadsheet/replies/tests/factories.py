import factory

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.models import Reply


class ReplyFactory(factory.django.DjangoModelFactory):
    """An approved reply by a reader with a unique email address."""

    class Meta:
        model = Reply

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@mail.example")
    text = factory.Sequence(lambda n: f"A considered point, number {n}.")
    status = Reply.Status.APPROVED
    ip_address = "203.0.113.9"
