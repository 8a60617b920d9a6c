"""The page cache in front of Django, driven through its WSGI interface."""

import http.server
import json
import queue
import threading
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.caching import store
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.replies.models import Reply
from broadsheet.replies.moderation import Action, moderate
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.posting import post_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles(db):
    return ArticleFactory(headline="First story"), ArticleFactory(
        headline="Second story"
    )


def test_second_read_is_a_hit_that_touches_no_database(
    two_articles, django_assert_num_queries
):
    url = two_articles[0].get_absolute_url()
    status, headers, body = get(url)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    with django_assert_num_queries(0):
        status, headers, again = get(url)
    assert (status, headers["X-Cache"], again) == (200, "HIT", body)


def test_a_page_kept_by_another_process_is_read_once_and_a_stale_one_never(
    two_articles, django_capture_on_commit_callbacks
):
    """A miss after a purge reads the stale page's small record, not the page
    (the 200-reply article is 200 KB): only a fresh page is read whole."""
    url = two_articles[0].get_absolute_url()
    get(url)
    read = []
    shared = caches["default"]
    real_get = shared.get

    def get_counted(key, *args, **kwargs):
        read.append(key)
        return real_get(key, *args, **kwargs)

    shared.get = get_counted
    try:
        store._memory.clear()  # another process: only the shared store
        assert get(url)[1]["X-Cache"] == "HIT"
        assert [k for k in read if store.PAGE_PREFIX in k], "the fresh page is read"
        with django_capture_on_commit_callbacks(execute=True):
            two_articles[0].headline = "First story, corrected"
            two_articles[0].save()
        read.clear()
        status, headers, body = get(url)
        assert headers["X-Cache"] == "MISS" and "First story, corrected" in body
        assert read and not [k for k in read if store.PAGE_PREFIX in k]
    finally:
        del shared.get


def test_shareable_pages_say_how_to_cache_them(two_articles):
    _, headers, _ = get(two_articles[0].get_absolute_url())
    assert (
        "public" in headers["Cache-Control"]
        and "s-maxage=300" in headers["Cache-Control"]
    )
    assert "stale-while-revalidate=60" in headers["Cache-Control"]
    keys = headers["Surrogate-Key"].split()
    assert (
        f"article-{two_articles[0].pk}" in keys
        and f"replies-{two_articles[0].pk}" in keys
    )
    assert headers["ETag"]


