"""PostgreSQL: a results page in two statements, the planner's settings put back."""

import contextlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
)
from broadsheet.search.engines import postgresql
from broadsheet.search.engines.postgresql import _planned_rows
from broadsheet.search.tests.conftest import found

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner"
)
# What a search steers the planner with (broadsheet.search.engines.postgresql).
STEERED = (
    "enable_seqscan",
    "enable_indexscan",
    "jit",
    "join_collapse_limit",
    "from_collapse_limit",
    "plan_cache_mode",
)


def planner_settings() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"current_setting('{name}')" for name in STEERED)
        )
        return list(cursor.fetchone())


@pytest.fixture
def reports(db):
    """Three live reports on the ceasefire, by two authors, and the index
    analysed (as `broadsheet reindex` leaves it), so searches steer the planner."""
    world = SectionFactory(name="World")
    olena, maya = AuthorFactory(name="Olena Marchenko"), AuthorFactory(name="Maya Lind")
    articles = [
        ArticleFactory(
            headline=f"Ceasefire report {n}",
            body="The ceasefire held overnight, officials said.",
            section=world,
            authors=[olena, maya] if n == 0 else [maya],
        )
        for n in range(3)
    ]
    call_command("reindex", stdout=io.StringIO())
    return articles


def test_a_results_page_is_two_statements(client, reports, django_assert_num_queries):
    """The query's lexemes, then one statement: the search, the shown
    articles, their sections, bylines and snippets. With the server binding
    the parameters (prepared statements), which takes one statement at a
    time, the planner's settings are set and put back in two more."""
    client.get("/search/", {"q": "overnight"})  # the index's statistics read
    settings_apart = connection.features.uses_server_side_binding
    with django_assert_num_queries(4 if settings_apart else 2):
        page = client.get("/search/", {"q": "ceasefire"}).content.decode()
    assert page.count('class="card search-result"') == 3
    assert "<mark>ceasefire</mark> held overnight" in page


def test_what_a_page_shows_is_what_the_articles_hold(client, reports):
    """Bylines in their order, sections and links as the articles give them."""
    first = reports[0]
    page = client.get("/search/", {"q": "ceasefire"}).content.decode()
    assert found(client, q="ceasefire", order="newest") == [
        article.get_absolute_url()
        for article in sorted(
            reports, key=lambda a: (a.published_at, a.pk), reverse=True
        )
    ]
    start = page.rindex("<article", 0, page.index(first.get_absolute_url()))
    card = page[start : page.index("</article>", start)]
    assert 'rel="author">Olena Marchenko</a> and <a' in card
    assert 'rel="author">Maya Lind</a></p>' in card
    assert f'<a href="{first.section.get_absolute_url()}">World</a>' in card


