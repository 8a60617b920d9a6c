"""What readers find: live articles only, at once, matched the way they type."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from broadsheet.articles.models import Article, Byline
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
)
from broadsheet.search.tests.conftest import found

pytestmark = pytest.mark.django_db


def test_a_published_article_is_found_at_once(client, ceasefire):
    assert found(client, q="ceasefire") == [ceasefire.get_absolute_url()]


def test_an_unpublished_article_is_gone_at_once(client, ceasefire):
    ceasefire.status = Article.Status.DRAFT
    ceasefire.save()
    assert found(client, q="ceasefire") == []


def test_a_deleted_article_is_gone_at_once(client, ceasefire):
    ceasefire.delete()
    assert found(client, q="ceasefire") == []


def test_an_edited_article_is_found_by_its_new_words(client, ceasefire):
    ceasefire.headline = "Leaders agree on a prisoner exchange"
    ceasefire.save()
    assert found(client, q="prisoner") == [ceasefire.get_absolute_url()]
    assert found(client, q="ending war") == []


def test_a_draft_is_never_found(client):
    ArticleFactory(headline="Secret ceasefire plan", status=Article.Status.DRAFT)
    assert found(client, q="ceasefire") == []


def test_a_scheduled_article_is_found_when_its_time_comes(client):
    at = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(
        headline="Ceasefire takes effect", status="scheduled", published_at=at
    )
    assert found(client, q="ceasefire") == []
    with time_machine.travel(at + timedelta(minutes=1)):
        assert found(client, q="ceasefire") == [article.get_absolute_url()]


def test_a_headline_match_ranks_above_a_body_match(client):
    in_body = ArticleFactory(headline="Talks resume", body="A ceasefire is near.")
    in_headline = ArticleFactory(headline="Ceasefire agreed", body="Talks ended.")
    assert found(client, q="ceasefire") == [
        in_headline.get_absolute_url(),
        in_body.get_absolute_url(),
    ]


def test_a_recent_article_ranks_above_an_old_one_saying_the_same(client):
    old = ArticleFactory(
        headline="Ceasefire talks", published_at=timezone.now() - timedelta(days=900)
    )
    new = ArticleFactory(headline="Ceasefire talks again")
    assert found(client, q="ceasefire talks") == [
        new.get_absolute_url(),
        old.get_absolute_url(),
    ]


def test_newest_first_orders_by_dateline(client):
    older = ArticleFactory(
        headline="Ceasefire ceasefire ceasefire",
        published_at=timezone.now() - timedelta(days=3),
    )
    newer = ArticleFactory(headline="A word on the ceasefire", body="Other news.")
    assert found(client, q="ceasefire", order="newest") == [
        newer.get_absolute_url(),
        older.get_absolute_url(),
    ]


@pytest.mark.parametrize(
    "words",
    [
        "guarantee",  # the text says "guarantees": stemmed
        "negotiation",
        '"constructive dialogue"',
        "peskov",  # the text says "PESKOV"
        "kyiv",  # the text says "Kyív"
        "KYIV",
        "negotiat*",
        "guar*",
        "diplomacy",  # a tag
        "marchenko",  # an author
        "world",  # the section
        "ceasefire -weather",
    ],
)
def test_the_reader_finds_the_article_the_way_they_type(client, ceasefire, words):
    assert found(client, q=words) == [ceasefire.get_absolute_url()]


@pytest.mark.parametrize(
    "words",
    [
        '"dialogue constructive"',  # a phrase keeps its order
        "ceasefire -peskov",
        "ceasefire elephant",  # every word must match
        "peace*",
    ],
)
def test_the_reader_does_not_find_what_they_left_out(client, ceasefire, words):
    assert found(client, q=words) == []


def test_a_byline_added_later_is_searchable(client, ceasefire):
    Byline.objects.create(article=ceasefire, author=AuthorFactory(name="Ivan Petrenko"))
    assert found(client, q="Petrenko") == [ceasefire.get_absolute_url()]


def test_a_result_names_its_authors_in_byline_order_not_as_added(
    client, ceasefire, django_assert_max_num_queries
):
    # Added second, placed first: the card follows the byline's positions.
    ceasefire.bylines.update(position=1)
    Byline.objects.create(
        article=ceasefire, author=AuthorFactory(name="Ivan Petrenko"), position=0
    )
    client.get("/search/", {"q": "ceasefire"})  # the index's statistics read
    # SQLite: the search, what the page shows of its articles (authors too),
    # their snippets, and (one result: a poor page) whether its words are
    # spelt as the index has them. PostgreSQL: one statement (test_planning.py),
    # with the query's lexemes before it and the planner's settings around it.
    with django_assert_max_num_queries(4):
        page = client.get("/search/", {"q": "ceasefire"}).content.decode()
    card = page[page.index('<article class="card search-result">') :]
    card = card[: card.index("</article>")]
    assert 'rel="author">Ivan Petrenko</a> and <a' in card
    assert 'rel="author">Olena Marchenko</a></p>' in card
    assert '<a href="/section/world/">World</a>' in card
    assert 'datetime="' in card and "<mark>ceasefire</mark>" in card


def test_a_renamed_tag_is_searchable_by_its_new_name(client, ceasefire):
    tag = ceasefire.tags.get()
    tag.name = "Peace process"
    tag.save()
    assert found(client, q='"peace process"') == [ceasefire.get_absolute_url()]
    assert found(client, q="diplomacy") == []


def test_tags_added_from_the_tag_side_are_searchable(client, ceasefire):
    TagFactory(name="Mediation").articles.add(ceasefire)
    assert found(client, q="mediation") == [ceasefire.get_absolute_url()]


def test_filters_narrow_by_section_author_and_date(client, ceasefire):
    sport = SectionFactory(name="Sport")
    old = ArticleFactory(
        headline="Ceasefire at the stadium",
        section=sport,
        published_at=timezone.now() - timedelta(days=40),
    )
    author = ceasefire.authors.get()
    assert found(client, q="ceasefire", section="sport") == [old.get_absolute_url()]
    assert found(client, q="ceasefire", author=author.slug) == [
        ceasefire.get_absolute_url()
    ]
    since = (timezone.now() - timedelta(days=5)).date().isoformat()
    assert found(client, q="ceasefire", since=since) == [ceasefire.get_absolute_url()]
    until = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert found(client, q="ceasefire", until=until) == [old.get_absolute_url()]


def test_an_unknown_filter_is_explained_not_a_500(client, ceasefire):
    response = client.get("/search/", {"q": "ceasefire", "section": "nowhere"})
    assert response.status_code == 200
    assert "These filters could not be used" in response.content.decode()


def test_pages_follow_one_another_without_counting(
    client, settings, django_assert_max_num_queries
):
    settings.ARTICLES_PER_PAGE = 2
    articles = [
        ArticleFactory(
            headline=f"Ceasefire report {n}",
            published_at=timezone.now() - timedelta(hours=n + 1),
        )
        for n in range(5)
    ]
    urls = [article.get_absolute_url() for article in articles]
    pages = [found(client, q="ceasefire", order="newest", page=n) for n in (1, 2, 3)]
    assert pages == [urls[0:2], urls[2:4], urls[4:5]]
    second = client.get("/search/", {"q": "ceasefire", "page": 2}).content.decode()
    assert 'rel="next" href="/search/?q=ceasefire&amp;page=3"' in second
    assert 'rel="prev" href="/search/?q=ceasefire"' in second
    assert client.get("/search/", {"q": "ceasefire", "page": 4}).status_code == 404
    with django_assert_max_num_queries(8) as queries:
        client.get("/search/", {"q": "ceasefire"})
    assert not any("COUNT(" in query["sql"].upper() for query in queries)


def test_the_snippet_marks_the_matched_words_and_escapes_the_rest(client):
    ArticleFactory(body="Sides agreed that 2 < 3 & the ceasefire <holds>.")
    page = client.get("/search/", {"q": "ceasefire"}).content.decode()
    assert "<mark>ceasefire</mark>" in page
    assert "2 &lt; 3 &amp; the" in page


def snippet_of(client, words) -> str:
    page = client.get("/search/", {"q": words}).content.decode()
    snippet = page[page.index('class="search-result__snippet"') :]
    return snippet[: snippet.index("</p>")]


FILLER = "The council met again on Tuesday to discuss the timetable. "


def test_a_long_article_s_snippet_shows_the_match_far_into_it(client):
    """A snippet is read from a window of a long body (PostgreSQL), placed at
    the query's first word, so a match near the end is still shown."""
    ArticleFactory(
        body=FILLER * 300 + "\n\nThen the harpsichords arrived, tuned for the concert."
    )
    snippet = snippet_of(client, "harpsichord")
    assert "<mark>harpsichords</mark> arrived" in snippet


