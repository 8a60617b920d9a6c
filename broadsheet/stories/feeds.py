"""A story's feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of its published pieces.

Built from the site's own feeds (broadsheet/syndication): the same items, ids,
dates, authors and enclosures as every other feed, newest first. A feed shows
each piece's whole text, bylines and tags, so it depends on the story's key,
each piece's key and the names (sections, tags, authors).
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import http_date

from broadsheet.articles.models import Article
from broadsheet.stories.models import Story
from broadsheet.surrogate import SECTIONS, article_key, depend_on, story_key
from broadsheet.syndication.feeds import ArticleFeed
from broadsheet.syndication.identity import absolute, modified_at
from broadsheet.syndication.jsonfeed import item


def public_story(request, slug) -> Story:
    story = get_object_or_404(Story.objects.public(), slug=slug)
    depend_on(request, story_key(story.pk), SECTIONS)
    return story


def newest_pieces(request, story) -> list[Article]:
    """The story's newest published pieces, as many as a feed carries."""
    pieces = list(
        Article.objects.published()
        .filter(story_pieces__story=story)
        .for_page()
        .order_by("-published_at", "-pk")[: settings.FEED_ITEMS]
    )
    depend_on(request, *(article_key(piece.pk) for piece in pieces))
    return pieces


def description(story) -> str:
    return story.description or f"Every piece of the story “{story.name}”"


class StoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        story = public_story(request, slug)
        # Read here, where the request is at hand (a Feed is shared by every
        # request and thread, so it keeps none): items() returns them.
        story.feed_pieces = newest_pieces(request, story)
        return story

    def title(self, story):
        return f"{settings.SITE_NAME}: {story.name}"

    def link(self, story):
        return story.get_absolute_url()

    def description(self, story):
        return description(story)

    subtitle = description

    def items(self, story):
        return story.feed_pieces


def json_feed(request, slug):
    story = public_story(request, slug)
    pieces = newest_pieces(request, story)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{settings.SITE_NAME}: {story.name}",
        "home_page_url": absolute(story.get_absolute_url()),
        "feed_url": absolute(reverse("stories:json", args=[story.slug])),
        "description": description(story),
        "language": settings.LANGUAGE_CODE,
        "items": [item(piece) for piece in pieces],
    }
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    if pieces:
        latest = max(modified_at(piece) for piece in pieces)
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
