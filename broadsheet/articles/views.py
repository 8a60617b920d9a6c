"""The public pages: front page, article, section, tag, author and date archives."""

import copy
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from broadsheet import generation
from broadsheet.articles.context_processors import nav_sections
from broadsheet.articles.fronts import section_blocks, shape_front
from broadsheet.articles.models import (
    Article,
    ArticleRedirect,
    Author,
    Section,
    Tag,
    page_parts,
)
from broadsheet.articles.paging import page_number
from broadsheet.generation import remembered
from broadsheet.surrogate import (
    LISTINGS,
    SECTIONS,
    article_key,
    article_parts_key,
    depend_on,
    fresh_until,
)


def front_page(request):
    depend_on(request, LISTINGS)
    page = paginate(request, Article.objects.published().for_listing())
    if page.number > 1:
        context = {"page": page, "articles": page.object_list}
        return render(request, "articles/front_page.html", context)
    front = shape_front(page.object_list)
    fresh_until(request, front.fresh_until)
    shown = {a.pk for a in [front.lead, *front.featured, *front.rest] if a}
    context = {
        "page": page,
        "lead": front.lead,
        "featured": front.featured,
        "articles": front.rest,
        "section_blocks": section_blocks(nav_sections(), exclude=shown),
    }
    return render(request, "articles/front_page.html", context)


def article_detail(request, year, month, day, slug):
    article = _published_for_page(slug)
    if article is None:
        old = ArticleRedirect.objects.filter(old_path=request.path).select_related(
            "article"
        )
        moved = old.first()
        if moved and moved.article.is_live():
            return redirect(moved.article, permanent=True)
        raise Http404("No such article.")
    if article.get_absolute_url() != request.path:
        return redirect(article, permanent=True)
    depend_on(request, article_key(article.pk))
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "current_section": article.section},
    )


def _published_for_page(slug) -> Article | None:
    """The published article with this slug and all its page shows (section,
    image, bylines, tags, updates), kept in this process until it or a name
    it shows changes: a miss after a reply, a story's or the banner's change
    reads no article. Each request gets its own copy, which the page's tags
    may annotate (live coverage) without touching the kept one."""
    read_at = generation.current()  # it is kept as of then, or a later purge
    article = remembered(
        f"article-page:{slug}",
        lambda: Article.objects.published().with_row_parts().filter(slug=slug).first(),
        # Only a published article is kept: one not yet public is asked for
        # again, so it shows the moment its time comes.
        still_good=lambda kept: kept is not None,
        keys=lambda found: [article_key(found.pk), SECTIONS] if found else [],
    )
    if article is None:
        return None
    article = copy.copy(article)
    # Checked against its keys as of read_at: what is rendered from it (its
    # {% story %}) may be kept if nothing was purged since.
    article.read_at = read_at
    # As Article.objects.for_page() would have prefetched them; a dict of its
    # own, so that nothing one request does to it reaches another's.
    article._prefetched_objects_cache = dict(_kept_parts(article))
    return article


def _kept_parts(article) -> dict:
    """The article's bylines, tags and updates, prefetched as for_page() does,
    kept in this process until they change (`article-parts-<pk>`, which their
    writes purge with `article-<pk>`) or a name they show does (`sections`):
    an edit of the article's text reads its row alone, one query where the
    parts take three (docs/performance.md)."""

    def read():
        holder = copy.copy(article)
        prefetch_related_objects([holder], *page_parts())
        # Django's own store of prefetched rows, which the managers read
        # (article.bylines.all()); Django REST framework resets it the same way.
        return holder._prefetched_objects_cache

    return remembered(
        f"article-parts:{article.pk}",
        read,
        keys=[article_parts_key(article.pk), SECTIONS],
    )


def section_page(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().in_section(section).for_listing()
    return _listing(
        request,
        articles,
        title=section.name,
        intro=section.description,
        subject=section,
    )


def tag_page(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = tag.articles.published().for_listing()
    # A tag is a page only once a published article carries it: contributors
    # may add tags, and an empty one must not be a public, indexable page.
    return _listing(
        request, articles, title=f"Tagged “{tag.name}”", subject=tag, empty_is_404=True
    )


def author_page(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = author.articles.published().for_listing()
    return _listing(
        request, articles, title=author.name, intro=author.bio, subject=author
    )


def archive(request, year, month=None, day=None):
    try:
        first = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise Http404("No such date.") from None
    lookups = {"published_at__year": year}
    title = f"{first:%Y}"
    if month:
        lookups["published_at__month"] = month
        title = f"{first:%B %Y}"
    if day:
        lookups["published_at__day"] = day
        title = f"{first.day} {first:%B %Y}"
    articles = Article.objects.published().filter(**lookups).for_listing()
    return _listing(request, articles, title=f"Archive: {title}", empty_is_404=True)


@dataclass
class ListingPage:
    """One page of a listing, found without counting the whole archive.

    A listing only links to the newer and the older page, so it fetches one
    article more than it shows to know whether an older page exists: with
    100,000 articles a COUNT(*) would cost more than the rest of the page.
    """

    number: int
    object_list: list
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1


def paginate(request, queryset):
    """Return the requested page of the queryset; a missing page is a 404."""
    number = page_number(request.GET.get("page"))
    size = settings.ARTICLES_PER_PAGE
    start = (number - 1) * size
    found = list(queryset[start : start + size + 1])
    if number > 1 and not found:
        raise Http404("No such page.")
    return ListingPage(number, found[:size], has_next=len(found) > size)


def _listing(request, articles, *, title, intro="", subject=None, empty_is_404=False):
    depend_on(request, LISTINGS)
    page = paginate(request, articles)
    if empty_is_404 and not page.object_list:
        raise Http404("Nothing was published then.")
    shown, front = page.object_list, None
    if isinstance(subject, Section) and page.number == 1:
        # A section front is shaped like the front page: its own pins.
        front = shape_front(page.object_list, section=subject)
        fresh_until(request, front.fresh_until)
        shown = front.rest
    context = {
        "page": page,
        "front": front,
        "articles": shown,
        "title": title,
        "intro": intro,
        "subject": subject,
        "subject_kind": subject._meta.model_name if subject else "",
        "current_section": subject if isinstance(subject, Section) else None,
    }
    return render(request, "articles/listing.html", context)
