"""What the follow form and its mailed links must not give away or do by themselves.

- the rate limit counts every accepted request, so it says nothing of who
  follows already, and caps the confirmation mail one network can cause;
- a link only shows a page: a GET or HEAD (a mail gateway scanning links)
  confirms or stops nothing, the button on the page does, and no token page is
  stored by the page cache or a CDN.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from broadsheet.caching.tests.wsgi_client import get
from broadsheet.stories.models import Follower
from broadsheet.stories.tests.following import follow, link_in, press

pytestmark = pytest.mark.django_db


@pytest.fixture
def unconfirmed(client, talks, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        follow(client, ip="203.0.113.50")
    return link_in(mailoutbox.pop(), "confirm")


@pytest.mark.parametrize("already_follows", [True, False])
def test_the_rate_limit_does_not_tell_who_follows_already(
    client, talks, settings, already_follows, django_capture_on_commit_callbacks
):
    settings.STORY_FOLLOWS_PER_IP = 3
    if already_follows:
        talks["story"].followers.create(
            email="target@mail.example", confirmed_at=timezone.now()
        )
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            follow(client, email=email).status_code
            for email in [
                "new1@mail.example",
                "new2@mail.example",
                "target@mail.example",
                "new3@mail.example",
            ]
        ]
    assert answers == [200, 200, 200, 429]


def test_asking_again_for_unconfirmed_addresses_counts_toward_the_limit(
    client, talks, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.STORY_FOLLOWS_PER_IP = 3
    start = timezone.now()
    mails_per_hour = []
    for hour in range(3):
        with time_machine.travel(start + timedelta(minutes=61 * hour), tick=False):
            mailoutbox.clear()
            with django_capture_on_commit_callbacks(execute=True):
                for email in ["a", "b", "c", f"new{hour}"]:
                    follow(client, email=f"{email}@mail.example")
            mails_per_hour.append(len(mailoutbox))
    assert mails_per_hour == [3, 3, 3]


def test_a_refused_request_mails_nothing(
    client, talks, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.STORY_FOLLOWS_PER_IP = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert follow(client, email="a@mail.example").status_code == 200
        assert follow(client, email="b@mail.example").status_code == 429
    assert [m.to for m in mailoutbox] == [["a@mail.example"]]
    assert not Follower.objects.filter(email="b@mail.example").exists()


def test_opening_the_confirmation_link_only_shows_a_button(client, unconfirmed):
    page = client.get(unconfirmed)
    assert client.head(unconfirmed).status_code == 200
    assert Follower.objects.get().confirmed_at is None
    html = page.content.decode()
    assert re.search(
        r'<form method="post" action="[^"]*/stories/following/confirm/', html
    )
    assert "Confirm" in html and "<button" in html


def test_the_button_confirms_and_needs_the_csrf_token(client, unconfirmed):
    client.handler.enforce_csrf_checks = True
    assert client.post(unconfirmed).status_code == 403
    assert Follower.objects.get().confirmed_at is None
    response = press(client, unconfirmed)
    assert "You are following this story" in response.content.decode()
    assert Follower.objects.get().confirmed_at is not None


def test_opening_the_unsubscribe_link_stops_nothing_until_the_button(
    client, talks, mailoutbox, django_capture_on_commit_callbacks
):
    follower = talks["story"].followers.create(
        email="olena@mail.example", confirmed_at=timezone.now()
    )
    from broadsheet.stories.following import unfollow_url

    url = unfollow_url(follower).removeprefix("http://127.0.0.1:8000")
    assert client.head(url).status_code == 200
    html = client.get(url).content.decode()
    assert Follower.objects.filter(pk=follower.pk).exists()
    assert re.search(r'<form method="post" action="[^"]*/stories/following/stop/', html)
    client.handler.enforce_csrf_checks = True  # one-click (RFC 8058): a bare POST
    assert "Unsubscribed" in client.post(url).content.decode()
    assert not Follower.objects.exists()
    assert client.get(url).status_code == 200  # a second visit does no harm


def test_token_pages_are_never_stored_by_a_cache(client, talks, unconfirmed):
    follower = Follower.objects.get()
    from broadsheet.stories.following import unfollow_url

    stop = unfollow_url(follower).removeprefix("http://127.0.0.1:8000")
    for url in [unconfirmed, stop]:
        for _ in range(2):
            status, headers, _body = get(url)
            assert status == 200, url
            assert headers.get("X-Cache") != "HIT", url
            cache_control = headers["Cache-Control"]
            assert "private" in cache_control and "no-store" in cache_control, url
            assert "public" not in cache_control and "s-maxage" not in cache_control
            assert "Surrogate-Key" not in headers, url
    assert Follower.objects.get().confirmed_at is None
