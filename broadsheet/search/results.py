"""A page of search results, found without counting every match.

    page = find(read_query("ceasefire talks"), Filters(), order="relevance", number=1)
    page.object_list  # [Result(article, snippet), ...]; page.has_next

Like the listings (broadsheet.articles.views.ListingPage), it fetches one
result more than it shows to know whether there is a next page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from broadsheet.articles.models import Article
from broadsheet.articles.views import ListingPage
from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import Filters, engine
from broadsheet.search.query import ReaderQuery

ORDERS = ("relevance", "newest")


@dataclass(frozen=True)
class Result:
    article: Article
    snippet: SafeString


def highlight(marked: str) -> SafeString:
    """The snippet escaped, then its matches wrapped in <mark>.

    >>> highlight("a <b> \\ue000match\\ue001 & more")
    'a &lt;b&gt; <mark>match</mark> &amp; more'
    """
    escaped = escape(marked)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def find(
    query: ReaderQuery,
    filters: Filters,
    *,
    order: str = "relevance",
    number: int = 1,
    size: int | None = None,
    now=None,
) -> ListingPage:
    """The results on page `number` (from 1) of live articles matching the query."""
    size = size or settings.ARTICLES_PER_PAGE
    if query.is_empty:
        return ListingPage(number, [], has_next=False)
    index = engine()
    found = index.search(
        query,
        filters,
        order=order,
        offset=(number - 1) * size,
        limit=size + 1,
        now=now or timezone.now(),
    )
    shown = found[:size]
    # A result shows no body: leaving the two long columns unread halves the fetch.
    fetched = Article.objects.filter(pk__in=shown).defer("body", "body_html")
    articles = fetched.for_listing().in_bulk()
    snippets = index.snippets(query, shown)
    results = [
        Result(articles[pk], highlight(snippets.get(pk, "")))
        for pk in shown
        if pk in articles
    ]
    return ListingPage(number, results, has_next=len(found) > size)
