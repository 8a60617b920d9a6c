"""What readers see of a story: its timeline, and the box on each of its articles.

    timeline(story, newest_first=True)   # the published pieces, in order
    boxes_for(article)                   # one StoryBox per story it is in

Drafts and scheduled pieces are never shown; both functions ask the database
once, whatever the story's length, and `boxes_for` not at all for an article
in no story (which articles are in which story is remembered until `stories`
is purged: adding or removing a piece purges it), and for the others once per
purge of their stories.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.generation import remembered
from broadsheet.stories.models import Story, StoryArticle
from broadsheet.surrogate import STORIES, story_key

# The newest pieces a box on an article lists, besides the one being read.
BOX_LATEST = 3
# What the timeline and the box show of each piece: no body, no byline.
PIECE_FIELDS = ["id", "headline", "slug", "dek", "status", "published_at"]
ORDER_PARAMETER = "order"


def timeline(story: Story, newest_first: bool = True, now=None) -> list[Article]:
    """The story's published pieces by dateline, newest or oldest first."""
    order = ["-published_at", "-pk"] if newest_first else ["published_at", "pk"]
    pieces = (
        Article.objects.published(now)
        .filter(story_pieces__story=story)
        .only(*PIECE_FIELDS, "body_html")  # body_html: the summary without a dek
        .order_by(*order)
    )
    return list(pieces)


def reads_newest_first(story: Story, asked: str | None) -> bool:
    """The reader's choice (?order=newest|oldest), else the story's own."""
    if asked in Story.Order.values:
        return asked == Story.Order.NEWEST
    return story.order == Story.Order.NEWEST


@dataclass
class StoryBox:
    """A story as the box on one of its articles shows it."""

    story: Story
    latest: list  # the newest pieces, the one being read excepted
    previous: Article | None  # the piece just before the one being read
    count: int  # published pieces, the one being read included


def boxes_for(article: Article, now=None) -> list[StoryBox]:
    """The stories the article is part of, each with its newest and previous
    pieces (published only): no query for an article in no story, and for
    the others one per purge of their stories in this process."""
    story_ids = _stories_by_article().get(article.pk)
    if not story_ids:
        return []
    now = now or timezone.now()
    kept = remembered(
        f"story-pieces:{','.join(map(str, story_ids))}",
        lambda: _published_pieces(story_ids, now),
        # A piece's publication, edit or removal purges its stories; a
        # scheduled piece shows the moment its time comes, as listings do (a
        # page's s-maxage ends then), not once the worker's purge has run.
        still_good=lambda kept: kept.until is None or kept.until > now,
        keys=[story_key(pk) for pk in story_ids],
    )
    return [
        # A copy: the kept list is every page's, and _box sorts it.
        _box(story, list(pieces), article)
        for story, pieces in kept.stories
    ]


@dataclass(frozen=True)
class _Pieces:
    stories: list  # [(Story, [published pieces])], by story name
    until: datetime | None  # when the next scheduled piece is due, if any


def _published_pieces(story_ids, now) -> _Pieces:
    """Each story (by name) and its published pieces, in one query."""
    places = (
        StoryArticle.objects.filter(story_id__in=story_ids)
        .select_related("story", "article")
        .only(
            "story__id",
            "story__name",
            "story__slug",
            *(f"article__{name}" for name in PIECE_FIELDS),
        )
        .order_by("story__name", "story_id")
    )
    by_story: dict[int, tuple[Story, list]] = {}
    due = []
    for place in places:
        story, pieces = by_story.setdefault(place.story_id, (place.story, []))
        piece = place.article
        if piece.is_live(now):
            pieces.append(piece)
        elif piece.public_path() is not None:  # scheduled: live at published_at
            due.append(piece.published_at)
    return _Pieces(list(by_story.values()), min(due, default=None))


def _stories_by_article() -> dict[int, tuple[int, ...]]:
    """Which stories each article is in: read once per purge of `stories`."""

    def read():
        stories: dict[int, list[int]] = {}
        rows = StoryArticle.objects.order_by("story_id").values_list(
            "article_id", "story_id"
        )
        for article_id, story_id in rows:
            stories.setdefault(article_id, []).append(story_id)
        return {pk: tuple(ids) for pk, ids in stories.items()}

    return remembered("stories-by-article", read, keys=[STORIES])


def _box(story, pieces, article) -> StoryBox:
    pieces.sort(key=lambda piece: (piece.published_at, piece.pk), reverse=True)
    others = [piece for piece in pieces if piece.pk != article.pk]
    latest = others[:BOX_LATEST]
    earlier = [
        piece
        for piece in others
        if (piece.published_at, piece.pk) < (article.published_at, article.pk)
    ]
    previous = earlier[0] if earlier and earlier[0] not in latest else None
    return StoryBox(story, latest, previous, len(pieces))
