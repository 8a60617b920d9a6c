"""'Notify me of follow-up replies': double opt-in and one-click unsubscribe."""

import re

import pytest

from broadsheet.replies.models import DiscussionSettings, Subscription
from broadsheet.replies.moderation import Action, moderate
from broadsheet.replies.tests.factories import ReplyFactory
from broadsheet.replies.tests.posting import post_reply

pytestmark = pytest.mark.django_db


def link_in(message, name):
    return re.search(
        rf"http://127\.0\.0\.1:8000(/replies/subscriptions/{name}/[^\s]+/)",
        message.body,
    ).group(1)


@pytest.fixture
def subscribed(client, an_article, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article, notify="on")
    confirmation = mailoutbox.pop()
    client.get(link_in(confirmation, "confirm"))
    return Subscription.objects.get()


def test_ticking_notify_sends_a_confirmation_first(
    client, an_article, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_reply(client, an_article, notify="on")
    assert [m.to for m in mailoutbox] == [["olena@mail.example"]]
    assert "Confirm replies" in mailoutbox[0].subject
    assert Subscription.objects.get().confirmed_at is None
    response = client.get(link_in(mailoutbox[0], "confirm"))
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
