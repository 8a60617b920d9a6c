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

from broadsheet.articles.models import Article, Author, Byline
from broadsheet.articles.views import ListingPage
from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import Filters, engine
from broadsheet.search.query import ReaderQuery

ORDERS = ("relevance", "newest")
# All a result shows of its article (search/results.html): reading no more
# halves the fetch, and the bylines come in one plain query, not a prefetch.
SHOWN_FIELDS = (
    "headline",
    "slug",
    "published_at",
    "byline",
    "section__name",
    "section__slug",
)


@dataclass(frozen=True)
class Result:
    article: Article
    snippet: SafeString
    authors: list[Author]


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
    articles=None,
) -> ListingPage:
    """The results on page `number` (from 1) of live articles matching the query.

    articles: the queryset the shown articles are read from; by default only
    the fields a results page shows (SHOWN_FIELDS).
    """
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
    if articles is None:
        articles = Article.objects.select_related("section").only(*SHOWN_FIELDS)
    fetched = articles.filter(pk__in=shown).in_bulk()
    authors = authors_of(shown)
    snippets = index.snippets(query, shown)
    results = [
        Result(fetched[pk], highlight(snippets.get(pk, "")), authors.get(pk, []))
        for pk in shown
        if pk in fetched
    ]
    return ListingPage(number, results, has_next=len(found) > size)


def authors_of(article_ids) -> dict[int, list[Author]]:
    """Each article's authors in byline order (name and slug: what a byline
    links), from one query of plain rows."""
    rows = Byline.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "author_id", "author__name", "author__slug"
    )
    authors = {}
    for article_id, pk, name, slug in rows:
        authors.setdefault(article_id, []).append(Author(pk=pk, name=name, slug=slug))
    return authors
