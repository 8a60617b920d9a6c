"""A reply costs the same statements on a thread of any length, and none of
them reads the article's thread: each is an index lookup of the reader, the
address or the text (docs/performance.md, #15)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.models import DiscussionSettings, Reply
from broadsheet.replies.moderation import Action, moderate
from broadsheet.replies.tests.factories import approved_replies
from broadsheet.replies.tests.posting import VALID, form_fields

pytestmark = pytest.mark.django_db


def with_replies(count, **fields):
    article = ArticleFactory()
    approved_replies(article, count)
    return article


def statements_of_a_post(client, article, script=True, new_reader=True, **fields):
    """The SQL of one reply's POST, from a new reader (a browser that has
    written no reply), or from this client's browser."""
    if new_reader:
        client.cookies.clear()
    data = {**form_fields(client, article, script=script), **VALID, **fields}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/replies/post/{article.pk}/", data, REMOTE_ADDR="198.51.100.7"
        )
    assert response.status_code == 302
    return [query["sql"] for query in queries]


@pytest.mark.parametrize(
    "moderation", [m for m, _ in DiscussionSettings.Moderation.choices]
)
@pytest.mark.parametrize("script", [True, False])
def test_a_post_costs_as_many_statements_on_a_long_thread(client, moderation, script):
    policy = DiscussionSettings.current()
    policy.moderation = moderation
    policy.save()
    short, long = with_replies(2), with_replies(300)
    assert len(statements_of_a_post(client, short, script)) == len(
        statements_of_a_post(client, long, script, email="other@mail.example")
    )


def test_an_answer_costs_as_many_statements_on_a_long_thread(client):
    counts = []
    for article in with_replies(2), with_replies(300):
        parent = Reply.objects.filter(article=article).last()
        sql = statements_of_a_post(
            client, article, parent=parent.pk, email=f"a{article.pk}@mail.example"
        )
        counts.append(len(sql))
    assert counts[0] == counts[1]


# Equalities in SQLite's plan that pick out a reader, an address, a text or a
# row, rather than a whole thread (article_id, status).
NARROW = {"email", "ip_address", "text_hash", "rowid", "id"}


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL plans by its statistics, and scans a test's tiny tables "
    "whatever their indexes",
)
def test_no_statement_of_a_post_reads_the_thread(client):
    """Without statistics SQLite plans by the indexes alone, so its plan of
    each statement shows which rows a post reads."""
    article = with_replies(50)
    reader = Reply.objects.filter(article=article).first()
    held = statements_of_a_post(client, article, script=False, comment="One.")
    moderate(Reply.objects.get(text="One."), Action.APPROVE)
    known = statements_of_a_post(
        client, article, script=False, new_reader=False, comment="Two."
    )
    assert Reply.objects.get(text="Two.").status == Reply.Status.APPROVED
    for sql in [
        # a stranger, held; a known reader (that browser), approved; an answer
        *held,
        *known,
        *statements_of_a_post(
            client, article, parent=reader.pk, email="3@mail.example", comment="3."
        ),
    ]:
        if "replies_reply" not in sql or not sql.startswith(("SELECT", "UPDATE")):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [row[-1] for row in cursor.fetchall()]
        for step in plan:
            # The replies table, by its name or a subquery's alias (U0).
            if re.match(r"(SEARCH|SCAN) (replies_reply|U\d+)\b", step):
                assert NARROW & set(re.findall(r"(\w+)=\?", step)), (sql, plan)
