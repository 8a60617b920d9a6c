from django import template
from django.utils import timezone

from broadsheet.articles.datelines import format_dateline

register = template.Library()


@register.filter
def dateline(value):
    """Format a datetime the way the site shows datelines ("17 Mar 2025, Mon")."""
    return format_dateline(value) if value else ""


@register.inclusion_tag("articles/includes/byline.html")
def byline(article):
    """The article's authors, each linked to their page, or its plain byline."""
    return {
        "authors": [b.author for b in article.bylines.all()],
        "plain": article.byline,
    }


@register.inclusion_tag("articles/includes/pagination.html", takes_context=True)
def pagination(context, page):
    """Older/newer links for a listing page, keeping the rest of the query string."""
    return {"page": page, "request": context["request"]}


@register.filter
def machine_date(value):
    """An ISO 8601 time for datetime attributes, to the second, in the site's zone."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
