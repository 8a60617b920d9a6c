"""What a page depends on, as surrogate keys: the vocabulary of cache invalidation.

Views and template tags say what they show; the caching app writes the keys
into the `Surrogate-Key` header and purges pages by them. This module is the
only place that spells a key:

    depend_on(request, article_key(article.pk), LISTINGS)

Keys: `article-<pk>` (an article's own text, bylines, tags, updates),
`article-parts-<pk>` (its bylines, tags and updates alone: no page depends on
it, it keeps them through an edit of the text; what changes them purges both),
`replies-<pk>` (its approved replies and their count), `listings` (every page
that lists articles: front page, sections, tags, authors, archives, feeds,
sitemaps), `sections` (the navigation), `replies` (the site-wide replies feed),
`discussion` (the site's discussion settings), `page-<pk>` (a static page),
`pages` (what lists pages: sitemaps), `navigation` (the header and footer menus),
`live-<pk>` (an article's live coverage and its entries), `live` (which
articles have live coverage: no page depends on it, it keeps that list),
`pins` (the fronts' pins: no page depends on it, it keeps their list),
`staff` (the site's accounts and their groups: no page depends on it, it
keeps the moderators' addresses), `story-<pk>` (a story: its name, its pieces
and their headlines and dates),
`stories` (what lists stories: the story index, sitemaps), `banner` (the
breaking-news banner, on every shared page).
"""

LISTINGS = "listings"
SECTIONS = "sections"
ALL_REPLIES = "replies"
DISCUSSION = "discussion"
PAGES = "pages"
NAVIGATION = "navigation"
STORIES = "stories"
BANNER = "banner"
LIVE = "live"
PINS = "pins"
STAFF = "staff"


def article_key(article_id: int) -> str:
    """The key of an article's own text, bylines, tags and updates."""
    return f"article-{article_id}"


def article_parts_key(article_id: int) -> str:
    """The key of an article's bylines, tags and updates (never a page's:
    whatever changes them purges the article's key too)."""
    return f"article-parts-{article_id}"


def replies_key(article_id: int) -> str:
    """The key of an article's approved replies and their count."""
    return f"replies-{article_id}"


def story_key(story_id: int) -> str:
    """The key of a story's name, pieces, and its pieces' headlines and dates."""
    return f"story-{story_id}"


def live_key(article_id: int) -> str:
    """The key of an article's live coverage and its entries."""
    return f"live-{article_id}"


def depend_on(request, *keys: str) -> None:
    """Record that the response to this request shows what these keys name."""
    if request is not None:
        request.__dict__.setdefault("surrogate_keys", {}).update(dict.fromkeys(keys))


def fresh_until(request, moment) -> None:
    """Record that the response stops being true at `moment` (a pin's expiry):
    shared caches keep it no longer (broadsheet.caching.middleware)."""
    if request is not None and moment is not None:
        current = getattr(request, "fresh_until", None)
        request.fresh_until = moment if current is None else min(current, moment)


def keys_of(request) -> list[str]:
    return list(getattr(request, "surrogate_keys", {}))


# The WSGI environ's list of work to do once the response is sent (caching/wsgi.py).
AFTER_SEND = "broadsheet.after_send"


def after_send(request, work) -> None:
    """Run work() once the response has been sent, if the page cache is in
    front (it keeps the page then too), else now: for writes a reader need
    not wait for, such as keeping a rendered part for the other processes."""
    pending = request.environ.get(AFTER_SEND) if request is not None else None
    if pending is None:
        work()
    else:
        pending.append(work)
