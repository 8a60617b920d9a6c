"""schema.org structured data for article pages: NewsArticle and BreadcrumbList.

`news_article(article, reply_count)` returns the JSON-LD object; the template
tag in templatetags/syndication.py serialises it safely into a script element.
"""

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


def news_article(article, reply_count: int | None = None) -> dict:
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
    if reply_count is not None:
        data["commentCount"] = reply_count
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
