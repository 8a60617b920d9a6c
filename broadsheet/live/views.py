"""The live entries of an article as JSON, for the page's script to poll.

One URL per article and no query string, so every reader's poll is the same
request, answered from the page cache until an entry purges it (docs/live.md).
"""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.articles.templatetags.newsroom import machine_date
from broadsheet.live.models import started_coverage
from broadsheet.surrogate import article_key, depend_on, fresh_until, live_key

# The newest entries the JSON carries: a reader who was away longer reloads.
LATEST_ENTRIES = 20


def entries_json(request, article_id):
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    depend_on(request, article_key(article.pk), live_key(article.pk))
    coverage = started_coverage(article)
    if coverage is None:
        raise Http404("This article is not covered live.")
    fresh_until(request, coverage.next_change())
    entries = list(coverage.entries.all()[:LATEST_ENTRIES])
    return JsonResponse(
        {
            "is_open": coverage.is_open(),
            "entries": [entry_data(entry, request) for entry in entries],
        }
    )


def entry_data(entry, request) -> dict:
    """What the script needs of an entry: its place, its flags and its HTML,
    drawn by the same template as the page (names only, never an address)."""
    return {
        "id": entry.anchor(),
        "posted_at": machine_date(entry.posted_at),
        "time": f"{timezone.localtime(entry.posted_at):%H:%M}",
        "is_pinned": entry.is_pinned,
        "is_key_event": entry.is_key_event,
        "title": entry.title(),
        "html": render_to_string("live/entry.html", {"entry": entry}, request=request),
    }
