"""What happens to a reply: decided on arrival, changed by moderators, all logged.

    policy = DiscussionSettings.current()
    decision = decide(reply, policy, fill_time=FillTime(8.2, witnessed=True))
    decision.status    # Reply.Status.APPROVED, PENDING or SPAM
    decision.reason    # "more than 2 links", "" when approved

    moderate(reply, ModerationLogEntry.Action.APPROVE, actor=request.user)

Every change of status goes through `moderate` (or `record_edit`), which writes
the audit log and sends `reply_changed`; saving the reply keeps the article's
reply count (`Discussion.recount`).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from broadsheet.replies.abuse import FillTime
from broadsheet.replies.addresses import normalise
from broadsheet.replies.models import (
    DiscussionSettings,
    ModerationLogEntry,
    Reply,
)
from broadsheet.replies.signals import reply_changed, reply_posted

Action = ModerationLogEntry.Action
Status = Reply.Status
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)

TARGET_STATUS = {
    Action.APPROVE: Status.APPROVED,
    Action.UNAPPROVE: Status.PENDING,
    Action.SPAM: Status.SPAM,
    Action.TRASH: Status.TRASH,
    Action.RESTORE: Status.PENDING,
}


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str = ""


def decide(
    reply: Reply,
    policy: DiscussionSettings,
    *,
    fill_time: FillTime | None = None,
    honeypot_filled: bool = False,
    is_edit: bool = False,
    authored: frozenset[int] | set[int] = frozenset(),
) -> Decision:
    """Return the status a reader's new (or edited) reply should have, and why.

    fill_time: how long the reader took over the form (new replies only).
    authored: the ids of the replies the reader's browser wrote (its signed
    cookie, broadsheet/replies/authorship.py), which make a reader known.
    """
    if honeypot_filled:
        return Decision(Status.SPAM, "filled in the hidden field")
    fill_time = fill_time or FillTime(None)
    if not is_edit and (
        fill_time.seconds is None
        or fill_time.seconds < settings.REPLIES_MIN_FILL_SECONDS
    ):
        return Decision(Status.SPAM, "sent too soon after the form was shown")
    haystack = "\n".join(
        [reply.name, reply.email, reply.website, reply.text, reply.ip_address or ""]
    ).lower()
    if word := _first_match(policy.words(policy.disallowed_words), haystack):
        return Decision(Status.SPAM, f"contains disallowed “{word}”")
    links = len(_LINK.findall(reply.text))
    if links > policy.max_links:
        return Decision(Status.PENDING, f"more than {policy.max_links} links")
    if word := _first_match(policy.words(policy.moderation_words), haystack):
        return Decision(Status.PENDING, f"contains “{word}” from the moderation list")
    mode = policy.moderation
    if mode == policy.Moderation.HOLD_ALL:
        return Decision(Status.PENDING, "every reply is held")
    # A cached page's form may have been rendered long before a bot fetched
    # it: unless a browser fetched its own token, the timing proves nothing,
    # and a stranger's reply waits even where replies are approved at once.
    vouched = is_edit or fill_time.witnessed
    if mode == policy.Moderation.AUTO_APPROVE and vouched:
        return Decision(Status.APPROVED)
    if _is_known(reply, authored):
        return Decision(Status.APPROVED)
    reason = "no approved reply from this name, email and browser"
    if mode == policy.Moderation.AUTO_APPROVE:
        reason += ", sent without the page's script"
    return Decision(Status.PENDING, reason)


def post(reply: Reply, decision: Decision) -> Reply:
    """Save a new reply with its decided status and tell whoever listens."""
    with transaction.atomic():
        reply.status, reply.held_because = decision.status, decision.reason
        if reply.status == Status.APPROVED:
            # Announced to subscribers once this commits (notifications.py).
            reply.subscribers_notified_at = timezone.now()
        reply.save()  # and counted, if shown (Reply's post_save receiver)
        transaction.on_commit(lambda: reply_posted.send(sender=Reply, reply=reply))
    return reply


def moderate(reply: Reply, action: str, actor=None, note: str = "") -> Reply:
    """Apply a moderator's action: change the status, log it, recount, notify."""
    with transaction.atomic():
        from_status = reply.status
        reply.status = TARGET_STATUS[action]
        if reply.status == Status.APPROVED:
            reply.held_because = ""
        reply.save(update_fields=["status", "held_because", "text_html"])
        _log(reply, action, actor, from_status, note)
    return reply


def record_edit(reply: Reply, action: str, from_status: str, actor=None, note=""):
    """Log an edit, deletion or erasure already saved on the reply, and notify."""
    with transaction.atomic():
        _log(reply, action, actor, from_status, note)


def _log(reply, action, actor, from_status, note):
    ModerationLogEntry.objects.create(
        reply=reply,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=reply.status,
        note=note[:300],
    )
    transaction.on_commit(
        lambda: reply_changed.send(
            sender=Reply, reply=reply, from_status=from_status, to_status=reply.status
        )
    )


def _first_match(words, haystack):
    return next((word for word in words if word in haystack), None)


def _is_known(reply: Reply, authored) -> bool:
    """Whether this browser wrote an approved reply under the same name and
    email. The name and email alone would not do: anyone who guessed a public
    commenter's address would see their reply approved at once, which both
    confirms the address and lets them write as that commenter."""
    if not authored:
        return False
    return (
        Reply.objects.approved()
        .filter(
            pk__in=sorted(authored),
            name__iexact=reply.name.strip(),
            email=normalise(reply.email),
        )
        .exists()
    )
