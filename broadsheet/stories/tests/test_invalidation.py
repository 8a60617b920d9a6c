"""Each change to a story makes stale exactly the cached pages that show it."""

import pytest

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.caching.tests.wsgi_client import get, stale_after
from broadsheet.stories.models import StoryArticle
from broadsheet.stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(talks):
    bystander = ArticleFactory(headline="Cup final tonight")
    other = StoryFactory(name="Harbour works", pieces=[ArticleFactory()])
    return {
        **talks,
        "bystander": bystander,
        "urls": {
            "story page": "/stories/ceasefire-talks/",
            "story rss": "/stories/ceasefire-talks/feed/rss/",
            "story json": "/stories/ceasefire-talks/feed/json/",
            "story index": "/stories/",
            "sitemap": "/sitemap-stories.xml",
            "first piece": talks["first"].get_absolute_url(),
            "third piece": talks["third"].get_absolute_url(),
            "bystander": bystander.get_absolute_url(),
            "other story": other.get_absolute_url(),
        },
    }


def rename_story(site):
    site["story"].name = "Ceasefire negotiations"
    site["story"].save()


def edit_a_piece(site):
    site["first"].headline = "Envoys agree to meet next week"
    site["first"].save()


def add_the_bystander(site):
    site["story"].pieces.create(article=site["bystander"])


def remove_a_piece(site):
    StoryArticle.objects.get(story=site["story"], article=site["third"]).delete()


def edit_the_bystander(site):
    site["bystander"].headline = "Cup final postponed"
    site["bystander"].save()


STORY = {"story page", "story rss", "story json", "story index", "sitemap"}
RULES = {
    rename_story: (
        STORY | {"first piece", "third piece"},
        {"bystander", "other story"},
    ),
    edit_a_piece: (STORY | {"first piece", "third piece"}, {"other story"}),
    add_the_bystander: (STORY | {"bystander", "first piece"}, {"other story"}),
    remove_a_piece: (STORY | {"first piece", "third piece"}, {"other story"}),
    edit_the_bystander: (
        {"bystander"},
        STORY - {"sitemap"} | {"first piece", "third piece", "other story"},
    ),
}


@pytest.mark.parametrize("write", RULES, ids=lambda write: write.__name__)
def test_a_write_makes_stale_what_shows_it_and_nothing_else(
    site, write, django_capture_on_commit_callbacks
):
    must_change, must_stay = RULES[write]
    stale = stale_after(write, site, django_capture_on_commit_callbacks)
    assert must_change - stale == set()
    assert must_stay & stale == set()


def test_the_renamed_story_shows_in_its_pieces_boxes(
    site, django_capture_on_commit_callbacks
):
    get(site["urls"]["first piece"])
    with django_capture_on_commit_callbacks(execute=True):
        rename_story(site)
    assert ">Ceasefire negotiations</a></h2>" in get(site["urls"]["first piece"])[2]
