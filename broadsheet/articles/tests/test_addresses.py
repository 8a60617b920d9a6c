"""Addresses are reversed once per process (broadsheet/paths.py), and stay
right under another script prefix and for arguments that are no key."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.paths import path_to

pytestmark = pytest.mark.django_db


def test_an_address_is_the_one_reverse_gives_under_each_prefix():
    article = ArticleFactory()
    try:
        for prefix in ("/", "/news/", "/"):
            set_script_prefix(prefix)  # as Django's WSGI handler does per request
            assert article.get_absolute_url().startswith(prefix + "20")
            assert path_to("articles:section", "world") == reverse(
                "articles:section", args=["world"]
            )
    finally:
        set_script_prefix("/")


def test_arguments_that_are_no_key_are_reversed_as_they_are():
    assert path_to("articles:section", "world") == "/section/world/"
    with pytest.raises(NoReverseMatch):
        path_to("articles:section", ["world"])
