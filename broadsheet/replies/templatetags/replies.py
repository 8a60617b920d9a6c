from django import template
from django.core.cache import cache
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from broadsheet.generation import remembered
from broadsheet.replies.authorship import authored_ids
from broadsheet.replies.forms import ReplyForm
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
from broadsheet.replies.threads import build_thread
from broadsheet.surrogate import DISCUSSION, depend_on

register = template.Library()
THREAD_SECONDS = 24 * 3600
# What the thread shows of a reply (replies/jinja2/replies/thread.html).
THREAD_FIELDS = [
    "article_id",
    "parent_id",
    "status",
    "name",
    "website",
    "text_html",
    "is_staff_reply",
    "is_erased",
    "created_at",
    "edited_at",
]


def discussion_for(request, article):
    """The article's Discussion (unsaved defaults if it has none), once per request."""
    known = request.__dict__.setdefault("_broadsheet_discussions", {})
    if article.pk not in known:
        discussion = Discussion.objects.filter(article=article).first()
        if discussion is None:
            discussion = Discussion(article=article)
        discussion.article = article  # loaded already: no second query for it
        known[article.pk] = discussion
    return known[article.pk]


@register.simple_tag(takes_context=True)
def reply_section(context, article):
    """The thread and the form below an article (jinja2/replies/section.html)."""
    request = context["request"]
    depend_on(request, f"replies-{article.pk}", DISCUSSION)
    policy = DiscussionSettings.current()
    own = authored_ids(request)
    is_open = discussion_for(request, article).is_open_for_replies(policy)
    form = context.get("reply_form")
    if form is not None and form.is_bound:
        replying_to = _visible_reply(article, form.data.get("parent"), own)
    else:
        replying_to = _visible_reply(article, request.GET.get("replyto"))
        form = ReplyForm(
            article=article,
            initial={"parent": replying_to.pk if replying_to else None},
        )
    section = {
        "article": article,
        "thread_html": _thread_html(request, article, own, is_open),
        "count": discussion_for(request, article).reply_count,
        "is_open": is_open,
        "is_preview": context.get("is_preview", False),
        "form": form,
        "notice": context.get("reply_notice", ""),
        "replying_to": replying_to,
    }
    html = render_to_string(
        "replies/section.html", section, request=request, using="jinja2"
    )
    return mark_safe(html)  # Jinja2 escaped everything a reader typed


@register.simple_tag(takes_context=True)
def reply_count(context, article):
    """The approved replies on an article; a listing page costs one query in all."""
    request = context["request"]
    depend_on(request, f"replies-{article.pk}")
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
    depend_on(context["request"], f"replies-{article.pk}")
    return discussion_for(context["request"], article).reply_count


@register.simple_tag(takes_context=True)
def replies_open(context, article):
    """Whether the article takes replies now (its discussion and the settings)."""
    request = context["request"]
    depend_on(request, f"replies-{article.pk}", DISCUSSION)
    policy = DiscussionSettings.current()
    return discussion_for(request, article).is_open_for_replies(policy)


def _seen_by(own):
    """The replies a reader sees: the approved ones, and their own still held."""
    visible = Q(status=Reply.Status.APPROVED)
    if own:
        visible |= Q(pk__in=own, status__in=[Reply.Status.PENDING, Reply.Status.SPAM])
    return visible


def _visible_reply(article, pk, own=()):
    """The reply a reader answers, if they can see it."""
    pk = _int(pk)
    if pk is None:
        return None
    return Reply.objects.filter(_seen_by(own), pk=pk, article=article).first()


def _thread_html(request, article, own, is_open):
    """The thread's HTML. It is the same for every reader without replies of
    their own, so it is kept until any of the article's replies changes (which
    raises Discussion.thread_version in the same transaction): a page render
    after an edit of the article, or for a CDN's miss, skips the 200 replies.
    """
    if own:  # their held replies are shown to them alone
        return _render_thread(request, article, own, is_open)
    version = discussion_for(request, article).thread_version
    key = f"thread:{article.pk}:{version}:{'open' if is_open else 'closed'}"

    def shared_or_rendered():
        html = cache.get(key)
        if html is None:
            html = _render_thread(request, article, own, is_open)
            cache.set(key, str(html), timeout=THREAD_SECONDS)
        return html

    # This process also keeps it until the next purge anywhere (which a
    # cleared cache or a new database always brings).
    html = remembered(key, shared_or_rendered)
    return mark_safe(html)  # rendered by Jinja2, which escaped what readers typed


def _render_thread(request, article, own, is_open):
    replies = Reply.objects.filter(_seen_by(own), article=article)
    replies = replies.only(*THREAD_FIELDS)
    thread = build_thread(replies, own)
    if not thread:
        return ""
    html = render_to_string(
        "replies/thread.html",
        {"thread": thread, "is_open": is_open},
        request=request,
        using="jinja2",
    )
    return mark_safe(html)  # Jinja2 escaped everything a reader typed


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