def test_a_match_the_window_cannot_place_is_still_shown(client):
    """A stem that does not begin its word ("polici" for "policy") cannot
    place the snippet's window (PostgreSQL), which a body of up to 2,000
    characters needs none of: it is read whole, and its match marked."""
    ArticleFactory(body=FILLER * 25 + "\n\nThe new policy starts in May.")
    assert "new <mark>policy</mark> starts" in snippet_of(client, "policy")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's two fragments"
)
def test_a_snippet_marks_words_some_way_apart(client):
    """The window a long body's snippet is read from holds the query's words
    some way apart (1,500 characters), for the snippet's fragments to mark:
    ts_headline marks none unless the window holds all of an AND's words."""
    ArticleFactory(
        body=FILLER * 10
        + "A tram will run all night. "
        + FILLER * 25
        + "Residents of Northgate welcomed it. "
        + FILLER * 10
    )
    snippet = snippet_of(client, "tram Northgate")
    assert "<mark>tram</mark>" in snippet
    assert "<mark>Northgate</mark>" in snippet


def test_a_snippet_marks_the_long_body_s_last_word(client):
    """A window that reaches a long body's end is not cut there (PostgreSQL)."""
    ArticleFactory(body=FILLER * 40 + "Then came the harpsichord")
    assert "came the <mark>harpsichord</mark>" in snippet_of(client, "harpsichord")


