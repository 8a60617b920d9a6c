"""A reader's rights over their replies: an export, and erasure, by email address.

Both are reached through a link emailed to the address (`tokens.py`), so only
the owner of the address can act. Erasure follows the discussion settings:
anonymise (the text stays, the name becomes "Anonymous", the email, website,
IP address and user agent are removed) or delete (the reply is removed; one that
others answered stays as a placeholder so the thread keeps its shape).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from broadsheet.replies.addresses import normalise
from broadsheet.replies.models import (
    DiscussionSettings,
    PrivacyRequest,
    Reply,
    Subscription,
)
from broadsheet.replies.moderation import Action, record_edit
from broadsheet.replies.notifications import absolute, send
from broadsheet.replies.tokens import LIFETIMES, make_token, read_token

ANONYMOUS = "Anonymous"
LINK_LIFETIME = timedelta(seconds=LIFETIMES["privacy"])


def replies_of(email: str):
    return Reply.objects.filter(email=normalise(email)).select_related("article")


def refusal(ip: str | None, now=None) -> str | None:
    """Why this network must wait before asking again, or None.

    Only the requester's own network is refused in words: the limit per
    address is kept silently (`record_request`), so that the answer never says
    anything about an address.
    """
    now = now or timezone.now()
    if not ip:
        return None
    recent = PrivacyRequest.objects.filter(
        ip_address=ip, created_at__gt=now - timedelta(hours=1)
    ).count()
    if recent >= settings.PRIVACY_REQUESTS_PER_IP:
        return (
            "There have been too many requests from your network. "
            "Please try again in an hour."
        )
    return None


def record_request(email: str, ip: str | None, now=None) -> PrivacyRequest | None:
    """Record a request for a link; return it if a link may be mailed for it,
    or None when the address has had PRIVACY_REQUESTS_PER_ADDRESS in a day.

    Requests are kept as long as their links work, and no longer.
    """
    now = now or timezone.now()
    email = normalise(email)
    with transaction.atomic():
        PrivacyRequest.objects.filter(created_at__lt=now - LINK_LIFETIME).delete()
        earlier = PrivacyRequest.objects.filter(email=email).count()
        request = PrivacyRequest.objects.create(
            email=email, ip_address=ip, created_at=now
        )
    return request if earlier < settings.PRIVACY_REQUESTS_PER_ADDRESS else None


@task()
def send_privacy_link(request_id: int) -> bool:
    """In the worker: mail a request's address the link to its replies, if it
    wrote any; say whether it was sent. The request only queues this, so the
    answer takes as long whether or not the address has replies."""
    request = PrivacyRequest.objects.filter(pk=request_id).first()
    if request is None or not replies_of(request.email).exists():
        return False
    url = absolute(
        reverse("replies:privacy_manage", args=[make_token("privacy", request.pk)])
    )
    send(
        "Your replies",
        "replies/email/privacy_link.txt",
        {"manage_url": url},
        [request.email],
    )
    return True


def address_of(token: str) -> str | None:
    """The address a privacy link opens, or None if it is forged or expired.

    The link carries the signed id of its request, never the address itself.
    """
    request = PrivacyRequest.objects.filter(pk=read_token("privacy", token)).first()
    return request.email if request else None


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
            for s in Subscription.objects.filter(email=normalise(email)).select_related(
                "article"
            )
        ],
    }


def erase(email: str) -> int:
    """Erase the address's replies as the settings say; return how many."""
    mode = DiscussionSettings.current().erasure
    count = 0
    with transaction.atomic():
        Subscription.objects.filter(email=normalise(email)).delete()
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
    if reply.children.exists():
        forget_author(reply)
        reply.text, reply.is_erased = "", True
        reply.save()
    else:
        reply.delete()
        reply.pk = None
