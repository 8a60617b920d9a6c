from django import template
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from broadsheet.live.models import started_coverage
from broadsheet.replies.models import Discussion
from broadsheet.surrogate import depend_on, live_key
from broadsheet.syndication import structured_data
from broadsheet.syndication.identity import absolute, modified_at

register = template.Library()


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """NewsArticle (LiveBlogPosting when covered live) and BreadcrumbList
    JSON-LD, escaped for a <script> element."""
    count = Discussion.objects.of(article, context["request"]).reply_count
    main = structured_data.news_article(article, count)
    coverage = live_coverage(context, article)
    if coverage is not None:
        main = structured_data.live_blog_posting(main, coverage)
    graph = [main, structured_data.breadcrumbs(article)]
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
