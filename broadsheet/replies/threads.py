"""An article's replies as a nested thread, oldest first at every level, and
its HTML, kept between renders until any of the article's replies changes."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from broadsheet.generation import remembered
from broadsheet.replies.models import Discussion, Reply

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


@dataclass
class Node:
    reply: Reply
    is_own: bool = False
    children: list["Node"] = field(default_factory=list)


def build_thread(replies, own_ids=frozenset()) -> list[Node]:
    """Nest replies under their parents; one whose parent is hidden goes on top."""
    nodes = {reply.pk: Node(reply, reply.pk in own_ids) for reply in replies}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.reply.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def attach_point(parent: Reply | None, max_depth: int) -> Reply | None:
    """The reply a new answer to `parent` hangs from, so nesting stops at max_depth.

    Depth counts from 0 for a top-level reply; an answer to a reply already at the
    deepest allowed level becomes its sibling instead.
    """
    if parent is None or max_depth <= 1:
        return None
    while parent is not None and parent.depth >= max_depth - 1:
        parent = parent.parent
    return parent


def thread_html(request, article, own, is_open):
    """The thread's HTML. It is the same for every reader without replies of
    their own, so it is kept until any of the article's replies changes (which
    raises Discussion.thread_version in the same transaction): a page render
    after an edit of the article, or for a CDN's miss, skips the 200 replies.
    """
    if own:  # their held replies are shown to them alone
        return render_thread(request, article, own, is_open)
    version = Discussion.objects.of(article, request).thread_version
    key = f"thread:{article.pk}:{version}:{'open' if is_open else 'closed'}"

    def shared_or_rendered():
        html = cache.get(key)
        if html is None:
            html = render_thread(request, article, own, is_open)
            cache.set(key, str(html), timeout=THREAD_SECONDS)
        return html

    # This process also keeps it until the next purge anywhere (which a
    # cleared cache or a new database always brings).
    html = remembered(key, shared_or_rendered)
    return mark_safe(html)  # rendered by Jinja2, which escaped what readers typed


def render_thread(request, article, own, is_open):
    replies = Reply.objects.seen_by(own).filter(article=article)
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
