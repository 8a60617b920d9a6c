"""Long threads come in pages of whole threads, with a permalink to any reply."""

import json
import re

import pytest

from broadsheet.caching.tests.wsgi_client import get
from broadsheet.replies import moderation
from broadsheet.replies.models import DiscussionSettings, Reply
from broadsheet.replies.tests.factories import ReplyFactory, approved_replies

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    settings = DiscussionSettings.current()
    settings.replies_per_page = 2
    settings.save()
    return settings


@pytest.fixture
def threads(an_article, policy):
    """Five threads, oldest first; the second has an answer with an answer."""
    roots = [
        ReplyFactory(article=an_article, text=f"Thread {n} opens.") for n in range(5)
    ]
    answer = ReplyFactory(article=an_article, parent=roots[1], text="An answer.")
    ReplyFactory(article=an_article, parent=answer, text="An answer to it.")
    return roots


def shown(client, article, query=""):
    page = client.get(article.get_absolute_url() + query)
    return page.status_code, re.findall(
        r"<p>(Thread \d opens\.|An answer[^<]*)</p>", page.content.decode()
    )


def test_each_page_holds_whole_threads_oldest_first(client, an_article, threads):
    assert shown(client, an_article) == (
        200,
        ["Thread 0 opens.", "Thread 1 opens.", "An answer.", "An answer to it."],
    )
    assert shown(client, an_article, "?replies-page=2")[1] == [
        "Thread 2 opens.",
        "Thread 3 opens.",
    ]
    assert shown(client, an_article, "?replies-page=3")[1] == ["Thread 4 opens."]


def test_newest_threads_first_when_the_newsroom_says_so(
    client, an_article, threads, policy
):
    policy.reply_order = "newest"
    policy.save()
    assert shown(client, an_article)[1] == ["Thread 4 opens.", "Thread 3 opens."]
    assert shown(client, an_article, "?replies-page=2")[1] == [
        "Thread 2 opens.",
        "Thread 1 opens.",
        "An answer.",
        "An answer to it.",
    ]


@pytest.mark.parametrize(
    "query", ["?replies-page=4", "?replies-page=0", "?replies-page=x"]
)
def test_a_page_that_does_not_exist_is_a_404(client, an_article, threads, query):
    assert client.get(an_article.get_absolute_url() + query).status_code == 404


def test_pages_link_to_each_other_and_every_page_gives_the_whole_count(
    client, an_article, threads
):
    page = client.get(an_article.get_absolute_url() + "?replies-page=2").content
    page = page.decode()
    assert "Page 2 of 3 of the replies" in page
    assert f'href="{an_article.get_absolute_url()}#replies" rel="prev"' in page
    assert '?replies-page=3#replies" rel="next"' in page
    assert ">7 replies</h2>" in page
    data = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page)
    graph = json.loads(data.group(1))
    assert graph[0]["commentCount"] == 7


def test_a_replys_permalink_opens_the_page_that_holds_it(client, an_article, threads):
    nested = Reply.objects.get(text="An answer to it.")
    response = client.get(f"/replies/{nested.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{an_article.get_absolute_url()}#reply-{nested.pk}"
    last = threads[4]
    assert client.get(last.get_absolute_url())["Location"] == (
        f"{an_article.get_absolute_url()}?replies-page=3#reply-{last.pk}"
    )
    held = ReplyFactory(article=an_article, status="pending")
    assert client.get(held.get_absolute_url()).status_code == 404


def test_each_page_is_cached_and_a_new_reply_refreshes_them(
    an_article, threads, django_capture_on_commit_callbacks
):
    url = an_article.get_absolute_url() + "?replies-page=3"
    assert get(url)[1]["X-Cache"] == "MISS"
    assert get(url)[1]["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        reply = Reply(article=an_article, name="Reader", text="Thread 5 opens.")
        moderation.post(reply, moderation.Decision(Reply.Status.APPROVED))
    status, headers, body = get(url)
    assert headers["X-Cache"] == "MISS" and "Thread 5 opens." in body


def test_a_story_with_ten_thousand_replies_sends_a_small_page(
    client, an_article, django_assert_max_num_queries
):
    DiscussionSettings.current()  # the default: 50 threads a page
    approved_replies(
        an_article, 10_000, text="Reply number {n}, with a few words in it."
    )
    with django_assert_max_num_queries(20):
        response = client.get(an_article.get_absolute_url() + "?replies-page=200")
    page = response.content.decode()
    assert response.status_code == 200, page
    assert re.search(r">10,?000 replies</h2>", page), re.findall("<h2[^<]*", page)
    assert "Reply number 9999," in page and "Reply number 9949," not in page
    assert len(response.content) < 250_000


def test_an_answer_to_a_hidden_reply_is_paged_as_a_thread_of_its_own(
    client, an_article, threads
):
    moderation.moderate(threads[1], moderation.Action.SPAM)
    assert shown(client, an_article)[1] == ["Thread 0 opens.", "Thread 2 opens."]
    assert shown(client, an_article, "?replies-page=3")[1] == [
        "An answer.",
        "An answer to it.",
    ]
    assert shown(client, an_article, "?replies-page=4")[0] == 404


def test_an_answer_to_a_reply_hidden_since_the_form_read_it_is_on_a_page(
    client, an_article, policy
):
    policy.replies_per_page = 1
    policy.save()
    ReplyFactory(article=an_article, text="Thread 0 opens.")
    parent = ReplyFactory(article=an_article, text="Thread 1 opens.")
    # The reader's form found the parent shown; a moderator hides it before
    # the answer is saved.
    moderation.moderate(Reply.objects.get(pk=parent.pk), moderation.Action.SPAM)
    ReplyFactory(article=an_article, parent=parent, text="An answer.")
    assert shown(client, an_article, "?replies-page=2")[1] == ["An answer."]
    assert shown(client, an_article, "?replies-page=3")[0] == 404


def test_a_page_the_count_promised_but_a_moderator_emptied_is_an_empty_page(
    client, an_article, threads
):
    """The count of threads is read before the page's replies: a thread's top
    reply hidden in between leaves the last page empty, not broken."""
    from broadsheet.replies.models import Discussion

    Discussion.objects.filter(article=an_article).update(thread_count=7)
    status, replies = shown(client, an_article, "?replies-page=4")
    assert (status, replies) == (200, [])


def test_reply_times_are_written_in_the_newsrooms_zone(client, an_article, settings):
    import datetime as dt

    settings.TIME_ZONE = "Europe/Kyiv"
    ReplyFactory(
        article=an_article,
        text="Thread 0 opens.",
        created_at=dt.datetime(2025, 3, 17, 10, 5, tzinfo=dt.UTC),
    )
    page = client.get(an_article.get_absolute_url()).content.decode()
    assert (
        '<time datetime="2025-03-17T12:05:00+02:00">17 Mar 2025, 12:05</time>' in page
    )
