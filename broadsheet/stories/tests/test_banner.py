"""The breaking-news banner on every public page, through the page cache."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.caching.tests.wsgi_client import get
from broadsheet.stories.models import Banner
from broadsheet.stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

TEXT = "Live: ceasefire talks resume in Geneva"


@pytest.fixture
def urls(talks):
    return [
        "/",
        talks["first"].get_absolute_url(),
        "/stories/ceasefire-talks/",
        "/stories/",
        f"/section/{talks['first'].section.slug}/",
    ]


def cached(urls):
    """Fetch each page until the page cache serves it."""
    for url in urls:
        get(url)
        assert get(url)[1]["X-Cache"] == "HIT", url


def switch_on(captured, **fields):
    with captured(execute=True):
        return Banner.objects.create(**{"text": TEXT, **fields})


def test_switching_a_banner_on_shows_it_on_every_cached_page(
    talks, urls, django_capture_on_commit_callbacks
):
    cached(urls)
    switch_on(django_capture_on_commit_callbacks, article=talks["third"])
    for url in urls:
        status, headers, body = get(url)
        assert headers["X-Cache"] == "MISS", url
        assert f'<a href="{talks["third"].get_absolute_url()}">{TEXT}</a>' in body
        assert "banner" in headers["Surrogate-Key"].split()


def test_switching_it_off_takes_it_down_everywhere(
    talks, urls, django_capture_on_commit_callbacks
):
    banner = switch_on(django_capture_on_commit_callbacks, story=talks["story"])
    cached(urls)
    assert 'href="/stories/ceasefire-talks/">Live' in get(urls[0])[2]
    with django_capture_on_commit_callbacks(execute=True):
        banner.is_on = False
        banner.save()
    for url in urls:
        status, headers, body = get(url)
        assert TEXT not in body, url


def test_a_cached_page_ends_when_its_banner_expires(
    talks, urls, django_capture_on_commit_callbacks
):
    expires = timezone.now() + timedelta(seconds=90)
    switch_on(
        django_capture_on_commit_callbacks, story=talks["story"], expires_at=expires
    )
    cached(urls)
    _, headers, body = get(urls[0])
    assert TEXT in body
    s_maxage = int(re.search(r"s-maxage=(\d+)", headers["Cache-Control"]).group(1))
    assert s_maxage <= 90
    with time_machine.travel(expires + timedelta(seconds=1)):
        for url in urls:
            status, headers, body = get(url)
            assert (status, headers["X-Cache"]) == (200, "MISS"), url
            assert TEXT not in body, url


def test_a_page_without_a_banner_keeps_its_usual_lifetime(talks, urls):
    _, headers, _ = get(urls[0])
    assert "s-maxage=300" in headers["Cache-Control"]


def test_personal_pages_do_not_become_shareable_for_the_banner(
    client, talks, django_capture_on_commit_callbacks
):
    switch_on(django_capture_on_commit_callbacks, story=talks["story"])
    status, headers, body = get("/replies/privacy/")
    assert TEXT in body
    assert headers["Cache-Control"].startswith("private")
    assert "Surrogate-Key" not in headers


def test_the_banner_comes_down_with_its_article(
    talks, urls, django_capture_on_commit_callbacks
):
    switch_on(django_capture_on_commit_callbacks, article=talks["third"])
    cached(urls)
    with django_capture_on_commit_callbacks(execute=True):
        talks["third"].status = Article.Status.DRAFT
        talks["third"].save()
    assert TEXT not in get(urls[0])[2]


def test_the_newest_active_banner_is_the_one_shown(
    talks, django_capture_on_commit_callbacks
):
    switch_on(django_capture_on_commit_callbacks, story=talks["story"], text="Older")
    switch_on(django_capture_on_commit_callbacks, story=talks["story"], text="Newer")
    body = get("/")[2]
    assert "Newer" in body and ">Older<" not in body


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Point the banner at an article or at a story."),
        ({"article": "third", "story": True}, "Point the banner at an article"),
        ({"article": "draft"}, "Readers cannot see this article yet"),
        ({"story": True, "expires_at": -60}, "This time has already passed."),
        ({"story": "unpublished"}, "Readers cannot see this story yet"),
    ],
)
def test_a_banner_that_could_not_be_shown_is_refused(talks, fields, message):
    banner = Banner(text=TEXT)
    if "article" in fields:
        banner.article = talks[fields["article"]]
    if fields.get("story") == "unpublished":
        banner.story = StoryFactory(name="Secret merger", pieces=[talks["draft"]])
    elif fields.get("story"):
        banner.story = talks["story"]
    if "expires_at" in fields:
        banner.expires_at = timezone.now() + timedelta(seconds=fields["expires_at"])
    with pytest.raises(ValidationError) as refused:
        banner.full_clean()
    assert message in str(refused.value)


def unpublish(captured, *articles):
    with captured(execute=True):
        for article in articles:
            article.status = Article.Status.DRAFT
            article.save()


def test_a_story_banner_comes_down_when_its_story_is_no_longer_public(
    talks, urls, django_capture_on_commit_callbacks
):
    switch_on(django_capture_on_commit_callbacks, story=talks["story"])
    cached(urls)
    unpublish(
        django_capture_on_commit_callbacks,
        talks["first"],
        talks["second"],
        talks["third"],
    )
    body = get("/")[2]
    assert TEXT not in body and "ceasefire-talks" not in body
    assert get("/stories/ceasefire-talks/")[0] == 404
    with django_capture_on_commit_callbacks(execute=True):
        talks["third"].status = Article.Status.PUBLISHED
        talks["third"].save()
    assert TEXT in get("/")[2]


def test_a_story_banner_comes_down_when_its_last_piece_leaves_the_story(
    talks, django_capture_on_commit_callbacks
):
    story = StoryFactory(name="Harbour works", slug="harbour-works")
    with django_capture_on_commit_callbacks(execute=True):
        place = story.pieces.create(article=talks["first"])
    switch_on(django_capture_on_commit_callbacks, story=story)
    cached(["/"])
    with django_capture_on_commit_callbacks(execute=True):
        place.delete()
    body = get("/")[2]
    assert TEXT not in body and "harbour-works" not in body


def test_a_banner_saved_before_its_story_was_emptied_is_not_shown(
    talks, django_capture_on_commit_callbacks
):
    # Saved without the admin's check (as a fixture or a shell would).
    secret = StoryFactory(name="Secret merger", slug="secret-merger")
    with django_capture_on_commit_callbacks(execute=True):
        secret.pieces.create(article=talks["draft"])
    switch_on(django_capture_on_commit_callbacks, story=secret)
    body = get("/")[2]
    assert TEXT not in body and "secret-merger" not in body


def test_a_banner_on_a_scheduled_article_shows_once_its_time_comes(
    talks, urls, django_capture_on_commit_callbacks
):
    """Pages end at the next publication (s-maxage); the banner that waited
    for it shows then, without waiting for the worker's purge (deferred here)."""
    switch_on(
        django_capture_on_commit_callbacks,
        article=talks["scheduled"],
        expires_at=timezone.now() + timedelta(days=2),
    )
    assert TEXT not in get(urls[0])[2]
    with time_machine.travel(talks["scheduled"].published_at + timedelta(minutes=1)):
        status, headers, body = get(urls[0])
    assert headers["X-Cache"] == "MISS"
    assert TEXT in body
