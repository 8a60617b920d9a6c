from django import template
from django.conf import settings
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from broadsheet.articles.templatetags.newsroom import kept_for_article, kept_part
from broadsheet.live.models import started_coverage
from broadsheet.replies.models import Discussion
from broadsheet.surrogate import depend_on, live_key
from broadsheet.syndication import structured_data
from broadsheet.syndication.identity import absolute, modified_at

register = template.Library()


@register.simple_tag(takes_context=True)
def article_head(context, article):
    """The article page's <head> lines: Open Graph, its feeds, oEmbed, JSON-LD
    (syndication/article_head.html).

    Kept as its {% story %} is, until the article is saved or a name it shows
    changes; the live coverage feeds and the JSON-LD, which counts the replies
    (syndication/head_fresh.html), are rendered with the page's context each
    time, so a miss after a reply writes the <head> from the kept part."""
    return kept_part(
        context,
        f"head:{article.pk}",
        "syndication/article_head.html",
        article,
        {"SITE_NAME": settings.SITE_NAME},
        fresh={"fresh": "syndication/head_fresh.html"},
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """NewsArticle (LiveBlogPosting when covered live) and BreadcrumbList
    JSON-LD, escaped for a <script> element. What the article itself says is
    kept as its {% story %} is; the reply count and live coverage are asked
    each time."""
    said, trail = kept_for_article(
        f"json-ld:{article.pk}",
        article,
        lambda: (
            structured_data.news_article(article),
            structured_data.breadcrumbs(article),
        ),
    )
    count = Discussion.objects.of(article, context["request"]).reply_count
    main = structured_data.counted(said, count)
    coverage = live_coverage(context, article)
    if coverage is not None:
        main = structured_data.live_blog_posting(main, coverage)
    graph = [main, trail]
    # json_script escapes <, > and & so no text can close the script element.
    script = json_script(graph)
    return mark_safe(
        script.replace(' type="application/json"', ' type="application/ld+json"', 1)
    )


@register.simple_tag(takes_context=True)
def live_coverage(context, article):
    """The article's live coverage once it has started, or None."""
    depend_on(context.get("request"), live_key(article.pk))
    return started_coverage(article)


@register.simple_tag
def absolute_url(path):
    return absolute(path)


@register.filter
def modified(article):
    return modified_at(article)
