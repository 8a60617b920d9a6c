"""WordPress comments to Replies, threads and states kept, in bulk.

A post's new comments are inserted one thread level at a time (a parent
needs its primary key before its replies can point at it), each level with
one `bulk_create`, batched across posts; then `Discussion.recount` recounts
each article, as every other writer of replies does. Pingbacks and trackbacks
are not replies: they are counted and left out.
"""

from __future__ import annotations

import ipaddress
import re

from django.utils import timezone
from django.utils.html import escape

from broadsheet.caching.invalidation import purge_on_commit
from broadsheet.migration.bulk import Inserter, reserve_ids
from broadsheet.migration.content import plain_text
from broadsheet.migration.models import ImportedItem, checksum
from broadsheet.replies.addresses import normalise
from broadsheet.replies.models import Discussion, Reply, text_hash
from broadsheet.replies.rendering import render_reply_text
from broadsheet.surrogate import replies_key
from broadsheet.text import without_control_characters, without_invisible_marks

Kind = ImportedItem.Kind
STATES = {
    "1": Reply.Status.APPROVED,
    "0": Reply.Status.PENDING,
    "spam": Reply.Status.SPAM,
    "trash": Reply.Status.TRASH,
    "post-trashed": Reply.Status.TRASH,
}


_IPV4 = re.compile(
    r"^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$"
)


def valid_ip(value: str) -> str | None:
    """The address in the form Django stores it, or None if it is not one."""
    value = value.strip()
    if _IPV4.match(value):  # the usual case, without ipaddress's cost
        return value
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


# urlize links only words with "://", "www.", "@" or a domain ending such as
# ".com" (django.utils.html.Urlizer); a text with none of them is escaped as is.
_MAY_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.I)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def reply_html(text: str) -> str:
    """render_reply_text(text), without urlize's cost when no word can be a link.

    urlize is most of the time of importing 200,000 comments; the property test
    `test_reply_html_is_render_reply_text` holds the two equal."""
    if _MAY_LINK.search(text):
        return render_reply_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    return "\n".join(
        "<p>" + escape(paragraph).replace("\n", "<br>") + "</p>"
        for paragraph in paragraphs
    )


def comment_checksum(comment) -> str:
    return checksum(
        comment.parent_id, comment.author, comment.email, comment.url, comment.ip,
        comment.date, comment.content, comment.approved,
    )  # fmt: skip


def reply_fields(comment, article) -> tuple:
    """The reply's REPLY_FIELDS from "name" on, normalised as Reply.save would
    (bulk inserts skip it)."""
    text = without_control_characters(plain_text(comment.content)) or "…"
    url = comment.url if comment.url.startswith(("http://", "https://")) else ""
    return (
        without_invisible_marks(comment.author or "Anonymous")[:100],
        normalise(comment.email)[:254],
        url if len(url) <= 200 else "",
        text,
        reply_html(text),
        text_hash(text),
        STATES[comment.approved],
        valid_ip(comment.ip),
        comment.date or article.published_at or timezone.now(),
    )


