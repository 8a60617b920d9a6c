"""Each write makes stale exactly the cached pages that show what it changed.

Every public URL below is fetched through the production WSGI application
(page cache in front of Django) until it is cached; then one write is made
and every URL fetched again: the pages that must change are rendered anew
(X-Cache: MISS) and the pages that must not are still served from the cache.
"""

import pytest

from broadsheet.articles.models import Article, Update
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
    TagFactory,
)
from broadsheet.caching.tests.wsgi_client import get, stale_after
from broadsheet.replies.models import DiscussionSettings
from broadsheet.replies.moderation import Action, moderate
from broadsheet.replies.tests.factories import ReplyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(db):
    city, sport = SectionFactory(name="City"), SectionFactory(name="Sport")
    tag, author = TagFactory(name="Transport"), AuthorFactory(name="Ada Reporter")
    bridge = ArticleFactory(
        headline="Bridge closes", section=city, tags=[tag], authors=[author]
    )
    match = ArticleFactory(headline="Cup final", section=sport)
    held = ReplyFactory(article=bridge, status="pending", text="Held thought.")
    shown = ReplyFactory(article=bridge, text="Shown thought.")
    return {
        "bridge": bridge,
        "match": match,
        "city": city,
        "held": held,
        "shown": shown,
        "urls": {
            "bridge page": bridge.get_absolute_url(),
            "match page": match.get_absolute_url(),
            "front page": "/",
            "sport section": f"/section/{sport.slug}/",
            "tag page": f"/tag/{tag.slug}/",
            "author page": f"/author/{author.slug}/",
            "rss feed": "/feeds/rss/",
            "bridge replies feed": f"/feeds/replies/{bridge.pk}/rss/",
            "match replies feed": f"/feeds/replies/{match.pk}/rss/",
            "sitemap": "/sitemap-articles.xml",
        },
    }


def edit_bridge(site):
    site["bridge"].headline = "Bridge closes for eleven weeks"
    site["bridge"].save()


def unpublish_bridge(site):
    site["bridge"].status = Article.Status.DRAFT
    site["bridge"].save()


def correct_bridge(site):
    Update.objects.create(article=site["bridge"], kind="correction", note="Fixed.")


def approve_held_reply(site):
    moderate(site["held"], Action.APPROVE)


def delete_shown_reply(site):
    site["shown"].delete()


def rename_section(site):
    site["city"].name = "Our city"
    site["city"].save()


def change_discussion_settings(site):
    policy = DiscussionSettings.current()
    policy.max_links = 5
    policy.save()


LISTINGS = {"front page", "sport section", "tag page", "author page", "rss feed"}

# write: (pages that must be rendered anew, pages that must stay cached)
RULES = {
    edit_bridge: (
        {"bridge page", "sitemap"} | LISTINGS,
        {"match page", "bridge replies feed", "match replies feed"},
    ),
    unpublish_bridge: (
        {"sitemap"} | LISTINGS,
        {"match page", "match replies feed"},
    ),
    correct_bridge: (
        {"bridge page", "front page"},
        {"match page", "bridge replies feed", "match replies feed"},
    ),
    approve_held_reply: (
        {"bridge page", "bridge replies feed", "front page"},
        {"match page", "match replies feed", "sitemap", "sport section"},
    ),
    delete_shown_reply: (
        {"bridge page", "bridge replies feed"},
        {"match page", "match replies feed", "sitemap"},
    ),
    rename_section: (
        {"bridge page", "match page", "front page", "sport section"},
        {"bridge replies feed", "match replies feed"},
    ),
    change_discussion_settings: (
        {"bridge page", "match page"},
        {"front page", "sport section", "rss feed", "sitemap"},
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


def test_a_renamed_section_shows_in_every_page_rendered_after_it(
    site, django_capture_on_commit_callbacks
):
    get(site["urls"]["match page"])
    with django_capture_on_commit_callbacks(execute=True):
        rename_section(site)
    assert ">Our city<" in get(site["urls"]["match page"])[2]