def test_editing_an_article_refreshes_its_page_and_listings_only(
    two_articles, django_capture_on_commit_callbacks
):
    first, second = two_articles
    for url in (first.get_absolute_url(), second.get_absolute_url(), "/"):
        get(url)
    with django_capture_on_commit_callbacks(execute=True):
        first.headline = "First story, corrected"
        first.save()
    status, headers, body = get(first.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and "First story, corrected" in body
    assert "First story, corrected" in get("/")[2]
    assert get(second.get_absolute_url())[1]["X-Cache"] == "HIT"


def test_unpublishing_removes_the_article_from_cached_pages(
    two_articles, django_capture_on_commit_callbacks
):
    first, _ = two_articles
    get(first.get_absolute_url())
    get("/feeds/rss/")
    with django_capture_on_commit_callbacks(execute=True):
        first.status = Article.Status.DRAFT
        first.save()
    assert get(first.get_absolute_url())[0] == 404
    assert "First story" not in get("/feeds/rss/")[2]


def test_approving_a_reply_refreshes_its_article_only(
    two_articles, django_capture_on_commit_callbacks
):
    first, second = two_articles
    reply = ReplyFactory(article=first, status="pending", text="A late thought.")
    get(first.get_absolute_url())
    get(second.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
    status, headers, body = get(first.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and "A late thought." in body
    assert get(second.get_absolute_url())[1]["X-Cache"] == "HIT"


def test_readers_with_their_own_replies_or_staff_sessions_bypass_the_cache(
    two_articles,
):
    url = two_articles[0].get_absolute_url()
    get(url)
    for cookie in ("broadsheet_replies=abc", "sessionid=xyz"):
        _, headers, _ = get(url, cookie=cookie)
        assert "X-Cache" not in headers or headers["X-Cache"] != "HIT"
        assert headers["Cache-Control"] == "private, no-cache"


def test_a_scheduled_article_limits_how_long_listings_are_kept(db):
    ArticleFactory(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(seconds=90),
    )
    _, headers, _ = get("/")
    s_maxage = int(headers["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 1 <= s_maxage <= 90


def test_scheduling_an_article_shortens_how_long_listings_are_kept(
    two_articles, django_capture_on_commit_callbacks
):
    get("/")  # nothing scheduled yet: kept for PAGE_CACHE_SECONDS
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(
            status=Article.Status.SCHEDULED,
            published_at=timezone.now() + timedelta(seconds=90),
        )
    _, headers, _ = get("/")
    s_maxage = int(headers["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 1 <= s_maxage <= 90


def test_cached_page_answers_if_none_match_with_304(two_articles):
    url = two_articles[0].get_absolute_url()
    _, headers, _ = get(url)
    status, hit_headers, body = get(url, if_none_match=headers["ETag"])
    assert (status, hit_headers["X-Cache"], body) == (304, "HIT", "")


def test_cached_page_answers_if_modified_since_with_304_unless_changed(
    two_articles, django_capture_on_commit_callbacks
):
    url = two_articles[0].get_absolute_url()
    _, headers, _ = get(url)
    modified = headers["Last-Modified"]
    status, hit_headers, body = get(url, if_modified_since=modified)
    assert (status, hit_headers["X-Cache"], body) == (304, "HIT", "")
    earlier = http_date(parse_http_date(modified) - 60)
    assert get(url, if_modified_since=earlier)[0] == 200
    # An ETag that no longer matches wins over a date that would (RFC 9110).
    assert get(url, if_none_match='"old"', if_modified_since=modified)[0] == 200


def test_error_pages_and_posts_are_never_kept(two_articles):
    for _ in range(2):
        status, headers, _ = get("/no-such-page/")
        assert (status, headers.get("X-Cache")) == (404, "MISS")
    url = two_articles[0].get_absolute_url()
    status, headers, _ = get(url, method="POST")
    assert status == 403 and "X-Cache" not in headers  # CSRF; past the cache
    status, headers, body = get(url)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    assert two_articles[0].headline in body


def test_a_held_reply_leaves_the_cached_page_alone_until_approved(
    client, settings, two_articles, django_capture_on_commit_callbacks
):
    settings.REPLIES_MIN_FILL_SECONDS = settings.REPLIES_FLOOD_SECONDS = 0
    first, _ = two_articles
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, first, comment="The first reply opens the discussion.")
    get(first.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_reply(client, first, comment="Held for now.")
    assert answer.status_code == 302
    reply = Reply.objects.get(text="Held for now.")
    assert reply.status == "pending"  # a stranger's first reply is held
    status, headers, body = get(first.get_absolute_url())
    assert headers["X-Cache"] == "HIT" and "Held for now." not in body
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
    status, headers, body = get(first.get_absolute_url())
    assert headers["X-Cache"] == "MISS" and "Held for now." in body


@pytest.fixture
def purge_hook():
    """A local HTTP server standing in for a CDN's purge endpoint."""
    received = queue.Queue()

    class Endpoint(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.put((self.headers["Content-Type"], self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/purge", received
    server.shutdown()


def test_every_purge_is_posted_to_the_purge_hook_with_its_keys(
    settings, two_articles, purge_hook, django_capture_on_commit_callbacks
):
    settings.PURGE_WEBHOOK_URL, received = purge_hook
    first, _ = two_articles
    with django_capture_on_commit_callbacks(execute=True):
        first.headline = "First story, updated"
        first.save()
    content_type, body = received.get(timeout=5)
    assert content_type == "application/json"
    assert json.loads(body) == {"keys": sorted([f"article-{first.pk}", "listings"])}


@pytest.mark.parametrize("stored_before", [True, False], ids=["again", "first"])
def test_a_page_sent_before_a_write_and_stored_after_it_is_not_fresh(
    two_articles, stored_before, django_capture_on_commit_callbacks
):
    first, _ = two_articles
    url = first.get_absolute_url()
    if stored_before:  # then the render knows its keys' versions beforehand
        get(url)
        with django_capture_on_commit_callbacks(execute=True):
            first.save()

    def write():
        with django_capture_on_commit_callbacks(execute=True):
            first.headline = "First story, rewritten meanwhile"
            first.save()

    status, headers, body = get(url, between=write)
    assert headers["X-Cache"] == "MISS" and "rewritten meanwhile" not in body
    status, headers, body = get(url)
    assert headers["X-Cache"] == "MISS" and "rewritten meanwhile" in body
    assert get(url)[1]["X-Cache"] == "HIT"


def test_with_https_required_a_plain_request_is_redirected_even_on_a_hit(
    two_articles, settings
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = two_articles[0].get_absolute_url()
    assert get(url, x_forwarded_proto="https")[0] == 200
    assert get(url, x_forwarded_proto="https")[1]["X-Cache"] == "HIT"
    # Past the cache, to Django, whose SecurityMiddleware redirects it (set up
    # when the server starts, so not re-read from this test's settings).
    status, headers, _ = get(url)
    assert headers.get("X-Cache") != "HIT"


def test_a_scheduled_article_is_purged_when_its_time_comes(
    settings, purge_hook, django_capture_on_commit_callbacks
):
    from django_tasks import task_backends

    from broadsheet.caching.invalidation import purge_at_publication

    settings.PURGE_WEBHOOK_URL, received = purge_hook
    at = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        later = ArticleFactory(
            headline="Embargoed story", status=Article.Status.SCHEDULED, published_at=at
        )
    received.get(timeout=5)  # the save's own purge
    (queued,) = task_backends["default"].deferred
    assert queued.task.name == "purge_at_publication"
    assert (queued.task.run_after, queued.args) == (at, [later.pk])
    # What the worker does at that time: the page and the listings go stale,
    # and a CDN in front hears of it.
    purge_at_publication.call(*queued.args)
    _, body = received.get(timeout=5)
    assert json.loads(body) == {"keys": sorted([f"article-{later.pk}", "listings"])}
