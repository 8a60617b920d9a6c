import time

from django import template
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from broadsheet.articles.paging import page_number
from broadsheet.generation import remembered
from broadsheet.replies.authorship import authored_ids
from broadsheet.replies.forms import ReplyForm
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
from broadsheet.replies.threads import PAGE_PARAMETER, thread_html
from broadsheet.surrogate import DISCUSSION, depend_on, replies_key

register = template.Library()


@register.simple_tag(takes_context=True)
def reply_section(context, article):
    """The thread and the form below an article (jinja2/replies/section.html)."""
    request = context["request"]
    depend_on(request, replies_key(article.pk), DISCUSSION)
    policy = DiscussionSettings.shown()
    own = authored_ids(request)
    is_open = Discussion.objects.of(article, request).is_open_for_replies(policy)
    number = page_number(request.GET.get(PAGE_PARAMETER))
    html, pages = thread_html(request, article, own, is_open, number)
    if html is None:
        raise Http404("No such page of replies.")
    section = {
        "article": article,
        "thread_html": html,
        "page": number,
        "pages": pages,
        "page_parameter": PAGE_PARAMETER,
        "count": Discussion.objects.of(article, request).reply_count,
        "is_open": is_open,
        "is_preview": context.get("is_preview", False),
        "respond_html": _respond(context, article, own) if is_open else "",
    }
    html = render_to_string(
        "replies/section.html", section, request=request, using="jinja2"
    )
    return mark_safe(html)  # Jinja2 escaped everything a reader typed


# How long a fresh reply form is kept: its hidden "started" token is then up
# to this old, as a cached page's is (s-maxage), which the spam timing allows
# for (moderation.decide: only a token the reader's browser fetched vouches).
RESPOND_SECONDS = 300


def _respond(context, article, own):
    """The reply form (replies/respond.html). A fresh one is the same for
    every reader, and kept per process for RESPOND_SECONDS; one answering a
    reply, or showing a reader's errors and text, is theirs alone."""
    request = context["request"]
    form = context.get("reply_form")
    notice = context.get("reply_notice", "")
    if form is not None and form.is_bound:
        replying_to = _visible_reply(article, form.data.get("parent"), own)
    else:
        replying_to = _visible_reply(article, request.GET.get("replyto"))
        if replying_to is None and not notice:

            def fresh():
                return time.time(), _respond_html(article, ReplyForm(article=article))

            # Nothing it shows is purged; the settings' key keeps it through
            # other purges.
            _, html = remembered(
                f"respond:{article.pk}",
                fresh,
                still_good=lambda kept: time.time() - kept[0] < RESPOND_SECONDS,
                keys=[DISCUSSION],
            )
            return html
        form = ReplyForm(article=article, initial={"parent": replying_to.pk})
    return _respond_html(article, form, notice=notice, replying_to=replying_to)


def _respond_html(article, form, notice="", replying_to=None):
    values = {
        "article": article,
        "form": form,
        "notice": notice,
        "replying_to": replying_to,
    }
    # Jinja2 escaped what a reader typed.
    return mark_safe(render_to_string("replies/respond.html", values, using="jinja2"))


@register.simple_tag(takes_context=True)
def reply_count(context, article):
    """The approved replies on an article; a listing page costs one query in all."""
    request = context["request"]
    depend_on(request, replies_key(article.pk))
    counts = request.__dict__.setdefault("_broadsheet_reply_counts", {})
    if article.pk not in counts:
        listed = [a.pk for a in _listed_articles(context)] or [article.pk]
        counts.update(
            Discussion.objects.filter(article_id__in=listed).values_list(
                "article_id", "reply_count"
            )
        )
        counts.update({pk: 0 for pk in listed if pk not in counts})
        counts.setdefault(article.pk, 0)
    return counts[article.pk]


@register.simple_tag(takes_context=True)
def article_reply_count(context, article):
    depend_on(context["request"], replies_key(article.pk))
    return Discussion.objects.of(article, context["request"]).reply_count


@register.simple_tag(takes_context=True)
def replies_open(context, article):
    """Whether the article takes replies now (its discussion and the settings)."""
    request = context["request"]
    depend_on(request, replies_key(article.pk), DISCUSSION)
    policy = DiscussionSettings.shown()
    return Discussion.objects.of(article, request).is_open_for_replies(policy)


def _visible_reply(article, pk, own=()):
    """The reply a reader answers, if they can see it."""
    pk = _int(pk)
    if pk is None:
        return None
    return Reply.objects.seen_by(own).filter(pk=pk, article=article).first()


def _listed_articles(context):
    page = context.get("page")
    articles = list(page.object_list) if page is not None else []
    if context.get("lead"):
        articles.append(context["lead"])
    return articles


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