def prepared_searches() -> list[tuple[str, int, int]]:
    """The search statements prepared on this connection: (text, generic
    plans, custom plans)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans, custom_plans "
            "FROM pg_prepared_statements WHERE statement LIKE '%%ts_headline%%'"
        )
        return cursor.fetchall()


def test_a_kept_plan_finds_each_search_s_own_words(client, reports):
    """With prepared statements the search's statement is prepared at its
    first run, planned for no words in particular, and the plan kept on the
    connection: each later search with other words finds its own matches."""
    harbour = ArticleFactory(
        headline="Harbour reopens", body="The harbour reopened at dawn."
    )
    call_command("reindex", stdout=io.StringIO())
    assert len(found(client, q="ceasefire")) == 3
    if connection.features.uses_server_side_binding:
        assert [plans[1:] for plans in prepared_searches()] == [(1, 0)]
    assert found(client, q="harbour") == [harbour.get_absolute_url()]
    assert found(client, q="overnight -harbour") == found(client, q="ceasefire")
    if connection.features.uses_server_side_binding:
        plans = prepared_searches()
        assert all(custom == 0 for _, _, custom in plans)
        assert sum(generic for _, generic, _ in plans) >= 4


def test_a_span_of_the_newest_finds_what_every_row_finds(
    client, db, settings, monkeypatch
):
    """A word too rare for the walk of the newest rows, but among the
    statistics' commonest, is looked for among a span of the newest ids first
    (a parameter of the statement, so one kept plan serves every span); what
    it finds is what a search of every row finds."""
    settings.ARTICLES_PER_PAGE = 2
    now = timezone.now()
    for n in range(60):  # written in the order of their datelines
        ArticleFactory(
            headline=f"Report {n}",
            body="The harbour reopened." if n % 3 == 0 else "Traffic flows again.",
            published_at=now - timedelta(hours=60 - n),
        )
    call_command("reindex", stdout=io.StringIO())
    # Few candidates (the newest 3 matches on a first page) and no walk.
    monkeypatch.setattr(postgresql, "CANDIDATES", 3)
    monkeypatch.setattr(postgresql, "RECENT", 1)
    pages = [
        {"q": "harbour", "order": order, "page": n}
        for order in ("relevance", "newest")
        for n in (1, 2, 3)
    ]
    with monkeypatch.context() as every_row:  # no span is small enough
        every_row.setattr(postgresql, "SPAN_MARGIN", 1000)
        everywhere = [found(client, **params) for params in pages]
    assert everywhere[0] and everywhere[3][0].endswith("/report-57/")
    for _ in range(2):  # the second time, with the first one's plans
        assert [found(client, **params) for params in pages] == everywhere
    if connection.features.uses_server_side_binding:
        spans = [p for p in prepared_searches() if "article_id > $" in p[0]]
        assert spans and sum(generic for _, generic, _ in spans) >= 4


def test_the_planner_settings_are_put_back_in_a_transaction(client, reports):
    before = planner_settings()
    for words in ("ceasefire", "zeppelin", '"ceasefire held"', "cease*"):
        client.get("/search/", {"q": words})
        assert planner_settings() == before


@pytest.mark.django_db(transaction=True)
def test_the_planner_settings_end_with_the_statement_outside_one(client):
    ArticleFactory(headline="Ceasefire report", body="The ceasefire held.")
    call_command("reindex", stdout=io.StringIO())
    before = planner_settings()
    for words in ("ceasefire", "zeppelin", '"ceasefire held"', "cease*"):
        assert client.get("/search/", {"q": words}).status_code == 200
        assert planner_settings() == before


@contextlib.contextmanager
def manual_transaction():
    """A transaction opened by turning autocommit off (no atomic block)."""
    transaction.set_autocommit(False)
    try:
        yield
    finally:
        transaction.rollback()
        transaction.set_autocommit(True)


TRANSACTIONS = {
    "none": contextlib.nullcontext,
    "atomic": transaction.atomic,
    "autocommit off": manual_transaction,
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("around", TRANSACTIONS)
def test_the_statement_runs_under_the_settings_that_end_with_it(around):
    """One round trip sets the settings and runs the statement in one
    transaction (in a pipeline when the server binds parameters, where a
    statement of its own would end before the next began); inside the
    caller's transaction they are put back."""
    before = planner_settings()
    steered = {"jit": "off", "enable_seqscan": "off"}
    with TRANSACTIONS[around]():
        for _ in range(7):  # prepared from the sixth on, with server binding
            rows = _planned_rows(
                "SELECT current_setting('jit'), current_setting('enable_seqscan'), "
                "%s::int",
                [1],
                steered,
                dict(zip(STEERED, before, strict=True)),
            )
            assert rows == [("off", "off", 1)]
            assert planner_settings() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("around", ["none", "atomic"])
def test_a_failed_statement_raises_django_s_error_and_leaves_no_setting(around):
    before = planner_settings()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '20ms'")
    try:
        with pytest.raises(OperationalError), TRANSACTIONS[around]():
            _planned_rows(
                "SELECT pg_sleep(1)",
                [],
                {"jit": "off", "enable_seqscan": "off"},
                dict(zip(STEERED, before, strict=True)),
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert planner_settings() == before
    assert found_nothing_broken()


def found_nothing_broken() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)
