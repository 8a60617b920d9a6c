"""Each reply's part of the thread, rendered once per process and reused.

    html = fragment(reply, is_open, zone)  # Markup: replies/jinja2/replies/reply.html

A new reply, or a change to one, then costs one render rather than one per
reply on the page. A fragment is kept under everything it shows (its
THREAD_FIELDS values, whether replies are open, the time zone its time is
written in), so an edit, a moderation decision, an erasure or a rename makes a
new key and the old fragment is never read again: nothing needs purging. A
deploy (new templates, new filters) starts new processes, whose memory is
empty. Replies shown to their author alone (held, or with edit links and a
CSRF token) are rendered each time and never kept (replies/threads.py).
"""

import contextlib
from collections import namedtuple

from django.template import engines
from markupsafe import Markup

from broadsheet.db import aware

# What the thread shows of a reply (reply.html, threads.nested_html): the fields the
# thread fetches, and the key of a reply's fragment.
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
# A reply as the thread reads it for readers other than its author: a plain
# row, which the template reads like a Reply and which is its own fragment key.
ThreadReply = namedtuple("ThreadReply", ["pk", *THREAD_FIELDS])
KEPT_FRAGMENTS = 20_000  # per process: about 1.5 KB each
_kept: dict = {}


def fragment_key(reply, is_open, zone) -> tuple:
    """The key of a reply's fragment: every value the fragment shows (zone:
    the name of the current time zone, which its time is written in)."""
    if not isinstance(reply, ThreadReply):
        reply = ThreadReply(reply.pk, *(getattr(reply, name) for name in THREAD_FIELDS))
    return (reply, is_open, zone)


def fragment(reply, is_open, zone):
    """The reply's HTML in the thread, for every reader but its author (zone:
    timezone.get_current_timezone_name(), asked once for a whole thread)."""
    key = fragment_key(reply, is_open, zone)
    html = _kept.get(key)
    if html is None:
        # Jinja2 escaped what the reader typed.
        template = _template().template  # Jinja2's own: no request, no CSRF
        shown = _with_aware_times(reply) if isinstance(reply, ThreadReply) else reply
        html = Markup(template.render(reply=shown, is_open=is_open, held=False))
        if len(_kept) >= KEPT_FRAGMENTS:
            # Drop the oldest; another thread may be doing the same.
            with contextlib.suppress(RuntimeError, StopIteration):
                _kept.pop(next(iter(_kept)), None)
        _kept[key] = html
    return html


def _with_aware_times(row: ThreadReply) -> ThreadReply:
    """The row with its times aware: the thread reads rows as the database
    gives them (threads._thread_replies), and SQLite's are naive, in UTC."""
    return row._replace(
        created_at=aware(row.created_at), edited_at=aware(row.edited_at)
    )


def own_fragment(request, reply, is_open, is_own, held):
    """The reply's HTML for its author (edit and delete links, a CSRF token)
    or a held reply's: rendered each time, never kept."""
    context = {"reply": reply, "is_open": is_open, "held": held, "is_own": is_own}
    return Markup(_template().render(context, request=request))


def _template():
    return engines["jinja2"].get_template("replies/reply.html")
