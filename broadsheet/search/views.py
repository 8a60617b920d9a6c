"""The reader's search: results page, RSS feed of a query, OpenSearch description."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from broadsheet.articles.paging import page_number
from broadsheet.articles.templatetags.newsroom import (
    byline_html,
    dateline,
    machine_date,
)
from broadsheet.search.forms import SearchForm
from broadsheet.search.query import clean_text
from broadsheet.search.results import find
from broadsheet.search.suggestions import is_poor, suggest
from broadsheet.surrogate import LISTINGS, SECTIONS, depend_on

TIPS = [
    "Check the spelling, or try a word with the same meaning.",
    "Use fewer words, or a word's beginning followed by * (negotiat*).",
    'Put quotes round words that belong together ("security guarantees").',
    "Remove the section, author or date filters.",
]


def search(request):
    # Results change only when articles do, which purges `listings`.
    depend_on(request, LISTINGS)
    form = SearchForm(request.GET)
    words = clean_text(request.GET.get("q", ""))
    context = {"form": form, "query": words, "search_words": words, "tips": TIPS}
    if form.is_valid() and not form.reader_query().is_empty:
        number, query, now = _page_number(request), form.reader_query(), timezone.now()
        page = find(
            query, form.filters(), order=form.ordering(), number=number, now=now
        )
        if number > 1 and not page.object_list:
            raise Http404("No such page.")
        if is_poor(page):
            context.update(_suggestion(request, form, page, now))
        context.update(
            page=page,
            cards=_cards(page.object_list),
            has_filters=form.has_filters(),
            newer_url=_page_url(request, number - 1),
            older_url=_page_url(request, number + 1),
            feed_url=reverse("search:feed") + "?" + _feed_query(request),
        )
    return render(request, "search/results.html", context)


def _cards(results) -> list[SafeString]:
    """Each result's card, written in Python as bylines and pictures are: the
    template engine's loop and lookups cost several times the markup they
    write, ten times a page (docs/performance.md)."""
    return [_card(result) for result in results]


def _card(result) -> SafeString:
    article = result.article
    snippet = result.snippet
    return format_html(
        '<article class="card search-result">\n'
        '<p class="kicker"><a href="{}">{}</a></p>\n'
        '<h2 class="card__headline"><a href="{}">{}</a></h2>\n{}'
        '<div class="card__meta">\n{}\n'
        '<p class="dateline"><time datetime="{}">{}</time></p>\n'
        "</div>\n</article>\n",
        # The section's address is remembered per process (broadsheet.paths).
        article.section.get_absolute_url(),
        article.section.name,
        article.get_absolute_url(),
        article.headline,
        format_html('<p class="search-result__snippet">{}</p>\n', snippet)
        if snippet
        else "",
        byline_html(result.authors, article.byline),
        machine_date(article.published_at),
        dateline(article.published_at),
    )


def _suggestion(request, form, page, now) -> dict:
    """The "Did you mean …?" words and link for a poor first page, or nothing."""
    found = len(page.object_list)
    suggestion = suggest(form.reader_query(), form.filters(), found=found, now=now)
    if suggestion is None:
        return {}
    return {
        "suggestion": suggestion.text,
        "suggestion_url": _search_url(request, suggestion.text),
    }


def _page_number(request) -> int:
    return page_number(request.GET.get("page"), maximum=1000)


def opensearch(request):
    """The OpenSearch description that lets browsers offer to search the site."""
    depend_on(request, SECTIONS)  # a stable page: any rare purge will do
    return render(
        request,
        "search/opensearch.xml",
        {
            "search_url": settings.SITE_URL + reverse("search:results"),
            "feed_url": settings.SITE_URL + reverse("search:feed"),
        },
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


def _page_url(request, number: int) -> str:
    """This search's address on another page."""
    params = request.GET.copy()
    params.pop("page", None)
    if number > 1:
        params["page"] = str(number)
    return f"{request.path}?{params.urlencode()}"


def _search_url(request, words: str) -> str:
    """This search's address (first page) with other words."""
    params = request.GET.copy()
    params.pop("page", None)
    params["q"] = words
    return f"{request.path}?{params.urlencode()}"


def _feed_query(request) -> str:
    params = request.GET.copy()
    for name in ("page", "order"):
        params.pop(name, None)
    return params.urlencode()
