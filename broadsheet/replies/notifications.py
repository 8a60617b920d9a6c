"""E-mail about replies, sent through Django's mail framework after the commit.

- moderators hear of each new held reply;
- confirmed subscribers hear of each newly approved reply on their article, with
  a one-click unsubscribe link (and the List-Unsubscribe headers of RFC 8058);
- a reader who ticks "Notify me" first gets a confirmation link (double opt-in).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from broadsheet.replies.models import Reply, Subscription
from broadsheet.replies.signals import reply_changed, reply_posted
from broadsheet.replies.tokens import make_token

log = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def send(subject, template, context, to, headers=None):
    context = {**context, "SITE_NAME": settings.SITE_NAME}
    body = render_to_string(template, context)
    message = EmailMessage(
        subject=f"[{settings.SITE_NAME}] {subject}", body=body, to=to, headers=headers
    )
    try:
        message.send()
    except OSError:
        # The reply is already stored; a mail server being down must not lose it.
        log.exception("could not send %r to %d recipient(s)", subject, len(to))


def moderator_addresses():
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    moderators = users.filter(Q(groups__name="Moderator") | Q(is_superuser=True))
    return sorted(set(moderators.values_list("email", flat=True)))


def notify_moderators(reply: Reply):
    to = moderator_addresses()
    if not to:
        return
    url = absolute(reverse("admin:replies_reply_change", args=[reply.pk]))
    send(
        f"Reply awaiting moderation on “{reply.article.headline}”",
        "replies/email/held.txt",
        {"reply": reply, "admin_url": url},
        to,
    )


def notify_subscribers(reply: Reply, claimed=False):
    """Mail the article's confirmed subscribers about an approved reply, once.

    claimed: the reply was saved approved with subscribers_notified_at set, in
    the transaction that posted it (moderation.post), so it is this call's.
    """
    # Otherwise one conditional update decides, so a reply approved twice, or
    # by two moderators at once, is announced once.
    claimed = claimed or Reply.objects.filter(
        pk=reply.pk, status=Reply.Status.APPROVED, subscribers_notified_at__isnull=True
    ).update(subscribers_notified_at=timezone.now())
    if not claimed:
        return
    subscriptions = Subscription.objects.filter(
        article=reply.article, confirmed_at__isnull=False
    ).exclude(email=reply.email)
    for subscription in subscriptions:
        unsubscribe = absolute(
            reverse(
                "replies:unsubscribe", args=[make_token("unsubscribe", subscription.pk)]
            )
        )
        send(
            f"New reply on “{reply.article.headline}”",
            "replies/email/new_reply.txt",
            {
                "reply": reply,
                "url": absolute(reply.get_absolute_url()),
                "unsubscribe_url": unsubscribe,
            },
            [subscription.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def ask_to_confirm(subscription: Subscription):
    url = absolute(
        reverse(
            "replies:confirm_subscription",
            args=[make_token("confirm", subscription.pk)],
        )
    )
    send(
        f"Confirm replies to “{subscription.article.headline}”",
        "replies/email/confirm_subscription.txt",
        {"subscription": subscription, "confirm_url": url},
        [subscription.email],
    )


@receiver(reply_posted)
def _on_reply_posted(sender, reply, **kwargs):
    if reply.status == Reply.Status.PENDING:
        notify_moderators(reply)
    elif reply.status == Reply.Status.APPROVED:
        notify_subscribers(reply, claimed=True)


@receiver(reply_changed)
def _on_reply_changed(sender, reply, from_status, to_status, **kwargs):
    if to_status == Reply.Status.PENDING and from_status == Reply.Status.APPROVED:
        notify_moderators(reply)
    notify_subscribers(reply)