def test_an_empty_query_asks_what_to_look_for(client):
    page = client.get("/search/").content.decode()
    assert "What are you looking for?" in page


def test_a_query_without_a_match_suggests_what_to_try(client, ceasefire):
    page = client.get("/search/", {"q": "zeppelin"}).content.decode()
    assert "Nothing matched “zeppelin”" in page
    assert "Check the spelling" in page


def test_the_masthead_box_keeps_the_words_searched(client, ceasefire):
    page = client.get("/search/", {"q": "ceasefire <talks>"}).content.decode()
    assert (
        'id="masthead-search" type="search" name="q" value="ceasefire &lt;talks&gt;"'
        in page
    )


def test_past_the_ranked_candidates_pages_still_follow(client, settings):
    """More matches than are ranked at once: the best of the newest come
    first, and paging past them reaches every match."""
    settings.ARTICLES_PER_PAGE = 90
    now = timezone.now()
    articles = [
        ArticleFactory(
            headline=f"Report {n}",
            body="The ceasefire held overnight.",
            published_at=now - timedelta(hours=n + 2),
        )
        for n in range(215)
    ]
    best = ArticleFactory(headline="Ceasefire signed", published_at=now)
    first = found(client, q="ceasefire")
    assert first[0] == best.get_absolute_url()
    pages = (
        first
        + found(client, q="ceasefire", page=2)
        + found(client, q="ceasefire", page=3)
    )
    every = sorted(article.get_absolute_url() for article in [best, *articles])
    assert sorted(pages) == every
    newest = [
        url
        for n in (1, 2, 3)
        for url in found(client, q="ceasefire", order="newest", page=n)
    ]
    assert newest[0] == best.get_absolute_url()
    assert sorted(newest) == every


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner statistics"
)
def test_an_analysed_index_finds_what_it_found_before(client, ceasefire):
    # `broadsheet reindex` ends with ANALYZE: searches then choose their way
    # by how common each word is, and steer the planner off sequential scans.
    ArticleFactory(headline="Ceasefire talks resume", body="Security guarantees.")
    ArticleFactory(headline="Harbour bridge reopens", body="Traffic flows again.")
    queries = [
        {"q": "ceasefire"},
        {"q": '"security guarantees"'},
        {"q": "negotiat*"},
        {"q": "ceasefire -Kyiv"},
        {"q": "the"},
        {"q": "zeppelin"},
        {"q": "ceasefire", "order": "newest"},
    ]
    before = [found(client, **params) for params in queries]
    call_command("reindex", stdout=io.StringIO())
    assert [found(client, **params) for params in queries] == before
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
