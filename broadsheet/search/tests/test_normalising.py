"""Invisible and compatibility characters neither hide an article nor a query.

The query parser and the index read text through one function, `normalise`
(NFKC, format characters removed): a soft hyphen, a zero-width space or
full-width letters on either side still match the plain word, on both engines.
"""

import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.search.query import FORMAT_CHARACTERS
from broadsheet.search.tests.conftest import found
from broadsheet.search.tests.strategies import disguised, full_width


def test_the_format_characters_are_unicodes_category_cf():
    every = (chr(code) for code in range(sys.maxunicode + 1))
    listed = {char for char in every if FORMAT_CHARACTERS.fullmatch(char)}
    assert listed == {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf"
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "words",
    [
        "ＰＥＳＫＯＶ",
        "Pes\u00adkov",
        "Pes\u200bkov",
        "Pes\u200dkov",
        "\ufeffpeskov",
        "pes\u2060kov\u200e",
        "ｃｅａｓｅｆｉｒｅ ｎｅｇｏｔｉａｔｉｏｎｓ",
        "“constructive dia\u00adlogue”".replace("“", '"').replace("”", '"'),
        "guar\u00ad*",
    ],
)
def test_a_disguised_query_finds_the_plain_text(client, ceasefire, words):
    assert found(client, q=words) == [ceasefire.get_absolute_url()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "words", ["Zelensky", "zelensky", "ＺＥＬＥＮＳＫＹ", "ﬁnance"]
)
def test_a_disguised_article_is_found_by_the_plain_word(client, words):
    article = ArticleFactory(
        headline="Ze\u00adlen\u200bsky meets ministers",
        body="A ﬁ\u00adnance plan in ＦＵＬＬ ｗｉｄｔｈ.",
    )
    assert found(client, q=words) == [article.get_absolute_url()]
    assert found(client, q="full width") == [article.get_absolute_url()]


def test_the_snippet_shows_no_invisible_characters(client, db):
    ArticleFactory(body="The ceasefire\u00ad\u200b holds.")
    page = client.get("/search/", {"q": "ceasefire"}).content.decode()
    assert "<mark>ceasefire</mark> holds" in page


WORDS = ["Peskov", "ceasefire", "Kyiv", "negotiations", "guarantees"]


class DisguisedWordsFindTheSameArticles(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plain = ArticleFactory(
            headline="Peskov on the ceasefire", body="Negotiations in Kyiv."
        )
        cls.disguised = ArticleFactory(
            headline=full_width("Peskov") + " speaks of the cease\u00adfire",
            body="Nego\u200btiations in \ufeffKy\u200div, with guarantees.",
        )

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(data=st.data(), word=st.sampled_from(WORDS))
    def test_a_disguised_word_finds_what_the_plain_word_finds(self, data, word):
        disguise = data.draw(disguised(word))
        plain = sorted(found(self.client, q=word))
        assert plain, word
        assert sorted(found(self.client, q=disguise)) == plain, repr(disguise)
