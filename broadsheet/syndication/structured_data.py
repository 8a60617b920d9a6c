"""schema.org structured data for article pages: NewsArticle and BreadcrumbList.

`news_article(article)` returns the JSON-LD object of what the article itself
says, `counted(data, reply_count)` adds the replies; the template tag in
templatetags/syndication.py keeps the former per article and serialises them
safely into a script element.
An article covered live (broadsheet.live) becomes a LiveBlogPosting instead:
`live_blog_posting(news_article(...), coverage)`.
"""

from datetime import datetime

from django.conf import settings
from django.templatetags.static import static

from broadsheet.syndication.feeds import summary_of
from broadsheet.syndication.identity import absolute, authors_of, modified_at


def publisher() -> dict:
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static("broadsheet/logo.png")),
            "width": 600,
            "height": 60,
        },
    }


def news_article(article) -> dict:
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": summary_of(article),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.published_at.isoformat(),
        "dateModified": modified_at(article).isoformat(),
        "author": [
            {"@type": "Person", "name": name, **({"url": link} if link else {})}
            for name, link in authors_of(article)
        ]
        or [{"@type": "Organization", "name": settings.SITE_NAME}],
        "publisher": publisher(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "isAccessibleForFree": True,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if article.dateline_place:
        data["dateline"] = article.dateline_place
    image = article.featured_image
    if image and image.fallback():
        data["image"] = [
            absolute(image.opengraph_url()),
            absolute(image.fallback_url()),
        ]
    else:
        data["image"] = [absolute(static("broadsheet/logo.png"))]
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": f"{update.get_kind_display()}: {update.note}",
            "datePublished": update.posted_at.isoformat(),
        }
        for update in article.updates.all()
    ]
    if corrections:
        data["correction"] = corrections
    return data


def counted(data: dict, reply_count: int) -> dict:
    """The article's object with its number of replies."""
    return {**data, "commentCount": reply_count}


def live_blog_posting(data: dict, coverage) -> dict:
    """The article's NewsArticle object as a schema.org LiveBlogPosting, with
    its coverage times and each entry as a `liveBlogUpdate` BlogPosting.

    https://schema.org/LiveBlogPosting; Google reads the same properties
    (https://developers.google.com/search/docs/appearance/structured-data/article).
    """
    entries = sorted(coverage.entries.all(), key=lambda e: e.posted_at, reverse=True)
    live = {
        **data,
        "@type": "LiveBlogPosting",
        "coverageStartTime": coverage.started_at.isoformat(),
        "liveBlogUpdate": [_blog_posting(entry, data["url"]) for entry in entries],
    }
    if coverage.ended_at:
        live["coverageEndTime"] = coverage.ended_at.isoformat()
    if entries:
        newest = max(e.updated_at for e in entries)
        modified = datetime.fromisoformat(data["dateModified"])
        live["dateModified"] = max(newest, modified).isoformat()
    return live


def _blog_posting(entry, page_url: str) -> dict:
    posting = {
        "@type": "BlogPosting",
        "@id": f"{page_url}#{entry.anchor()}",
        "url": f"{page_url}#{entry.anchor()}",
        "headline": entry.title()[:110],
        "articleBody": entry.plain_text(),
        "datePublished": entry.posted_at.isoformat(),
        "dateModified": entry.updated_at.isoformat(),
    }
    if entry.author:
        posting["author"] = {
            "@type": "Person",
            "name": entry.author.name,
            "url": absolute(entry.author.get_absolute_url()),
        }
    if entry.image and entry.image.fallback():
        posting["image"] = absolute(entry.image.fallback_url())
    return posting


def breadcrumbs(article) -> dict:
    trail = [
        (settings.SITE_NAME, absolute("/")),
        (article.section.name, absolute(article.section.get_absolute_url())),
        (article.headline, absolute(article.get_absolute_url())),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }
