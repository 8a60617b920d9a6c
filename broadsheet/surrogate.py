"""What a page depends on, as surrogate keys: the vocabulary of cache invalidation.

Views and template tags say what they show; the caching app writes the keys
into the `Surrogate-Key` header and purges pages by them:

    depend_on(request, f"article-{article.pk}", LISTINGS)

Keys: `article-<pk>` (an article's own text, bylines, tags, updates),
`replies-<pk>` (its approved replies and their count), `listings` (every page
that lists articles: front page, sections, tags, authors, archives, feeds,
sitemaps), `sections` (the navigation), `replies` (the site-wide replies feed),
`discussion` (the site's discussion settings), `page-<pk>` (a static page),
`pages` (what lists pages: sitemaps), `navigation` (the header and footer menus).
"""

LISTINGS = "listings"
SECTIONS = "sections"
ALL_REPLIES = "replies"
DISCUSSION = "discussion"
PAGES = "pages"
NAVIGATION = "navigation"


def depend_on(request, *keys: str) -> None:
    """Record that the response to this request shows what these keys name."""
    if request is not None:
        request.__dict__.setdefault("surrogate_keys", {}).update(dict.fromkeys(keys))


def keys_of(request) -> list[str]:
    return list(getattr(request, "surrogate_keys", {}))
