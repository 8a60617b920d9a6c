"""What a front shows: the page editors shape, newest first for the rest.

    front = shape_front(page_articles, section=None)
    front.lead, front.featured, front.rest, front.fresh_until

An active pin places a story as the lead or among the featured stories until
its expiry (the page's cache lifetime ends then too); without a lead pin the
newest story leads. Pinned stories are not repeated in the newest-first list.
Only the first page of a front is shaped; older pages are plain lists.
"""

import copy
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from broadsheet import generation
from broadsheet.articles.models import Article, Byline, Pin
from broadsheet.generation import remembered
from broadsheet.surrogate import PINS, SECTIONS, article_key

FEATURED_LIMIT = 4
SECTION_BLOCK = 4


@dataclass
class Front:
    lead: Article | None = None
    featured: list = field(default_factory=list)
    rest: list = field(default_factory=list)
    fresh_until: object = None


def shape_front(page_articles: list, *, section=None) -> Front:
    """Shape page 1 of a front from its newest articles and the active pins."""
    now = timezone.now()
    pins = [
        pin
        for pin in _kept_pins(section)
        if pin.expires_at > now and pin.article.is_live(now)
    ]
    front = Front(fresh_until=min((p.expires_at for p in pins), default=None))
    leads = [p.article for p in pins if p.place == Pin.Place.LEAD]
    front.lead = leads[0] if leads else None
    seen = {front.lead.pk} if front.lead else set()
    for pin in pins:
        if pin.place == Pin.Place.FEATURED and pin.article.pk not in seen:
            front.featured.append(pin.article)
            seen.add(pin.article.pk)
    front.featured = front.featured[:FEATURED_LIMIT]
    rest = [a for a in page_articles if a.pk not in seen]
    if front.lead is None and rest:
        front.lead, rest = rest[0], rest[1:]
    front.rest = rest
    return front


def _kept_pins(section) -> list[Pin]:
    """The front's pins not yet expired, of articles public or not yet, in
    their order, with what their cards show; kept in this process until a
    pin, a pinned article or a name changes (a publication does not change
    them: the front's miss after one reads no pins). Each call gets its own
    copies of the articles, marked as read under the purge generation seen
    before the kept list was checked, so their cards may be kept
    (generation.remembered's read_at)."""
    read_at = generation.current()
    pins = remembered(
        f"pins:{section.pk if section else ''}",
        lambda: list(
            Pin.objects.filter(section=section, expires_at__gt=timezone.now())
            .select_related("article__section", "article__featured_image")
            .defer("article__featured_image__metadata")
            .prefetch_related(
                Prefetch(
                    "article__bylines",
                    queryset=Byline.objects.select_related("author"),
                )
            )
            .order_by("position", "-pk")
        ),
        keys=lambda found: [
            PINS,
            SECTIONS,
            *(article_key(pin.article_id) for pin in found),
        ],
    )
    own = []
    for pin in pins:
        pin = copy.copy(pin)
        pin.article = copy.copy(pin.article)
        pin.article.read_at = read_at
        own.append(pin)
    return own


def section_blocks(sections, exclude=()):
    """(section, its newest stories) for each section editors put on the front."""
    blocks = []
    for section in sections:
        if section.front_position is None:
            continue
        articles = list(
            Article.objects.published()
            .in_section(section)
            .exclude(pk__in=list(exclude))
            .for_listing()[:SECTION_BLOCK]
        )
        if articles:
            blocks.append((section, articles))
    return sorted(blocks, key=lambda block: block[0].front_position)
