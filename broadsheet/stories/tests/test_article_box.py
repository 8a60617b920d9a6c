"""The box on each article of a story: the story, its latest and previous pieces."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
    client, talks, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    alone = ArticleFactory()
    client.get(ArticleFactory().get_absolute_url())  # warm any one-off lookups
    with django_assert_max_num_queries(10) as without_story:
        client.get(alone.get_absolute_url())
    budget = len(without_story.captured_queries) + 1
    with django_assert_max_num_queries(budget):
        client.get(talks["first"].get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):  # the pieces' purges
        for n in range(30):
            talks["story"].pieces.create(article=ArticleFactory(headline=f"Round {n}"))
    with django_assert_max_num_queries(budget):
        box = box_of(client, talks["first"])
    assert "The whole timeline (33 pieces)" in box


def test_the_box_is_read_again_only_when_its_story_changes(
    client, talks, django_capture_on_commit_callbacks
):
    def box_reads():
        with CaptureQueriesContext(connection) as queries:
            box = box_of(client, talks["first"])
        return box, sum('FROM "stories_storyarticle"' in q["sql"] for q in queries)

    assert box_reads()[1] >= 1
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(headline="Elsewhere, a council vote")  # purges listings
    assert box_reads()[1] == 0
    with django_capture_on_commit_callbacks(execute=True):
        talks["story"].pieces.create(article=ArticleFactory(headline="Talks resume"))
    box, reads = box_reads()
    assert reads >= 1 and "Talks resume" in box
