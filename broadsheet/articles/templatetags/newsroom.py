from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from broadsheet.articles.datelines import format_dateline
from broadsheet.generation import remembered
from broadsheet.surrogate import SECTIONS, article_key

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


# Where a kept card takes the lines of card_tools.html, rendered afresh each time.
_TOOLS = mark_safe("<!--card-tools-->")


@register.simple_tag(takes_context=True)
def card(context, article, is_lead=False, level=3):
    """The article's card in a listing (articles/includes/card.html).

    Rendered once and kept in this process until the article is saved (its
    text, image, bylines or status: `article-<pk>`) or a section or author is
    renamed (`sections`): a listing's cache miss after a publication renders
    only the new card. The card is given the article alone; the lines of
    card_tools.html (the reply count), which other apps fill, are rendered
    with the page's context each time."""
    head, tail = remembered(
        f"card:{article.pk}:{int(bool(is_lead))}:{level}",
        lambda: render_to_string(
            "articles/includes/card.html",
            {"article": article, "is_lead": is_lead, "level": level, "tools": _TOOLS},
        ).split(_TOOLS, 1),
        keys=[article_key(article.pk), SECTIONS],
    )
    tools = context.template.engine.get_template("articles/includes/card_tools.html")
    with context.push(article=article):
        # The template engine escaped what the card shows.
        return mark_safe(head + tools.render(context) + tail)
