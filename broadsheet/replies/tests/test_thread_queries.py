"""A page of a long thread costs what a page of a short one does: its answers
are read by the parent index, not by reading the article's thread, and its
threads are never counted (#15)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
from broadsheet.replies.tests.factories import ReplyFactory, approved_replies

pytestmark = pytest.mark.django_db


def a_thread(threads):
    """An article with `threads` top-level replies; the first has an answer
    with an answer, and a held answer."""
    article = ArticleFactory()
    approved_replies(article, threads, text="Thread {n} opens.")
    first = Reply.objects.filter(article=article).first()
    answer = ReplyFactory(article=article, parent=first, text="An answer.")
    ReplyFactory(article=article, parent=answer, text="An answer to it.")
    ReplyFactory(
        article=article,
        parent=first,
        text="A held answer.",
        status=Reply.Status.PENDING,
    )
    Discussion.recount(article.pk)
    return article


def first_page(client, article):
    """(the statements of rendering it, the replies' texts it shows)."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    texts = re.findall(r"<p>(Thread \d+ opens\.|An?[^<]*answer[^<]*)</p>", page.text)
    return [query["sql"] for query in queries], texts


def test_a_page_of_a_long_thread_costs_as_many_statements(client):
    DiscussionSettings.current()  # the default: 50 threads a page
    first_page(client, a_thread(1))  # what every page reads once per process
    short_sql, short = first_page(client, a_thread(60))
    long_sql, long = first_page(client, a_thread(600))
    assert len(short_sql) == len(long_sql)
    assert short == long
    assert long[:3] == ["Thread 0 opens.", "An answer.", "An answer to it."]
    assert "A held answer." not in long


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL plans by its statistics, and scans a test's tiny tables "
    "whatever their indexes",
)
def test_a_page_is_read_by_indexes_in_one_statement_and_never_counted(client):
    statements, _ = first_page(client, a_thread(60))
    pages = [s for s in statements if s.startswith("WITH RECURSIVE")]
    assert len(pages) == 1
    plan = plan_of(pages[0])
    # The page's top-level replies, oldest first, by an index; their answers
    # at every depth by the parent index.
    assert "SEARCH replies_reply USING INDEX" in plan, plan
    assert "TEMP B-TREE" not in plan and "(parent_id=?)" in plan, plan
    # How many pages there are is the discussion's thread count, kept with
    # the reply count: no page counts a thread's replies.
    assert not [s for s in statements if "COUNT(" in s and "replies_reply" in s]


def plan_of(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return " ".join(row[-1] for row in cursor.fetchall())
