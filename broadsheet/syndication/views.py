"""Discovery endpoints: the Google News sitemap, robots.txt and oEmbed."""

from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.media.models import rendition_url
from broadsheet.surrogate import LISTINGS, PAGES, STORIES, article_key, depend_on
from broadsheet.syndication.identity import absolute, authors_of

NEWS_WINDOW = timedelta(hours=48)


def listing(view):
    """Mark a view's response as depending on every published article, page
    and story."""

    def wrapped(request, *args, **kwargs):
        depend_on(request, LISTINGS, PAGES, STORIES)
        return view(request, *args, **kwargs)

    return wrapped


@listing
def news_sitemap(request):
    """Articles of the last 48 hours, as Google News asks."""
    now = timezone.now()
    articles = (
        Article.objects.published(now)
        .filter(published_at__gte=now - NEWS_WINDOW)
        .prefetch_related("tags")
        .order_by("-published_at")[:1000]
    )
    return render(
        request,
        "syndication/news_sitemap.xml",
        {"articles": articles, "site_url": settings.SITE_URL},
        content_type="application/xml; charset=utf-8",
    )


@listing
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /replies/",
        f"Sitemap: {absolute(reverse('syndication:sitemap_index'))}",
        f"Sitemap: {absolute(reverse('syndication:news_sitemap'))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


def oembed(request):
    """oEmbed 1.0 for article URLs: a link card other sites can embed."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only the json format is offered.", status=501)
    article = article_at(request.GET.get("url", ""))
    if article is None:
        raise Http404("No published article at that URL.")
    depend_on(request, article_key(article.pk))
    data = {
        "version": "1.0",
        "type": "link",
        "title": article.headline,
        "provider_name": settings.SITE_NAME,
        "provider_url": absolute("/"),
        "cache_age": 3600,
    }
    people = authors_of(article)
    if people:
        data["author_name"] = ", ".join(name for name, _ in people)
        if people[0][1]:
            data["author_url"] = people[0][1]
    card = article.featured_image.card(640) if article.featured_image else None
    if card:
        data.update(
            thumbnail_url=absolute(rendition_url(card)),
            thumbnail_width=card["width"],
            thumbnail_height=card["height"],
        )
    return JsonResponse(data)


def article_at(url: str):
    """The live article a URL of this site points at, or None."""
    try:
        parts = urlparse(url)
    except ValueError:  # "http://[": not a URL at all
        return None
    if parts.netloc and parts.netloc != urlparse(settings.SITE_URL).netloc:
        return None
    try:
        match = resolve(parts.path or "/")
    except Resolver404:
        return None
    if match.view_name != "articles:detail":
        return None
    article = (
        Article.objects.published().for_page().filter(slug=match.kwargs["slug"]).first()
    )
    if article is None or article.get_absolute_url() != parts.path:
        return None
    return article
