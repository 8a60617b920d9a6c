"""The box on each article of a story: the story, its latest and previous pieces."""

import re

import pytest

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.stories.tests.conftest import days_ago
from broadsheet.stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def box_of(client, article) -> str:
    page = client.get(article.get_absolute_url()).content.decode()
    found = re.search(r'<aside class="story-box".*?</aside>', page, re.S)
    return found.group(0) if found else ""


def test_an_article_in_a_story_links_to_it_and_to_its_latest_pieces(client, talks):
    box = box_of(client, talks["first"])
    assert 'href="/stories/ceasefire-talks/">Ceasefire talks</a>' in box
    latest = box[box.index("Latest") :]
    assert latest.index("A draft of a deal") < latest.index("Talks open in Geneva")
    assert "Envoys agree to meet" not in box  # the piece being read
    assert "The whole timeline (3 pieces)" in box
    assert 'href="/stories/ceasefire-talks/follow/"' in box


def test_the_box_names_the_piece_before_the_one_being_read(client, talks):
    for n in range(4):
        talks["story"].pieces.create(
            article=ArticleFactory(
                headline=f"Later round {n}", published_at=days_ago(0.5)
            )
        )
    box = box_of(client, talks["second"])
    previously = box[box.index("Previously") :]
    assert "Envoys agree to meet" in previously
    assert "A draft of a deal" not in box  # the fourth newest: not listed


def test_drafts_and_scheduled_pieces_are_not_in_the_box(client, talks):
    box = box_of(client, talks["third"])
    assert box and "Unpublished leak" not in box and "Embargoed statement" not in box
    assert talks["draft"].slug not in box and talks["scheduled"].slug not in box


def test_an_article_in_no_story_has_no_box(client, talks):
    assert box_of(client, ArticleFactory()) == ""


def test_an_article_in_two_stories_has_two_boxes(client, talks):
    StoryFactory(name="Geneva diplomacy", pieces=[talks["second"]])
    page = client.get(talks["second"].get_absolute_url()).content.decode()
    assert page.count('<aside class="story-box"') == 2


def test_the_box_costs_one_query_however_long_the_story(
    client, talks, django_assert_max_num_queries
):
    alone = ArticleFactory()
    client.get(ArticleFactory().get_absolute_url())  # warm any one-off lookups
    with django_assert_max_num_queries(10) as without_story:
        client.get(alone.get_absolute_url())
    budget = len(without_story.captured_queries) + 1
    with django_assert_max_num_queries(budget):
        client.get(talks["first"].get_absolute_url())
    for n in range(30):
        talks["story"].pieces.create(article=ArticleFactory(headline=f"Round {n}"))
    with django_assert_max_num_queries(budget):
        box = box_of(client, talks["first"])
    assert "The whole timeline (33 pieces)" in box
