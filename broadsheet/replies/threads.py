"""An article's replies as a nested thread, in pages of whole threads, and
their HTML, kept between renders until any of the article's replies changes.

    pages = paged(article, own, policy)            # [[reply ids of page 1], ...]
    html, count = thread_html(request, article, own, is_open, number)

A page holds `replies_per_page` threads (a top-level reply with all its
answers), oldest or newest first by the discussion settings; answers are
oldest first at every level. A reply whose parent the reader cannot see starts
a thread of its own. `/replies/<id>/` finds the page that holds a reply.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.safestring import mark_safe

from broadsheet.generation import remembered
from broadsheet.replies.fragments import (
    THREAD_FIELDS,
    ThreadReply,
    fragment,
    own_fragment,
)
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
from broadsheet.surrogate import DISCUSSION, after_send, replies_key

# The query parameter of an article page that names a page of its replies.
PAGE_PARAMETER = "replies-page"

THREAD_SECONDS = 24 * 3600


@dataclass
class Node:
    reply: Reply
    is_own: bool = False
    children: list["Node"] = field(default_factory=list)


def build_thread(replies, own_ids=frozenset(), newest_first=False) -> list[Node]:
    """Nest replies under their parents; one whose parent is hidden goes on top."""
    nodes = {reply.pk: Node(reply, reply.pk in own_ids) for reply in replies}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.reply.parent_id)
        (parent.children if parent else roots).append(node)
    return roots[::-1] if newest_first else roots


def paged(article, own, policy) -> list[list[int]]:
    """The ids of the replies the reader sees, page by page: whole threads,
    `policy.replies_per_page` of them a page (all on one page for 0)."""
    rows = (
        Reply.objects.seen_by(own)
        .filter(article=article)
        .order_by("created_at", "pk")
        .values_list("pk", "parent_id")
    )
    seen, roots, children = set(), [], defaultdict(list)
    for pk, parent_id in rows:
        (children[parent_id] if parent_id in seen else roots).append(pk)
        seen.add(pk)
    if policy.reply_order == "newest":
        roots.reverse()
    size = policy.replies_per_page or len(roots) or 1
    pages = []
    for start in range(0, len(roots), size):
        ids, waiting = [], roots[start : start + size][::-1]
        while waiting:
            pk = waiting.pop()
            ids.append(pk)
            waiting.extend(children[pk][::-1])
        pages.append(ids)
    return pages or [[]]


def page_holding(reply, own) -> int:
    """The number of the page of its article's replies that shows this reply."""
    pages = paged(reply.article, own, DiscussionSettings.current())
    return next(n for n, ids in enumerate(pages, 1) if reply.pk in ids)


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


def thread_html(request, article, own, is_open, number=1) -> tuple[str, int]:
    """The HTML of page `number` of the thread, and how many pages there are
    (None for the HTML of a page that does not exist).

    The same for every reader without replies of their own, so it is kept
    until any of the article's replies changes (which raises
    Discussion.thread_version in the same transaction): a page render after an
    edit of the article, or for a CDN's miss, skips the replies.
    """
    policy = DiscussionSettings.shown()
    if own:  # their held replies are shown to them alone
        return render_thread(request, article, own, is_open, policy, number)
    version = Discussion.objects.of(article, request).thread_version
    key = ":".join(
        map(
            str,
            [
                "thread",
                article.pk,
                version,
                "open" if is_open else "closed",
                policy.reply_order,
                policy.replies_per_page,
                number,
            ],
        )
    )

    def shared_or_rendered():
        kept = cache.get(key)
        if kept is None:
            kept = render_thread(request, article, own, is_open, policy, number)
            if kept[0] is not None:  # a page past the last is a 404, never kept
                # For the other processes; the reader need not wait for the write.
                shared = (str(kept[0]), kept[1])
                after_send(
                    request, lambda: cache.set(key, shared, timeout=THREAD_SECONDS)
                )
        return kept

    # This process also keeps it until its replies or the settings are purged.
    html, count = remembered(
        key,
        shared_or_rendered,
        still_good=lambda kept: kept[0] is not None,
        keys=[replies_key(article.pk), DISCUSSION],
    )
    # Rendered by Jinja2, which escaped what readers typed.
    return (mark_safe(html) if html is not None else None), count


