"""The breaking-news banner on every public page, and how cached pages keep up.

Switching a banner on or off, or editing it, purges the `banner` key, on
which every shareable page depends (`current_banner` says so while the page
renders); so does any change in whether its article, or its story, has
anything published (caching/invalidation.py). Its expiry needs no purge: a
page showing a banner is kept by the page cache (and told to a CDN as
s-maxage) no longer than until the banner's `expires_at`, as a front page's
pins bound its lifetime.
"""

from django.db.models import Q
from django.utils import timezone

from broadsheet.articles.models import Article, next_publication
from broadsheet.generation import remembered
from broadsheet.stories.models import Banner, Story
from broadsheet.surrogate import BANNER, depend_on, fresh_until, keys_of


def current_banner(request, now=None) -> Banner | None:
    """The banner to show now, if any; recorded as what the page depends on."""
    now = now or timezone.now()
    banner, _ = remembered(
        "banner",
        lambda: (_newest_active(now), next_publication(now)),
        # Its expiry, or the next publication (a banner waiting for its
        # article or story shows then, when every page's s-maxage ends, not
        # once the worker's purge has run) ends a kept answer.
        still_good=lambda kept: (
            (kept[0] is None or kept[0].expires_at > now)
            and (kept[1] is None or kept[1] > now)
        ),
        keys=[BANNER],
    )
    if banner is not None and not banner.is_active(now):
        banner = None
    # Only a page that is shared already (it said what it shows) depends on
    # the banner: a personal page must not become shareable because of it.
    if request is not None and keys_of(request):
        depend_on(request, BANNER)
        if banner is not None:
            fresh_until(request, banner.expires_at)
    return banner


def _newest_active(now):
    # Only a banner readers could follow: to a published article, or to a
    # story with one (a story of drafts is no page, and its name is news).
    public = Q(article__in=Article.objects.published(now)) | Q(
        story__in=Story.objects.public(now).values("pk")
    )
    return (
        Banner.objects.active(now)
        .filter(public)
        .select_related("article", "story")
        .only(
            "text",
            "is_on",
            "expires_at",
            "article__slug",
            "article__status",
            "article__published_at",
            "story__slug",
        )
        .first()
    )
