"""Whatever the query, the reader gets an answer: 200 (or 400/404), never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.extra.django import TestCase

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.search.tests.strategies import queries, raw_query_strings

ALLOWED = {200, 400}
NASTY = [
    '"',
    '"unbalanced',
    'ceasefire"',
    "NEAR(ceasefire talks)",
    "ceasefire NEAR talks",
    "*",
    "**ceasefire",
    "-",
    "--",
    "-*",
    "AND OR NOT",
    "ceasefire AND",
    "(ceasefire",
    "headline:ceasefire",
    "{headline dek}: ceasefire",
    "^ceasefire",
    "cease\x00fire",
    "\x00",
    "x" * 10_000,
    "ceasefire " * 1_000,
    "ceasefire:*",
    "!ceasefire & <->",
    "'",
    "\\",
    "_",
    "½ ² ⅷ",
    "\ue000ceasefire\ue001",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", NASTY)
def test_engine_syntax_in_a_query_is_only_words(client, query):
    ArticleFactory(headline="Ceasefire talks")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    feed = client.get("/search/feed/", {"q": query})
    assert feed.status_code == 200


@pytest.mark.django_db
def test_invalid_utf8_in_the_address_is_answered(client):
    response = client.get("/search/", QUERY_STRING="q=%FF%FE%80ceasefire")
    assert response.status_code in ALLOWED


class SearchEndpointFuzz(TestCase):
    @classmethod
    def setUpTestData(cls):
        ArticleFactory(headline="Ceasefire talks in Kyív", body="Peskov spoke.")

    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(query=queries())
    def test_any_query_answers(self, query):
        for order in ("relevance", "newest"):
            response = self.client.get("/search/", {"q": query, "order": order})
            self.assertIn(response.status_code, ALLOWED, repr(query))
        self.assertIn(
            self.client.get("/search/feed/", {"q": query}).status_code, ALLOWED
        )

    @settings(max_examples=50, deadline=None)
    @given(query_string=raw_query_strings())
    def test_any_bytes_answer(self, query_string):
        response = self.client.get("/search/", QUERY_STRING=query_string)
        self.assertIn(response.status_code, ALLOWED, query_string)
