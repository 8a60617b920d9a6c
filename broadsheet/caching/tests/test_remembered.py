"""What a cache miss reads again, and what it keeps: values and fragments kept
in the process until the surrogate keys they depend on are purged."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet import generation
from broadsheet.articles.models import Article, Byline, Section, Update
from broadsheet.articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    TagFactory,
)
from broadsheet.caching import store
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.live.tests.factories import CoverageFactory, EntryFactory
from broadsheet.media.tests.factories import library_image
from broadsheet.pages.models import Menu, MenuItem
from broadsheet.replies.moderation import Action, moderate
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.stories.tests.factories import StoryFactory
from broadsheet.surrogate import SECTIONS

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)

# Values every page shows and only their own writes change.
SITE_WIDE = [
    'FROM "articles_section"',  # the navigation
    'FROM "pages_menu"',  # the header and footer menus
    'FROM "stories_banner"',  # the breaking-news banner
    'FROM "replies_discussionsettings"',  # the discussion settings
    'FROM "live_livecoverage"',  # which articles have live coverage
]


@pytest.fixture
def two_articles(db):
    return ArticleFactory(headline="First story"), ArticleFactory(
        headline="Second story"
    )


def _site_wide_reads(url):
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = get(url)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    return [table for table in SITE_WIDE for q in queries if table in q["sql"]], body


def test_a_miss_after_an_edit_reads_only_what_the_edit_changed(
    two_articles, django_capture_on_commit_callbacks
):
    first, second = two_articles
    get(first.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        first.headline = "First story, corrected"
        first.save()
    reads, body = _site_wide_reads(first.get_absolute_url())
    assert reads == [] and "First story, corrected" in body
    # The same for a page the edit did not purge, once a purge anywhere happened.
    with django_capture_on_commit_callbacks(execute=True):
        second.headline = "Second story, corrected"
        second.save()
    assert _site_wide_reads("/")[0] == []


# What an article's page shows besides its own row and section.
ARTICLE_PARTS = [
    'FROM "articles_byline"',
    'FROM "articles_tag"',
    'FROM "articles_update"',
]


def test_an_edit_of_the_text_keeps_the_bylines_tags_and_updates_until_their_own_writes(
    django_capture_on_commit_callbacks,
):
    author, tag = AuthorFactory(name="Ana Lima"), TagFactory(name="Harbour")
    article = ArticleFactory(headline="Cranes arrive", authors=[author], tags=[tag])
    url = article.get_absolute_url()
    get(url)
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Cranes arrive at last"
        article.save()
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = get(url)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    parts = [q["sql"] for q in queries if any(t in q["sql"] for t in ARTICLE_PARTS)]
    assert parts == []
    assert "Cranes arrive at last" in body
    assert 'rel="author">Ana Lima</a>' in body and 'rel="tag">Harbour</a>' in body

    # Each write to the parts themselves shows on the next miss.
    second, third = AuthorFactory(name="Bo Chen"), AuthorFactory(name="Cy Diaz")
    writes = [
        (lambda: article.tags.add(TagFactory(name="Cranes")), 'rel="tag">Cranes</a>'),
        (
            lambda: Update.objects.create(article=article, note="Finnish cranes."),
            "Finnish cranes.",
        ),
        (
            lambda: Byline.objects.create(article=article, author=second, position=1),
            'rel="author">Bo Chen</a>',
        ),
        (
            lambda: article.authors.add(third, through_defaults={"position": 2}),
            'rel="author">Cy Diaz</a>',
        ),
    ]
    for write, shown in writes:
        with django_capture_on_commit_callbacks(execute=True):
            write()
        assert shown in get(url)[2], shown
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.remove(tag)
        Byline.objects.filter(author=author).delete()
        Update.objects.filter(article=article).delete()
    body = get(url)[2]
    assert 'rel="author">Bo Chen</a>' in body and 'rel="tag">Cranes</a>' in body
    assert "Ana Lima" not in body and "Harbour" not in body
    assert "Finnish cranes." not in body


def test_kept_navigation_gives_way_to_its_own_change(
    two_articles, django_capture_on_commit_callbacks
):
    first, second = two_articles
    get(first.get_absolute_url())
    # An unrelated purge first, so the kept values are checked by their keys.
    with django_capture_on_commit_callbacks(execute=True):
        second.save()
    with django_capture_on_commit_callbacks(execute=True):
        section = Section.objects.get(pk=first.section_id)
        section.name = "Town hall"
        section.save()
        menu = Menu.objects.create(place=Menu.Place.FOOTER)
        MenuItem.objects.create(
            menu=menu, position=1, url="https://example.org/tips", label="Send a tip"
        )
    reads, body = _site_wide_reads(first.get_absolute_url())
    assert 'FROM "articles_section"' in reads and 'FROM "pages_menu"' in reads
    assert "Town hall" in body and "Send a tip" in body


def renders_of(name):
    """The headlines of the articles the template `name` is rendered for."""
    rendered = []

    def count(sender, template, **kwargs):
        if template.name == name:
            rendered.append(kwargs["context"]["article"].headline)

    template_rendered.connect(count)
    yield rendered
    template_rendered.disconnect(count)


@pytest.fixture
def card_renders():
    yield from renders_of("articles/includes/card.html")


@pytest.fixture
def story_renders():
    yield from renders_of("articles/includes/story.html")


def test_a_publication_renders_only_the_new_card(
    two_articles, card_renders, django_capture_on_commit_callbacks
):
    get("/")
    assert sorted(card_renders) == ["First story", "Second story"]
    card_renders.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(headline="Third story")
    status, headers, body = get("/")
    # The new lead, and the old lead now in the grid; not the first story's.
    assert headers["X-Cache"] == "MISS"
    assert sorted(card_renders) == ["Second story", "Third story"]
    assert all(f"{n} story" in body for n in ("First", "Second", "Third"))


def test_a_kept_card_still_shows_its_edits_and_its_reply_count(
    two_articles, card_renders, django_capture_on_commit_callbacks
):
    first, _ = two_articles
    reply = ReplyFactory(article=first, text="Well reported.", status="pending")
    get("/")
    card_renders.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
    status, headers, body = get("/")
    # Only the count changed: no card rendered again, the count is new.
    assert card_renders == [] and "1 reply" in body
    with django_capture_on_commit_callbacks(execute=True):
        first.dek = "A closer vote than expected."
        first.save()
    body = get("/")[2]
    assert card_renders == ["First story"]
    assert "A closer vote than expected." in body and "1 reply" in body


def test_a_kept_story_still_shows_its_reply_count_and_its_edits(
    two_articles, story_renders, django_capture_on_commit_callbacks
):
    first, _ = two_articles
    reply = ReplyFactory(article=first, text="Well reported.", status="pending")
    get(first.get_absolute_url())
    assert story_renders == ["First story"]
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
    status, headers, body = get(first.get_absolute_url())
    # The article itself is not rendered again; its reply count line is new.
    assert headers["X-Cache"] == "MISS" and story_renders == ["First story"]
    assert '<a href="#replies">1 reply</a>' in body and "Well reported." in body
    with django_capture_on_commit_callbacks(execute=True):
        first.dek = "A closer vote than expected."
        first.save()
    body = get(first.get_absolute_url())[2]
    assert story_renders == ["First story", "First story"]
    assert "A closer vote than expected." in body and "1 reply</a>" in body


@pytest.fixture
def head_renders():
    yield from renders_of("syndication/article_head.html")


def _json_ld(body):
    start = body.index('<script type="application/ld+json"')
    start = body.index(">", start) + 1
    return json.loads(body[start : body.index("</script>", start)])[0]


def test_a_kept_head_still_counts_replies_and_shows_edits_and_live_coverage(
    two_articles, head_renders, django_capture_on_commit_callbacks
):
    first, _ = two_articles
    reply = ReplyFactory(article=first, text="Well reported.", status="pending")
    body = get(first.get_absolute_url())[2]
    assert _json_ld(body)["commentCount"] == 0 and len(head_renders) == 1
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
    status, headers, body = get(first.get_absolute_url())
    # The head's article part is not rendered again; its JSON-LD counts anew.
    assert headers["X-Cache"] == "MISS" and len(head_renders) == 1
    assert _json_ld(body)["commentCount"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        EntryFactory(coverage=CoverageFactory(article=first))
    body = get(first.get_absolute_url())[2]
    assert _json_ld(body)["@type"] == "LiveBlogPosting" and len(head_renders) == 1
    assert "Live updates (RSS)" in body
    with django_capture_on_commit_callbacks(execute=True):
        first.headline = "First story, corrected"
        first.save()
    body = get(first.get_absolute_url())[2]
    assert len(head_renders) == 2
    assert '<meta property="og:title" content="First story, corrected">' in body
    data = _json_ld(body)
    assert data["headline"] == "First story, corrected"
    assert data["commentCount"] == 1 and data["@type"] == "LiveBlogPosting"


def test_an_article_edited_while_its_page_renders_is_not_kept_as_it_was(
    two_articles, django_capture_on_commit_callbacks
):
    first, _ = two_articles
    edited = []

    def edit_once(sender, template, **kwargs):
        # The view has read the article; an editor's correction commits (and
        # purges) before the page's template renders the article's part.
        if template.name == "articles/article_detail.html" and not edited:
            edited.append(True)
            with django_capture_on_commit_callbacks(execute=True):
                correcting = Article.objects.get(pk=first.pk)
                correcting.headline = "First story, corrected"
                correcting.save()

    template_rendered.connect(edit_once)
    try:
        get(first.get_absolute_url())
    finally:
        template_rendered.disconnect(edit_once)
    status, headers, body = get(first.get_absolute_url())
    assert headers["X-Cache"] == "MISS"
    assert 'id="headline">First story, corrected<' in body


def test_a_miss_after_a_reply_reads_no_article(
    two_articles, django_capture_on_commit_callbacks
):
    first, _ = two_articles
    reply = ReplyFactory(article=first, text="Well reported.", status="pending")
    get(first.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = get(first.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and "Well reported." in body
    assert not [q for q in queries if 'FROM "articles_article"' in q["sql"]]


def test_a_kept_article_shows_live_coverage_begun_after_it_was_kept(
    two_articles, django_capture_on_commit_callbacks
):
    first, _ = two_articles
    assert "Update number" not in get(first.get_absolute_url())[2]
    with django_capture_on_commit_callbacks(execute=True):
        EntryFactory(coverage=CoverageFactory(article=first))
    status, headers, body = get(first.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and "Update number" in body


def test_a_kept_card_and_page_show_an_image_description_edited_later(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    image = library_image(alt_text="Cranes over the harbour")
    article = ArticleFactory(headline="Harbour works", featured_image=image)
    for url in ("/", article.get_absolute_url()):
        assert 'alt="Cranes over the harbour"' in get(url)[2]
    with django_capture_on_commit_callbacks(execute=True):
        image.alt_text = "Two cranes lift a span of the new bridge"
        image.save()
    for url in ("/", article.get_absolute_url()):
        status, headers, body = get(url)
        assert headers["X-Cache"] == "MISS", url
        assert 'alt="Two cranes lift a span of the new bridge"' in body, url
    # The kept <head> too: its link preview's description.
    assert (
        '<meta property="og:image:alt" content="Two cranes lift a span of the new '
        'bridge">'
    ) in body


def test_a_kept_story_box_shows_a_scheduled_piece_once_its_time_comes(
    django_capture_on_commit_callbacks,
):
    """Every shared page's s-maxage ends at the next publication, so the page
    renders again then; the story box it shows must not wait for the worker's
    purge (still deferred here) to list the piece whose time has come."""
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        opening = ArticleFactory(headline="Talks open", published_at=now - HOUR)
        closing = ArticleFactory(
            headline="Talks end in a deal",
            status=Article.Status.SCHEDULED,
            published_at=now + HOUR,
        )
        StoryFactory(name="Ceasefire talks", pieces=[opening, closing])
    assert "Talks end in a deal" not in get(opening.get_absolute_url())[2]
    with time_machine.travel(now + 2 * HOUR):
        status, headers, body = get(opening.get_absolute_url())
    assert headers["X-Cache"] == "MISS"
    assert "Talks end in a deal" in body


def test_versions_read_in_one_purge_generation_are_bounded(
    monkeypatch, django_capture_on_commit_callbacks
):
    """A crawler walking the archive between two purges must not grow the
    versions a process keeps for the current generation without bound (three
    keys an article page: 100,000 pages would keep 300,000 of them)."""
    monkeypatch.setattr(store, "VERSIONS_READ_LIMIT", 20)
    articles = ArticleFactory.create_batch(15)
    with django_capture_on_commit_callbacks(execute=True):
        articles[0].save()  # a purge: what follows is one generation
    for article in articles:
        for _ in range(2):  # rendered, then answered from the shared cache
            assert get(article.get_absolute_url())[0] == 200
    assert len(store._read_at[1]) <= 20


def test_a_key_evicted_and_made_again_does_not_keep_pages_missing(
    two_articles, django_capture_on_commit_callbacks
):
    """The file cache culls a third of its files when full, surrogate keys'
    versions included; the next process to need one gives it a new version.
    A process that read the old one in this generation must not then find
    every page stored under the new one stale (and store its own render
    under the old one, stale for every other process) until the next purge."""
    first, second = two_articles
    with django_capture_on_commit_callbacks(execute=True):
        first.save()  # a purge: what follows is one generation
    get(first.get_absolute_url())  # reads `sections` in this generation
    cache.delete(store.KEY_PREFIX + SECTIONS)  # culled
    url = second.get_absolute_url()
    assert get(url)[1]["X-Cache"] == "MISS"  # stored under a new `sections`
    assert get(url)[1]["X-Cache"] == "HIT"


def test_kept_cards_and_articles_show_renamed_authors_and_tags_and_moved_slugs(
    django_capture_on_commit_callbacks,
):
    author, tag = AuthorFactory(name="Ana Lima"), TagFactory(name="Harbour")
    article = ArticleFactory(headline="Cranes arrive", authors=[author], tags=[tag])
    old_url = article.get_absolute_url()
    for url in ("/", old_url):
        assert "Ana Lima" in get(url)[2]
    with django_capture_on_commit_callbacks(execute=True):
        author.name, tag.name = "Ana Lima-Sousa", "Port works"
        author.save()
        tag.save()
    assert "Ana Lima-Sousa" in get("/")[2]
    body = get(old_url)[2]
    assert "Ana Lima-Sousa" in body and "Port works" in body
    with django_capture_on_commit_callbacks(execute=True):
        article.slug = "cranes-arrive-at-last"
        article.save()
    status, headers, _ = get(old_url)
    assert (status, headers["Location"]) == (301, article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.DRAFT
        article.save()
    assert get(article.get_absolute_url())[0] == 404
    assert get(old_url)[0] == 404
    assert "Cranes arrive" not in get("/")[2]


def test_reply_pages_that_do_not_exist_are_not_kept(two_articles):
    """?replies-page=N answers 404 past the last page; a crawler or anyone
    asking for a million of them must not fill each process's kept values
    (pushing out what every page shows) nor the shared cache for a day."""
    first, _ = two_articles
    url = first.get_absolute_url()
    assert get(url)[0] == 200
    kept = len(generation._remembered)
    for number in range(2, 12):
        assert get(f"{url}?replies-page={number}")[0] == 404
    assert len(generation._remembered) == kept
    threads = [key for key in cache._cache if ":thread:" in key]
    assert len(threads) == 1 and threads[0].endswith(":1")  # the first page alone
