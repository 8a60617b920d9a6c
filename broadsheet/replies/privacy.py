"""A reader's rights over their replies: an export, and erasure, by email address.

Both are reached through a link emailed to the address (`tokens.py`), so only
the owner of the address can act. Erasure follows the discussion settings:
anonymise (the text stays, the name becomes "Anonymous", the email, website,
IP address and user agent are removed) or delete (the reply is removed; one that
others answered stays as a placeholder so the thread keeps its shape).
"""

from django.db import transaction
from django.urls import reverse

from broadsheet.replies.models import DiscussionSettings, Reply, Subscription
from broadsheet.replies.moderation import Action, record_edit, refresh_reply_count
from broadsheet.replies.notifications import absolute, send
from broadsheet.replies.tokens import make_token

ANONYMOUS = "Anonymous"


def replies_of(email: str):
    return Reply.objects.filter(email__iexact=email.strip()).select_related("article")


def send_privacy_link(email: str) -> bool:
    """Email the address a link to its replies, if it wrote any; say whether sent."""
    if not replies_of(email).exists():
        return False
    url = absolute(
        reverse("replies:privacy_manage", args=[make_token("privacy", email)])
    )
    send("Your replies", "replies/email/privacy_link.txt", {"manage_url": url}, [email])
    return True


def export(email: str) -> dict:
    """Everything stored about the address's replies, for a JSON download."""
    return {
        "email": email,
        "replies": [
            {
                "article": reply.article.headline,
                "url": absolute(reply.get_absolute_url()),
                "name": reply.name,
                "website": reply.website,
                "text": reply.text,
                "status": reply.status,
                "posted_at": reply.created_at.isoformat(),
                "edited_at": reply.edited_at.isoformat() if reply.edited_at else None,
                "ip_address": reply.ip_address,
                "user_agent": reply.user_agent,
            }
            for reply in replies_of(email)
        ],
        "subscriptions": [
            {"article": s.article.headline, "confirmed": bool(s.confirmed_at)}
            for s in Subscription.objects.filter(email__iexact=email).select_related(
                "article"
            )
        ],
    }


def erase(email: str) -> int:
    """Erase the address's replies as the settings say; return how many."""
    mode = DiscussionSettings.current().erasure
    count = 0
    with transaction.atomic():
        Subscription.objects.filter(email__iexact=email).delete()
        for reply in replies_of(email).select_for_update():
            from_status = reply.status
            if mode == DiscussionSettings.Erasure.DELETE:
                remove(reply)
            else:
                forget_author(reply)
                reply.save()
            if reply.pk:
                record_edit(reply, Action.ERASE, from_status)
            count += 1
    return count


def forget_author(reply: Reply):
    """Blank everything that says who wrote the reply (not yet saved)."""
    reply.name = ANONYMOUS
    reply.email = reply.website = reply.user_agent = ""
    reply.ip_address = None


def remove(reply: Reply):
    """Delete a reply, or blank it where other replies hang from it."""
    article_id = reply.article_id
    if reply.children.exists():
        forget_author(reply)
        reply.text, reply.is_erased = "", True
        reply.save()
    else:
        reply.delete()
        reply.pk = None
    refresh_reply_count(article_id)
