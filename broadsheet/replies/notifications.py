"""E-mail about replies, queued after the commit and sent by the worker.

- moderators hear of each new held reply;
- confirmed subscribers hear of each newly approved reply on their article, with
  a one-click unsubscribe link (and the List-Unsubscribe headers of RFC 8058);
- a reader who ticks "Notify me" first gets a confirmation link (double opt-in).

No request waits for a mail server: send() renders a message and queues it
(broadsheet/background/mail.py), and the worker sends it, retrying while the
mail server is down. The subscribers of an approved reply are looked up by the
worker too (announce_reply), so approving on an article with thousands of
subscribers costs the moderator one INSERT.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from broadsheet.background.mail import enqueue_message, enqueue_messages
from broadsheet.generation import remembered
from broadsheet.replies.models import Reply, Subscription
from broadsheet.replies.signals import reply_changed, reply_posted
from broadsheet.replies.tokens import make_token
from broadsheet.surrogate import STAFF


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def render(subject, template, context, to, headers=None) -> tuple:
    """The message's (subject, body, to, headers), ready to queue."""
    context = {**context, "SITE_NAME": settings.SITE_NAME}
    body = render_to_string(template, context)
    return f"[{settings.SITE_NAME}] {subject}", body, to, headers


def send(subject, template, context, to, headers=None):
    """Queue the message for the worker (see the module's docstring)."""
    enqueue_message(*render(subject, template, context, to, headers))


def moderator_addresses():
    """Kept in this process until an account or a group changes (`staff`): a
    held reply asks for them, and readers post many more than staff change."""

    def read():
        users = get_user_model().objects.filter(is_active=True).exclude(email="")
        moderators = users.filter(Q(groups__name="Moderator") | Q(is_superuser=True))
        return sorted(set(moderators.values_list("email", flat=True)))

    return list(remembered("moderator-addresses", read, keys=[STAFF]))


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
    """Queue the announcement of an approved reply to the article's subscribers.

    claimed: the reply was saved approved with subscribers_notified_at set, in
    the transaction that posted it (moderation.post), so it is this call's.
    """
    pending = (
        reply.status == Reply.Status.APPROVED and reply.subscribers_notified_at is None
    )
    if claimed and not _subscribers(reply).exists():
        # Nobody to tell, as of this new reply's commit: a task would find
        # as much in the worker, after an insert and a run (most articles have
        # no subscribers; each post would cost the machine twice the work).
        return
    if claimed or pending:  # the worker's conditional update still decides
        announce_reply.enqueue(reply.pk, claimed=claimed)


def _subscribers(reply: Reply):
    """The confirmed subscriptions to the reply's article but its author's."""
    return Subscription.objects.filter(
        article_id=reply.article_id, confirmed_at__isnull=False
    ).exclude(email=reply.email)


# Messages rendered and queued per task: each holds the write lock only for
# its inserts, so a request never waits behind a large fan-out.
SUBSCRIBERS_PER_TASK = 100


@task()
def announce_reply(reply_pk: int, claimed: bool = False) -> str:
    """In the worker: claim the announcement, and queue it in batches of subscribers."""
    reply = Reply.objects.select_related("article").get(pk=reply_pk)
    ids = list(_subscribers(reply).order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        # One conditional update decides, so a reply approved twice, or by two
        # moderators at once, is announced once; the batches are queued in the
        # same transaction, so the claim and the work commit together.
        claimed = claimed or Reply.objects.filter(
            pk=reply_pk,
            status=Reply.Status.APPROVED,
            subscribers_notified_at__isnull=True,
        ).update(subscribers_notified_at=timezone.now())
        if not claimed:
            return "announced already"
        for start in range(0, len(ids), SUBSCRIBERS_PER_TASK):
            tell_subscribers.enqueue(
                reply_pk, ids[start : start + SUBSCRIBERS_PER_TASK]
            )
    return f"{len(ids)} subscriber(s) to tell"


@task()
def tell_subscribers(reply_pk: int, subscription_pks: list[int]) -> str:
    """In the worker: queue one message to each of these subscribers."""
    reply = Reply.objects.select_related("article").get(pk=reply_pk)
    subscriptions = Subscription.objects.filter(
        pk__in=subscription_pks, confirmed_at__isnull=False
    )
    messages = [render(*_new_reply_message(reply, s)) for s in subscriptions]
    enqueue_messages(messages)
    return f"queued {len(messages)} message(s)"


def _new_reply_message(reply: Reply, subscription: Subscription):
    unsubscribe = absolute(
        reverse(
            "replies:unsubscribe", args=[make_token("unsubscribe", subscription.pk)]
        )
    )
    return (
        f"New reply on “{reply.article.headline}”",
        "replies/email/new_reply.txt",
        {
            "reply": reply,
            "url": absolute(reply.get_absolute_url()),
            "unsubscribe_url": unsubscribe,
        },
        [subscription.email],
        {
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
