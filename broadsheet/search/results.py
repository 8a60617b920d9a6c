"""A page of search results, found without counting every match.

    page = find(read_query("ceasefire talks"), Filters(), order="relevance", number=1)
    page.object_list  # [Result(article, snippet), ...]; page.has_next

Like the listings (broadsheet.articles.views.ListingPage), it fetches one
result more than it shows to know whether there is a next page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from broadsheet.articles.models import Article, Author, Byline, Section
from broadsheet.articles.views import ListingPage
from broadsheet.search.documents import MARK_END, MARK_START
from broadsheet.search.engines import Filters, Shown, engine
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
    asked = {
        "order": order,
        "offset": (number - 1) * size,
        "limit": size + 1,
        "now": now or timezone.now(),
    }
    if articles is None and index.reads_shown:
        # The search, the articles, their bylines and snippets: one statement.
        rows = index.search_shown(
            query, filters, **asked, shown=shown_sql(), snippets=size
        )
        results = [_result(row) for row in rows[:size]]
        return ListingPage(number, results, has_next=len(rows) > size)
    found = index.search(query, filters, **asked)
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


def _shown_columns(model, names) -> list:
    """The model's concrete fields with these attribute names, in the model's
    order (Model.from_db's)."""
    return [f for f in model._meta.concrete_fields if f.attname in names]


# SHOWN_FIELDS as columns: the article's (with its id and section's id, as
# select_related reads them) and its section's.
_ARTICLE_FIELDS = _shown_columns(
    Article, {"id", "section_id", *(f for f in SHOWN_FIELDS if "__" not in f)}
)
_SECTION_FIELDS = _shown_columns(
    Section, {"id", *(f.split("__")[1] for f in SHOWN_FIELDS if "__" in f)}
)
_ARTICLE_NAMES = [f.attname for f in _ARTICLE_FIELDS]
_SECTION_NAMES = [f.attname for f in _SECTION_FIELDS]


def shown_sql() -> Shown:
    """SHOWN_FIELDS in SQL over the article id `p.id`, for an engine that
    reads them with its search (`Index.search_shown`, which adds the authors):
    the same fields, in the same order, as the queryset's."""
    columns = [f"a.{f.column}" for f in _ARTICLE_FIELDS]
    columns += [f"s.{f.column}" for f in _SECTION_FIELDS]
    joins = (
        f"JOIN {Article._meta.db_table} a ON a.id = p.id "
        f"JOIN {Section._meta.db_table} s ON s.id = a.section_id"
    )
    return Shown(", ".join(columns), joins)


def _result(row) -> Result:
    """A Result from a row of search_shown with shown_sql's columns, then the
    authors' ids, names and slugs in byline order, then the snippet."""
    _, *row = row
    fields, sections = len(_ARTICLE_NAMES), len(_SECTION_NAMES)
    article = Article.from_db(DEFAULT_DB_ALIAS, _ARTICLE_NAMES, row[:fields])
    section = Section.from_db(
        DEFAULT_DB_ALIAS, _SECTION_NAMES, row[fields : fields + sections]
    )
    Article.section.field.set_cached_value(article, section)
    ids, author_names, slugs, snippet = row[fields + sections :]
    bylines = zip(ids or (), author_names or (), slugs or (), strict=True)
    authors = [Author(pk=pk, name=name, slug=slug) for pk, name, slug in bylines]
    return Result(article, highlight(snippet or ""), authors)


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
