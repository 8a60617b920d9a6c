from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from broadsheet.articles.datelines import format_dateline
from broadsheet.generation import remembered
from broadsheet.surrogate import SECTIONS, article_key

register = template.Library()


@register.filter
def dateline(value):
    """Format a datetime the way the site shows datelines ("17 Mar 2025, Mon")."""
    return format_dateline(value) if value else ""


@register.simple_tag
def byline(article):
    """The article's authors, each linked to their page, or its plain byline."""
    return byline_html([b.author for b in article.bylines.all()], article.byline)


def byline_html(authors, plain) -> str:
    """ "By A, B and C", each name linked to the author's page; or "By" the
    plain byline; or "" for neither. Written in Python: every card, story and
    search result shows one (docs/performance.md)."""
    if not authors:
        return format_html('<p class="byline">By {}</p>', plain) if plain else ""
    links = [
        format_html('<a href="{}" rel="author">{}</a>', a.get_absolute_url(), a.name)
        for a in authors
    ]
    names = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
    return format_html('<p class="byline">By {}</p>', mark_safe(names))


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


@register.simple_tag(takes_context=True)
def card(context, article, is_lead=False, level=3):
    """The article's card in a listing (articles/includes/card.html).

    Rendered once and kept in this process until the article is saved (its
    text, image, bylines or status: `article-<pk>`) or a section or author is
    renamed (`sections`): a listing's cache miss after a publication renders
    only the new card. The card is given the article alone; the lines of
    card_tools.html (the reply count), which other apps fill, are rendered
    with the page's context each time."""
    return kept_part(
        context,
        f"card:{article.pk}:{int(bool(is_lead))}:{level}",
        "articles/includes/card.html",
        article,
        {"is_lead": is_lead, "level": level},
        fresh={"tools": "articles/includes/card_tools.html"},
    )


@register.simple_tag(takes_context=True)
def story(context, article):
    """The article itself on its page (articles/includes/story.html): its
    header, picture, body, updates and tags.

    Kept as cards are, until the article is saved or a name it shows changes:
    a miss after a reply renders only the replies. The lines of story_tools.html
    (the reply count) and before_body.html (live coverage), which other apps
    fill, are rendered with the page's context each time."""
    return kept_part(
        context,
        f"story:{article.pk}",
        "articles/includes/story.html",
        article,
        {},
        fresh={
            "tools": "articles/includes/story_tools.html",
            "before_body": "articles/includes/before_body.html",
        },
    )


def kept_part(context, name, template, article, values, fresh):
    """`template` rendered with the article and `values` alone, kept under the
    article's keys (remembered); where each `fresh` name stands in it, that
    name's template rendered with the page's context, each time."""
    markers = {part: mark_safe(f"<!--{part}-->") for part in fresh}

    def render_split():
        text = render_to_string(template, {"article": article, **values, **markers})
        pieces = []
        for marker in markers.values():
            head, text = text.split(marker, 1)
            pieces.append(head)
        return [*pieces, text]

    pieces = kept_for_article(name, article, render_split)
    engine = context.template.engine
    html = [pieces[0]]
    with context.push(article=article):
        for part, rest in zip(fresh.values(), pieces[1:], strict=True):
            html += [engine.get_template(part).render(context), rest]
    # The template engine escaped what the kept parts and the fresh ones show.
    return mark_safe("".join(html))


def kept_for_article(name, article, compute):
    """compute(), a value made from the article alone, kept in this process
    (remembered) until the article is saved or a name it shows changes (its
    key, `sections`). Kept only if the article was read after the last purge
    anywhere: one read before an edit's purge would otherwise be kept under
    the new versions (Article.read_at)."""
    return remembered(
        name,
        compute,
        keys=[article_key(article.pk), SECTIONS],
        read_at=getattr(article, "read_at", None),
    )