class CommentWriter:
    """Collects posts' comments and writes the new ones in batches."""

    BATCH = 5000

    def __init__(self, imp):
        self.imp = imp
        self.fresh: list = []
        self.waiting = 0
        self.touched: set[int] = set()
        self.replies = Inserter(Reply, REPLY_FIELDS)
        self.items = Inserter(ImportedItem, ITEM_FIELDS)

    def add(self, record, article, new: bool) -> None:
        """Take a post's comments; `new` says its article was just created."""
        if not record.comments:
            return
        known, placed = ({}, {}) if new else self.known(record)
        fresh = []
        for comment in record.comments:
            if not self.importable(comment):
                continue
            item = known.get(comment.id)
            digest = comment_checksum(comment)
            if item is None:
                fresh.append((comment, digest))
            elif item.checksum == digest:
                self.imp.report.count("comment", "unchanged")
            else:
                update_reply(self.imp, item, comment, digest, article)
                self.touched.add(article.pk)
        if fresh:
            self.fresh.append((record, article, fresh, placed))
            self.touched.add(article.pk)
            self.waiting += len(fresh)
        if self.waiting >= self.BATCH:
            self.flush()

    def known(self, record) -> tuple[dict[int, ImportedItem], dict[int, tuple]]:
        """The post's comments imported before, and (pk, depth) of their replies."""
        known = {
            item.wp_id: item
            for item in ImportedItem.objects.filter(
                kind=Kind.COMMENT, parent_wp_id=record.post_id
            )
        }
        depths = dict(
            Reply.objects.filter(
                pk__in=[item.object_id for item in known.values()]
            ).values_list("pk", "depth")
        )
        placed = {
            wp_id: (item.object_id, depths[item.object_id])
            for wp_id, item in known.items()
            if item.object_id in depths
        }
        return known, placed

    def importable(self, comment) -> bool:
        report = self.imp.report
        if comment.type in ("pingback", "trackback"):
            report.skip("comment", f"{comment.type}s are not replies")
        elif comment.type not in ("", "comment"):
            report.skip("comment", f"comment type {comment.type}")
        elif comment.approved not in STATES:
            report.skip("comment", f"state {comment.approved or '(none)'}")
        else:
            return True
        return False

    def flush(self) -> None:
        """Insert the waiting comments with one statement for the replies and one
        for their keys. Primary keys are reserved first, so a reply names its
        parent in the same insert as the parent itself."""
        ids = iter(reserve_ids(Reply, self.waiting))
        replies, items = [], []
        for record, article, fresh, placed in self.fresh:
            pks = {comment.id: next(ids) for comment, _ in fresh}
            thread = Thread(self.imp.report, record, fresh, placed)
            for comment, digest in fresh:
                pk, parent = pks[comment.id], thread.parents[comment.id]
                parent_pk = pks.get(parent) or placed.get(parent, (None,))[0]
                replies.append(
                    (pk, article.pk, parent_pk, thread.depths[comment.id],
                     *reply_fields(comment, article))
                )  # fmt: skip
                items.append((Kind.COMMENT, comment.id, "", pk, record.post_id, digest))
        self.replies.insert(replies)
        self.items.insert(items)
        self.imp.report.count("comment", "imported", len(items))
        self.fresh, self.waiting = [], 0

    def finish(self) -> None:
        """Insert what is still waiting, then count every touched article's
        replies, once. Bulk inserts send no signals: the replies of articles
        imported before are purged here (their replies feeds depend on that
        key alone); an article new in this import has no cached page."""
        self.flush()
        Discussion.recount_all(sorted(self.touched))
        earlier = self.touched.difference(self.imp.posts.created)
        if earlier:
            purge_on_commit(*(replies_key(pk) for pk in sorted(earlier)))
        self.touched.clear()


REPLY_FIELDS = [
    "id", "article", "parent", "depth", "name", "email", "website", "text",
    "text_html", "text_hash", "status", "ip_address", "created_at",
]  # fmt: skip
ITEM_FIELDS = ["kind", "wp_id", "guid", "object_id", "parent_wp_id", "checksum"]


class Thread:
    """Each new comment's parent (its WordPress ID, or 0 at the top) and depth.

    A parent is one of the post's new comments (anywhere in the file) or one
    imported before (`placed`: WordPress ID to (pk, depth)). A comment whose
    parent is missing, or whose parents loop back to it, starts at the top of
    the thread and is reported."""

    def __init__(self, report, record, fresh, placed):
        self.report, self.record, self.placed = report, record, placed
        self.comments = {comment.id: comment for comment, _ in fresh}
        self.parents = {comment.id: comment.parent_id for comment, _ in fresh}
        self.depths: dict[int, int] = {}
        for comment, _ in fresh:
            self.settle(comment.id)

    def settle(self, wp_id) -> None:
        path, on_path = [], set()
        while wp_id in self.comments and wp_id not in self.depths:
            parent = self.parents[wp_id]
            if wp_id in on_path:
                self.orphan(wp_id, "its replies loop back to it")
            elif parent and parent not in self.comments and parent not in self.placed:
                self.orphan(wp_id, "not found")
            elif not parent:
                self.depths[wp_id] = 0
            else:
                path.append(wp_id)
                on_path.add(wp_id)
                wp_id = parent
        for wp_id in reversed(path):
            if wp_id not in self.depths:
                parent = self.parents[wp_id]
                above = self.depths.get(parent)
                if above is None:
                    above = self.placed[parent][1]
                self.depths[wp_id] = above + 1

    def orphan(self, wp_id, why) -> None:
        comment = self.comments[wp_id]
        self.report.orphan_comments.append(
            f"comment {wp_id} on post {self.record.post_id} (line {comment.line}): "
            f"parent {comment.parent_id} {why}"
        )
        self.parents[wp_id], self.depths[wp_id] = 0, 0


def update_reply(imp, item, comment, digest, article) -> None:
    reply = Reply.objects.filter(pk=item.object_id).first()
    if reply is None:
        imp.report.skip("comment", "deleted in Broadsheet since the last import")
        return
    for name, value in zip(
        REPLY_FIELDS[4:], reply_fields(comment, article), strict=True
    ):
        setattr(reply, name, value)
    reply.save()
    item.checksum = digest
    item.save(update_fields=["checksum"])
    imp.report.count("comment", "updated")
