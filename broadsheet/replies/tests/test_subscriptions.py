"""'Notify me of follow-up replies': double opt-in and one-click unsubscribe."""

import re

import pytest
from django_tasks_db.models import DBTaskResult

from broadsheet.caching.tests.wsgi_client import get
from broadsheet.replies.models import DiscussionSettings, Subscription
from broadsheet.replies.moderation import Action, moderate
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.posting import post_reply
from broadsheet.replies.tokens import make_token

pytestmark = pytest.mark.django_db


def link_in(message, name):
    return re.search(
        rf"http://127\.0\.0\.1:8000(/replies/subscriptions/{name}/[^\s]+/)",
        message.body,
    ).group(1)


def press(client, url):
    """Open a mailed link as a browser does, and press the page's button."""
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return client.post(url, {"csrfmiddlewaretoken": token.group(1)} if token else {})


@pytest.fixture
def subscribed(client, an_article, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article, notify="on")
    confirmation = mailoutbox.pop()
    press(client, link_in(confirmation, "confirm"))
    return Subscription.objects.get()


def test_ticking_notify_sends_a_confirmation_first(
    client, an_article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article, notify="on")
    assert [m.to for m in mailoutbox] == [["olena@mail.example"]]
    assert "Confirm replies" in mailoutbox[0].subject
    assert Subscription.objects.get().confirmed_at is None
    response = press(client, link_in(mailoutbox[0], "confirm"))
    assert "Subscription confirmed" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_unconfirmed_subscribers_get_nothing(
    client, an_article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article, notify="on")
    mailoutbox.clear()
    reply = ReplyFactory(article=an_article, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
    assert mailoutbox == []


def test_confirmed_subscriber_hears_of_an_approved_reply_once(
    an_article, subscribed, mailoutbox, django_capture_on_commit_callbacks
):
    reply = ReplyFactory(article=an_article, status="pending", text="A new view.")
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
        moderate(reply, Action.UNAPPROVE)
        moderate(reply, Action.APPROVE)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["olena@mail.example"]
    assert "A new view." in message.body
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert reply.email not in message.body


def test_one_click_unsubscribe_works_as_a_bare_post(
    client, an_article, subscribed, mailoutbox, django_capture_on_commit_callbacks
):
    reply = ReplyFactory(article=an_article, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        moderate(reply, Action.APPROVE)
    url = link_in(mailoutbox[0], "stop")
    client.handler.enforce_csrf_checks = True
    assert client.post(url).status_code == 200
    assert not Subscription.objects.exists()
    assert client.get(url).status_code == 200  # a second click does no harm


def test_forged_links_are_refused(client):
    assert client.get("/replies/subscriptions/confirm/forged/").status_code == 404
    assert client.get("/replies/subscriptions/stop/forged/").status_code == 404


def test_auto_approved_reply_notifies_subscribers_but_not_its_author(
    client, an_article, subscribed, mailoutbox, django_capture_on_commit_callbacks
):
    policy = DiscussionSettings.current()
    policy.moderation = DiscussionSettings.Moderation.AUTO_APPROVE
    policy.save()
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article, comment="My own follow-up.")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(
            client,
            an_article,
            comment="Someone else.",
            name="Ben",
            email="ben@mail.example",
        )
    assert [m.to for m in mailoutbox] == [["olena@mail.example"]]


@pytest.fixture
def confirm_link(client, an_article, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article, notify="on")
    return link_in(mailoutbox.pop(), "confirm")


def test_opening_the_confirmation_link_only_shows_a_button(client, confirm_link):
    # Mail gateways open links to scan them: that must not subscribe anyone.
    assert client.head(confirm_link).status_code == 200
    html = client.get(confirm_link).content.decode()
    assert Subscription.objects.get().confirmed_at is None
    assert re.search(
        r'<form method="post" action="/replies/subscriptions/confirm/', html
    )
    client.handler.enforce_csrf_checks = True
    assert client.post(confirm_link).status_code == 403  # the site's CSRF check
    assert Subscription.objects.get().confirmed_at is None
    assert "Subscription confirmed" in press(client, confirm_link).content.decode()
    assert Subscription.objects.get().confirmed_at is not None


def test_opening_the_unsubscribe_link_stops_nothing_until_the_button(
    client, an_article, subscribed
):
    url = f"/replies/subscriptions/stop/{make_token('unsubscribe', subscribed.pk)}/"
    assert client.head(url).status_code == 200
    html = client.get(url).content.decode()
    assert Subscription.objects.filter(pk=subscribed.pk).exists()
    assert re.search(r'<form method="post" action="/replies/subscriptions/stop/', html)
    assert "Unsubscribed" in press(client, url).content.decode()
    assert not Subscription.objects.exists()


def test_subscription_pages_are_never_stored_by_a_cache(client, confirm_link):
    subscription = Subscription.objects.get()
    stop = f"/replies/subscriptions/stop/{make_token('unsubscribe', subscription.pk)}/"
    for url in [confirm_link, stop]:
        for _ in range(2):
            status, headers, _body = get(url)
            assert status == 200, url
            assert headers.get("X-Cache") != "HIT", url
            cache_control = headers["Cache-Control"]
            assert "private" in cache_control and "no-store" in cache_control, url
            assert "public" not in cache_control and "s-maxage" not in cache_control
            assert "Surrogate-Key" not in headers, url
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize("subscribed_already", [True, False])
def test_the_reply_limit_does_not_tell_who_is_subscribed(
    client, an_article, settings, subscribed_already
):
    # Every reply counts, subscribed or not: the limit is no oracle.
    settings.REPLIES_RATE_LIMIT = 2
    settings.REPLIES_FLOOD_SECONDS = 0
    if subscribed_already:
        Subscription.objects.create(article=an_article, email="olena@mail.example")
    answers = [
        post_reply(client, an_article, comment=f"Reply {n}", notify="on").status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]


def _queued_announcements():
    return DBTaskResult.objects.filter(task_path__endswith=".announce_reply").count()


def test_a_reply_nobody_else_follows_queues_no_announcement(
    client, an_article, subscribed, settings, django_capture_on_commit_callbacks
):
    policy = DiscussionSettings.current()
    policy.moderation = DiscussionSettings.Moderation.AUTO_APPROVE
    policy.save()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Its only subscriber is its author: nobody to tell, no task for the worker.
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article, comment="My own follow-up.")
    assert _queued_announcements() == 0
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(
            client, an_article, comment="Another.", name="Ben", email="ben@mail.example"
        )
    assert _queued_announcements() == 1
