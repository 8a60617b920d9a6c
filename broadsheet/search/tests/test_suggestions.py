"""Did you mean …? A query that finds little is offered a nearer spelling."""

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory, SectionFactory
from broadsheet.search.tests.conftest import found

pytestmark = pytest.mark.django_db
SUGGESTION = re.compile(
    r'<p class="search-suggestion">Did you mean <a href="([^"]+)">([^<]+)</a>\?</p>'
)


def suggestion(client, **params):
    """The suggested words and their link on the results page, or None."""
    page = client.get("/search/", params).content.decode()
    match = SUGGESTION.search(page)
    return (html.unescape(match[2]), html.unescape(match[1])) if match else None


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("Peskof", "peskov"),
        ("ceasfire", "ceasefire"),
        ("guarentees", "guarantees"),
        ("ceasfire negotiatons", "ceasefire negotiations"),
        ('"constructve dialogue"', '"constructive dialogue"'),
        ("Marchenkp", "marchenko"),  # an author's name
    ],
)
def test_a_misspelt_query_is_offered_the_spelling_that_finds(
    client, ceasefire, typed, meant
):
    words, url = suggestion(client, q=typed)
    assert words == meant
    assert found(client, q=words) == [ceasefire.get_absolute_url()]
    assert client.get(url).status_code == 200


def test_the_suggestion_keeps_the_filters_and_the_other_words(client, ceasefire):
    words, url = suggestion(client, q="ceasfire -sport negotiat*", section="world")
    assert words == "ceasefire -sport negotiat*"
    assert url == "/search/?q=ceasefire+-sport+negotiat%2A&section=world"


def test_a_query_that_finds_enough_is_offered_nothing(client, ceasefire):
    for n in range(3):
        ArticleFactory(headline=f"Ceasefire holds, day {n}")
    assert suggestion(client, q="ceasefire") is None


def test_a_poor_match_is_offered_a_spelling_that_finds_more(client, ceasefire):
    """One article has the misspelling itself; the right spelling finds more."""
    ArticleFactory(headline="Ceasfire, as the typo had it")
    for n in range(3):
        ArticleFactory(headline=f"Ceasefire report {n}")
    assert len(found(client, q="ceasfire")) == 1
    assert suggestion(client, q="ceasfire") is None  # "ceasfire" is a known word
    assert suggestion(client, q="ceasefyre")[0] == "ceasefire"


def test_nothing_near_is_offered_nothing(client, ceasefire):
    assert suggestion(client, q="zeppelin") is None
    assert (
        "Nothing matched “zeppelin”"
        in client.get("/search/?q=zeppelin").content.decode()
    )


def test_a_word_known_only_from_a_draft_is_never_suggested(client, ceasefire):
    ArticleFactory(headline="Resignation planned", status=Article.Status.DRAFT)
    assert suggestion(client, q="resignaton") is None


def test_a_suggestion_must_find_something_with_the_filters(client, ceasefire):
    SectionFactory(name="Sport")
    assert suggestion(client, q="ceasfire", section="sport") is None


def test_the_suggestion_is_written_from_words_only(client, db):
    ArticleFactory(headline="Ceasefire talks")
    page = client.get("/search/", {"q": "ceasfire <talks>"}).content.decode()
    assert SUGGESTION.search(page)[2] == "ceasefire talks"


def test_a_suggestion_costs_a_bounded_number_of_queries(
    client, ceasefire, django_assert_max_num_queries
):
    words = " ".join(
        ["ceasfire", "negotiatons", "guarentees", "constructive", "dialogue"]
    )
    with django_assert_max_num_queries(14):
        page = client.get("/search/", {"q": words}).content.decode()
    assert "Did you mean" in page


class AnyQueryIsAnsweredWithOrWithoutASuggestion(TestCase):
    @classmethod
    def setUpTestData(cls):
        ArticleFactory(headline="Ceasefire talks", body="Peskov spoke of guarantees.")

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(
        word=st.sampled_from(["ceasefire", "peskov", "guarantees", "talks"]),
        cut=st.integers(min_value=1, max_value=8),
        extra=st.text(max_size=3),
    )
    def test_a_mangled_word_gets_an_answer_and_suggestions_find(self, word, cut, extra):
        typed = word[:cut] + extra + word[cut + 1 :]
        response = self.client.get("/search/", {"q": typed})
        assert response.status_code == 200
        offered = suggestion(self.client, q=typed)
        if offered:
            assert found(self.client, q=offered[0]), (typed, offered)
