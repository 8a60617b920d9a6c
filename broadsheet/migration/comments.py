"""WordPress comments to Replies, threads and states kept, in bulk.

A post's new comments are inserted one thread level at a time (a parent
needs its primary key before its replies can point at it), each level with
one `bulk_create`; then `refresh_reply_count` recounts the article, as every
other writer of replies does. Pingbacks and trackbacks are not replies: they
are counted and left out.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from broadsheet.migration.content import plain_text
from broadsheet.migration.models import ImportedItem, checksum
from broadsheet.replies.models import Discussion, Reply
from broadsheet.replies.moderation import refresh_reply_count
from broadsheet.replies.rendering import render_reply_text

Kind = ImportedItem.Kind
STATES = {
    "1": Reply.Status.APPROVED,
    "0": Reply.Status.PENDING,
    "spam": Reply.Status.SPAM,
    "trash": Reply.Status.TRASH,
    "post-trashed": Reply.Status.TRASH,
}


def valid_ip(value: str) -> str | None:
    import ipaddress

    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def comment_checksum(comment) -> str:
    return checksum(
        comment.parent_id, comment.author, comment.email, comment.url, comment.ip,
        comment.date, comment.content, comment.approved,
    )  # fmt: skip


def fill_reply(reply: Reply, comment, article) -> None:
    reply.name = (comment.author or "Anonymous")[:100]
    reply.email = Reply.normal_address(comment.email)[:254]
    url = comment.url if comment.url.startswith(("http://", "https://")) else ""
    reply.website = url if len(url) <= 200 else ""
    reply.text = plain_text(comment.content) or "…"
    reply.text_html = render_reply_text(reply.text)
    reply.status = STATES[comment.approved]
    reply.ip_address = valid_ip(comment.ip)
    reply.created_at = comment.date or article.published_at or timezone.now()


def save_comments(imp, record, article) -> None:
    """Import the post's comments as replies to the article."""
    if not record.comments:
        return
    known = {
        item.wp_id: item
        for item in ImportedItem.objects.filter(
            kind=Kind.COMMENT, parent_wp_id=record.post_id
        )
    }
    ids = {c.id for c in record.comments}
    fresh, changed = [], False
    for comment in record.comments:
        if comment.type in ("pingback", "trackback"):
            imp.report.skip("comment", f"{comment.type}s are not replies")
            continue
        if comment.type not in ("", "comment"):
            imp.report.skip("comment", f"comment type {comment.type}")
            continue
        if comment.approved not in STATES:
            imp.report.skip("comment", f"state {comment.approved or '(none)'}")
            continue
        item = known.get(comment.id)
        digest = comment_checksum(comment)
        if item is None:
            fresh.append((comment, digest))
        elif item.checksum == digest:
            imp.report.count("comment", "unchanged")
        else:
            update_reply(imp, item, comment, digest, article, known)
            changed = True
    if fresh:
        insert_levels(imp, record, article, fresh, known, ids)
    if fresh or changed:
        refresh_reply_count(article.pk)
        Discussion.objects.filter(article=article).update(
            thread_version=F("thread_version") + 1
        )


def update_reply(imp, item, comment, digest, article, known) -> None:
    reply = Reply.objects.filter(pk=item.object_id).first()
    if reply is None:
        imp.report.skip("comment", "deleted in Broadsheet since the last import")
        return
    fill_reply(reply, comment, article)
    reply.save()
    item.checksum = digest
    item.save(update_fields=["checksum"])
    imp.report.count("comment", "updated")


def insert_levels(imp, record, article, fresh, known, ids) -> None:
    """Bulk-insert new comments, parents before their replies."""
    depths = dict(
        Reply.objects.filter(pk__in=[i.object_id for i in known.values()]).values_list(
            "pk", "depth"
        )
    ) if known else {}  # fmt: skip
    placed = {
        wp_id: (item.object_id, depths.get(item.object_id, 0))
        for wp_id, item in known.items()
    }
    waiting = fresh
    while waiting:
        level, later = [], []
        pending = {comment.id for comment, _ in waiting}
        for comment, digest in waiting:
            parent = comment.parent_id
            if parent and parent not in placed and parent in ids and parent in pending:
                later.append((comment, digest))
            else:
                level.append((comment, digest))
        if not level:  # a cycle: break it at the top level
            level, later = later, []
        _insert(imp, record, article, level, placed)
        waiting = later


def _insert(imp, record, article, level, placed) -> None:
    replies = []
    for comment, _digest in level:
        reply = Reply(article=article)
        fill_reply(reply, comment, article)
        parent = placed.get(comment.parent_id) if comment.parent_id else None
        if comment.parent_id and parent is None:
            imp.report.orphan_comments.append(
                f"comment {comment.id} on post {record.post_id} (line {comment.line}): "
                f"parent {comment.parent_id} not found"
            )
        if parent is not None:
            reply.parent_id, reply.depth = parent[0], parent[1] + 1
        replies.append(reply)
    Reply.objects.bulk_create(replies, batch_size=500)
    items = []
    for (comment, digest), reply in zip(level, replies, strict=True):
        placed[comment.id] = (reply.pk, reply.depth)
        items.append(
            ImportedItem(
                kind=Kind.COMMENT,
                wp_id=comment.id,
                object_id=reply.pk,
                parent_wp_id=record.post_id,
                checksum=digest,
            )  # fmt: skip
        )
        imp.report.count("comment", "imported")
    ImportedItem.objects.bulk_create(items, batch_size=500)
