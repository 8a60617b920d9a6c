"""'Follow this story': double opt-in, one mail a new piece, one-click unsubscribe."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.stories.following import announce_piece
from broadsheet.stories.models import Follower
from broadsheet.stories.tests.conftest import days_ago
from broadsheet.stories.tests.following import FOLLOW_URL, follow, link_in, press

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(client, talks, mailoutbox, django_capture_on_commit_callbacks):
    """A confirmed follower of the talks, with the mailbox emptied."""
    with django_capture_on_commit_callbacks(execute=True):
        follow(client)
    press(client, link_in(mailoutbox.pop(), "confirm"))
    assert mailoutbox == []
    return Follower.objects.get()


def add_piece(story, captured, **fields):
    article = ArticleFactory(**{"headline": "Both sides sign in Geneva", **fields})
    with captured(execute=True):
        story.pieces.create(article=article)
    return article


def test_the_whole_flow_from_follow_to_one_click_unsubscribe(
    client, talks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    [confirmation] = mailoutbox
    assert confirmation.to == ["olena@mail.example"]  # the one normalised form
    assert "Confirm following “Ceasefire talks”" in confirmation.subject
    assert Follower.objects.get().confirmed_at is None

    page = press(client, link_in(confirmation, "confirm")).content.decode()
    assert "You are following this story" in page
    follower = Follower.objects.get()
    assert follower.confirmed_at is not None

    mailoutbox.clear()
    article = add_piece(talks["story"], django_capture_on_commit_callbacks)
    [news] = mailoutbox
    assert news.to == ["olena@mail.example"]
    assert "Both sides sign in Geneva" in news.subject
    assert article.get_absolute_url() in news.body
    stop = link_in(news, "stop")
    assert news.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{stop}>"
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    client.handler.enforce_csrf_checks = True  # a mail client's bare POST
    response = client.post(stop, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Unsubscribed" in response.content.decode()
    assert not Follower.objects.exists()
    assert client.get(stop).status_code == 200  # a second click does no harm
    mailoutbox.clear()
    add_piece(talks["story"], django_capture_on_commit_callbacks, headline="More")
    assert mailoutbox == []


def test_unconfirmed_followers_get_nothing_but_the_confirmation(
    client, talks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow(client)
    mailoutbox.clear()
    add_piece(talks["story"], django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_a_piece_is_announced_once_however_often_it_is_saved(
    talks, follower, mailoutbox, django_capture_on_commit_callbacks
):
    article = add_piece(talks["story"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "Both sides sign, at last"
        article.save()
        article.save()
    assert len(mailoutbox) == 1


def test_publishing_a_draft_in_the_story_announces_it(
    talks, follower, mailoutbox, django_capture_on_commit_callbacks
):
    draft = talks["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Article.Status.PUBLISHED
        draft.published_at = timezone.now()
        draft.save()
    [news] = mailoutbox
    assert "Unpublished leak" in news.subject


def test_a_scheduled_piece_is_announced_when_its_time_comes(
    talks, follower, mailoutbox, django_capture_on_commit_callbacks
):
    when = timezone.now() + timedelta(hours=3)
    article = ArticleFactory(
        headline="Statement at noon", status=Article.Status.SCHEDULED, published_at=when
    )
    with django_capture_on_commit_callbacks(execute=True):
        talks["story"].pieces.create(article=article)
    assert mailoutbox == []  # queued for later, not sent now
    backend = announce_piece.get_backend()
    [queued] = [r for r in backend.deferred if r.task.func is announce_piece.func]
    assert queued.task.run_after == when
    assert announce_piece.call(*queued.args) == "not published (yet)"
    with time_machine.travel(when + timedelta(seconds=1)):
        announce_piece.call(*queued.args)
    [news] = mailoutbox
    assert "Statement at noon" in news.subject


def test_an_archive_piece_added_to_a_story_is_not_news(
    talks, follower, mailoutbox, django_capture_on_commit_callbacks
):
    add_piece(
        talks["story"], django_capture_on_commit_callbacks, published_at=days_ago(30)
    )
    assert mailoutbox == []


def test_following_twice_mails_one_confirmation_and_says_the_same(
    client, talks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = follow(client, email="olena@mail.example")
        second = follow(client, email="OLENA@mail.example ")
    assert first.content == second.content
    assert len(mailoutbox) == 1
    assert Follower.objects.count() == 1


def test_a_confirmed_follower_following_again_is_told_nothing_new(
    client, talks, follower, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = follow(client)
    assert "Check your email" in response.content.decode()
    assert mailoutbox == []


def test_one_network_may_follow_only_so_often(
    client, talks, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.STORY_FOLLOWS_PER_IP = 2
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            follow(client, email=f"r{n}@mail.example").status_code for n in range(3)
        ]
    assert answers == [200, 200, 429]
    assert len(mailoutbox) == 2
    assert follow(client, email="r9@mail.example", ip="203.0.113.9").status_code == 200


def test_a_bad_address_is_refused_with_the_form_and_nothing_kept(client, talks):
    response = follow(client, email="not an address <script>")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please give a valid email address" in page
    assert 'aria-invalid="true"' in page and "<script>" not in page
    assert not Follower.objects.exists()


def test_a_cross_site_post_is_refused(client, talks):
    response = follow(client, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not Follower.objects.exists()


def test_the_follow_page_works_without_javascript(client, talks):
    page = client.get(FOLLOW_URL).content.decode()
    assert 'action="/stories/ceasefire-talks/follow/"' in page
    assert 'type="email"' in page
    assert 'href="/stories/ceasefire-talks/feed/rss/">RSS</a>' in page  # or by feed


def test_forged_or_expired_links_are_refused(
    client, talks, mailoutbox, django_capture_on_commit_callbacks
):
    assert client.get("/stories/following/confirm/forged/").status_code == 404
    assert client.get("/stories/following/stop/forged/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        follow(client)
    link = link_in(mailoutbox[0], "confirm")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.get(link).status_code == 404
        assert client.post(link).status_code == 404
    assert Follower.objects.get().confirmed_at is None


def test_a_reply_subscription_link_does_not_open_a_follower(client, talks, follower):
    from broadsheet.replies.tokens import make_token

    for purpose in ("confirm", "unsubscribe"):
        token = make_token(purpose, follower.pk)
        assert client.get(f"/stories/following/stop/{token}/").status_code == 404
    assert Follower.objects.filter(pk=follower.pk).exists()


def test_the_address_appears_on_no_public_page_or_feed(
    client, talks, follower, mailoutbox, django_capture_on_commit_callbacks
):
    add_piece(talks["story"], django_capture_on_commit_callbacks)
    for url in [
        "/stories/ceasefire-talks/",
        "/stories/",
        "/stories/ceasefire-talks/feed/rss/",
        "/stories/ceasefire-talks/feed/atom/",
        "/stories/ceasefire-talks/feed/json/",
        talks["first"].get_absolute_url(),
        FOLLOW_URL,
        "/sitemap-stories.xml",
    ]:
        body = client.get(url).content.decode().lower()
        assert "olena" not in body, url
