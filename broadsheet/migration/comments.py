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

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape

from broadsheet.migration.content import plain_text
from broadsheet.migration.models import ImportedItem, checksum
from broadsheet.replies.addresses import normalise
from broadsheet.replies.models import Discussion, Reply
from broadsheet.replies.rendering import render_reply_text
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


def fill_reply(reply: Reply, comment, article) -> None:
    # As Reply.save would: bulk inserts skip it.
    reply.name = without_invisible_marks(comment.author or "Anonymous")[:100]
    reply.email = normalise(comment.email)[:254]
    url = comment.url if comment.url.startswith(("http://", "https://")) else ""
    reply.website = url if len(url) <= 200 else ""
    reply.text = without_control_characters(plain_text(comment.content)) or "…"
    reply.text_html = reply_html(reply.text)
    reply.status = STATES[comment.approved]
    reply.ip_address = valid_ip(comment.ip)
    reply.created_at = comment.date or article.published_at or timezone.now()


class CommentWriter:
    """Collects posts' comments and writes the new ones in batches."""

    BATCH = 5000

    def __init__(self, imp):
        self.imp = imp
        self.fresh: list = []
        self.placed: dict[int, tuple[int, int]] = {}
        self.touched: set[int] = set()

    def add(self, record, article, new: bool) -> None:
        """Take a post's comments; `new` says its article was just created."""
        if not record.comments:
            return
        known = {} if new else self.known(record)
        for comment in record.comments:
            if not self.importable(comment):
                continue
            item = known.get(comment.id)
            digest = comment_checksum(comment)
            if item is None:
                self.fresh.append((record, article, comment, digest))
                self.touched.add(article.pk)
            elif item.checksum == digest:
                self.imp.report.count("comment", "unchanged")
            else:
                update_reply(self.imp, item, comment, digest, article)
                self.touched.add(article.pk)
        if len(self.fresh) >= self.BATCH:
            self.flush()

    def known(self, record) -> dict[int, ImportedItem]:
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
        for wp_id, item in known.items():
            if item.object_id in depths:
                self.placed[wp_id] = (item.object_id, depths[item.object_id])
        return known

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
        """Insert the new comments, parents before their replies, and recount."""
        waiting = self.fresh
        self.fresh = []
        while waiting:
            pending = {comment.id for _, _, comment, _ in waiting}
            level, later = [], []
            for entry in waiting:
                parent = entry[2].parent_id
                if parent and parent not in self.placed and parent in pending:
                    later.append(entry)
                else:
                    level.append(entry)
            if not level:  # a cycle of parents: break it at the top level
                level, later = later, []
            self.insert(level)
            waiting = later
        for article_id in sorted(self.touched):
            Discussion.recount(article_id)
        Discussion.objects.filter(article_id__in=self.touched).update(
            thread_version=F("thread_version") + 1
        )
        self.touched.clear()
        self.placed.clear()

    def insert(self, level) -> None:
        replies = []
        for record, article, comment, _ in level:
            reply = Reply(article_id=article.pk)
            fill_reply(reply, comment, article)
            parent = self.placed.get(comment.parent_id) if comment.parent_id else None
            if comment.parent_id and parent is None:
                self.imp.report.orphan_comments.append(
                    f"comment {comment.id} on post {record.post_id} "
                    f"(line {comment.line}): parent {comment.parent_id} not found"
                )
            if parent is not None:
                reply.parent_id, reply.depth = parent[0], parent[1] + 1
            replies.append(reply)
        Reply.objects.bulk_create(replies, batch_size=1000)
        items = []
        for (record, _, comment, digest), reply in zip(level, replies, strict=True):
            self.placed[comment.id] = (reply.pk, reply.depth)
            items.append(
                (Kind.COMMENT, comment.id, "", reply.pk, record.post_id, digest)
            )
        insert_items(items)
        self.imp.report.count("comment", "imported", len(items))


def insert_items(rows) -> None:
    """Insert ImportedItem rows with one executemany: for 200,000 comments,
    building model instances costs more than the insert itself."""
    table = connection.ops.quote_name(ImportedItem._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (kind, wp_id, guid, object_id, parent_wp_id, "
            "checksum) VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )


def update_reply(imp, item, comment, digest, article) -> None:
    reply = Reply.objects.filter(pk=item.object_id).first()
    if reply is None:
        imp.report.skip("comment", "deleted in Broadsheet since the last import")
        return
    fill_reply(reply, comment, article)
    reply.save()
    item.checksum = digest
    item.save(update_fields=["checksum"])
    imp.report.count("comment", "updated")
