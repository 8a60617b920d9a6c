"""JSON Feed 1.1 of the whole site (https://www.jsonfeed.org/version/1.1/)."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import http_date

from broadsheet.articles.models import Article
from broadsheet.surrogate import LISTINGS, depend_on
from broadsheet.syndication.feeds import summary_of
from broadsheet.syndication.identity import (
    absolute,
    absolute_urls_in,
    article_id,
    authors_of,
    modified_at,
)


def feed_document(articles) -> dict:
    """The JSON Feed 1.1 object for these articles."""
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": settings.SITE_NAME,
        "home_page_url": absolute("/"),
        "feed_url": absolute(reverse("syndication:json")),
        "description": f"The latest stories from {settings.SITE_NAME}",
        "language": settings.LANGUAGE_CODE,
        "items": [item(article) for article in articles],
    }


def item(article) -> dict:
    entry = {
        # JSON Feed 1.1: "id" must be unique and never change, so not the URL.
        "id": article_id(article),
        "url": absolute(article.get_absolute_url()),
        "title": article.headline,
        "summary": summary_of(article),
        "content_html": absolute_urls_in(article.body_html),
        "date_published": article.published_at.isoformat(),
        "date_modified": modified_at(article).isoformat(),
        "authors": [
            {"name": name, **({"url": url} if url else {})}
            for name, url in authors_of(article)
        ],
        "tags": [article.section.name, *(tag.name for tag in article.tags.all())],
    }
    image = article.featured_image
    if image and image.fallback():
        entry["image"] = absolute(image.fallback_url())
        if image.opengraph():
            entry["banner_image"] = absolute(image.opengraph_url())
    return entry


def json_feed(request):
    depend_on(request, LISTINGS)
    articles = list(Article.objects.published().for_page()[: settings.FEED_ITEMS])
    response = JsonResponse(
        feed_document(articles), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    if articles:
        latest = max(modified_at(article) for article in articles)
        response["Last-Modified"] = http_date(latest.timestamp())
    return response
