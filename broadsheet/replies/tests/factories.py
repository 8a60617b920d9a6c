import factory

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.models import Discussion, Reply


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


def approved_replies(article, count, text="Reply number {n}."):
    """`count` approved replies on the article in one statement (no save():
    the HTML is written here), and its reply count brought up to date."""
    Reply.objects.bulk_create(
        Reply(
            article=article,
            name=f"Reader {n}",
            email=f"r{n}@mail.example",
            text=text.format(n=n),
            text_html=f"<p>{text.format(n=n)}</p>",
            status=Reply.Status.APPROVED,
        )
        for n in range(count)
    )
    Discussion.recount(article.pk)