def public_page(article, policy, number, threads) -> tuple[list[int] | None, int]:
    """(the ids on page `number` of the thread readers without replies of
    their own see, None for all of them; how many pages there are), for an
    article whose thread starts `threads` threads (Discussion.thread_count).

    What paged() gives such a reader, reading only that page's threads: their
    top-level replies by LIMIT and their shown answers at every depth, in one
    recursive statement, so a page of a thread with 10,000 replies costs a
    page, not the thread.
    """
    size = policy.replies_per_page or threads or 1
    pages = max(1, -(-threads // size))
    if not 1 <= number <= pages or pages == 1:
        return None, pages
    newest = policy.reply_order == "newest"
    order = ("-created_at", "-pk") if newest else ("created_at", "pk")
    start = (number - 1) * size
    tops = Reply.objects.thread_starts(article.pk).order_by(*order).values("pk")
    tops_sql, params = tops[start : start + size].query.sql_with_params()
    name = connection.ops.quote_name
    # Answers by the parent index alone (an answer is always on its parent's
    # article); an answer not shown ends its branch, as it does in paged().
    sql = (
        f"WITH RECURSIVE page(id) AS (SELECT * FROM ({tops_sql}) tops "
        f"UNION ALL SELECT answer.{name('id')} "
        f"FROM {name(Reply._meta.db_table)} answer "
        f"JOIN page ON answer.{name('parent_id')} = page.id "
        f"WHERE answer.{name('status')} = %s) SELECT id FROM page"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, Reply.Status.APPROVED])
        return [pk for (pk,) in cursor.fetchall()], pages


def _thread_replies(article, own, ids):
    """The replies of a page of the thread (all of them for ids None): plain
    rows (fragments.ThreadReply), but a reader's own as Reply instances, which
    their edit links ask about."""
    if ids is not None and not ids:
        return []  # a page the thread's count promised but a moderator emptied
    shown = Reply.objects.seen_by(own).filter(article=article)
    if ids is not None:
        shown = shown.filter(pk__in=ids)
    # As the database gives them, without the ORM's converters: 200 rows' times
    # made aware cost a third of the read, and only a fragment not yet kept
    # shows them (fragments.fragment makes them aware then).
    sql, params = shown.values_list("pk", *THREAD_FIELDS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = list(map(ThreadReply._make, cursor.fetchall()))
    mine = [row.pk for row in rows if row.pk in own]
    if mine:
        # One deleted since the rows were read is left out, not shown raw.
        instances = Reply.objects.in_bulk(mine)
        rows = [instances.get(row.pk) if row.pk in own else row for row in rows]
        rows = [row for row in rows if row is not None]
    return rows


def render_thread(request, article, own, is_open, policy, number):
    if own:  # their own held replies, wherever they hang, change the pages
        pages = paged(article, own, policy)
        count = len(pages)
        ids = pages[number - 1] if 1 <= number <= count and count > 1 else None
    else:
        threads = Discussion.objects.of(article, request).thread_count
        ids, count = public_page(article, policy, number, threads)
    if not 1 <= number <= count:
        return None, count
    thread = build_thread(
        _thread_replies(article, own, ids),
        own,
        newest_first=policy.reply_order == "newest",
    )
    return mark_safe(nested_html(request, thread, is_open)), count


def nested_html(request, thread, is_open) -> str:
    """The thread's replies as nested list items (inside section.html's
    `<ol class="thread">`): each reply's own part from its fragment, or
    rendered for its author. Written here rather than in a template: it runs
    for every reply of a page after any reply changes, and a loop in Python
    costs a fraction of a recursive template's (docs/performance.md)."""
    zone = timezone.get_current_timezone_name()
    parts = []
    # Depth first, without recursion (an imported thread may nest deeply):
    # a node, or the closing markup of a node whose answers are done.
    waiting = list(reversed(thread))
    while waiting:
        node = waiting.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        reply = node.reply
        held = reply.status != Reply.Status.APPROVED
        classes = "reply"
        if held:
            classes += " reply--held"
        if reply.is_staff_reply:
            classes += " reply--staff"
        parts.append(f'\n<li class="{classes}" id="reply-{reply.pk}">\n')
        if node.is_own or held:
            parts.append(own_fragment(request, reply, is_open, node.is_own, held))
        else:
            parts.append(fragment(reply, is_open, zone))
        if node.children:
            parts.append('\n  <ol class="thread thread--nested">')
            waiting.append("\n  </ol>\n</li>")
            waiting.extend(reversed(node.children))
        else:
            parts.append("\n</li>")
    return "".join(parts)
