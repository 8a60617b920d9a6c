"""'Follow this story': double opt-in by email, one mail per new piece, one-click out.

The pattern of reply subscriptions (broadsheet/replies/notifications.py):

    follower = follow(story, email, ip)      # None: nothing to mail now
    ask_to_confirm(follower)                 # after the commit: a signed link
    confirm(confirmation_for(token))         # the links in the mails lead to
    unfollow(token)                          # a button (POST) that does these

- The address is stored and compared in its one normalised form
  (replies/addresses.py); the page answers the same whether or not the
  address follows already, so it tells nobody who follows what.
- Rate limits: STORY_FOLLOWS_PER_IP requests an hour from one network
  (refused in words, 429), counting every accepted request whatever came of
  it (a `FollowRequest` row each), so that the limit neither tells whether an
  address follows already nor lets anyone ask again for free; and one
  confirmation mail an hour to one address for one story (kept silently).
- A piece is announced once: when a published article is added to a story,
  or a member article is published (at its time, if scheduled), a task
  claims the piece with one conditional update and queues one message per
  confirmed follower, each with its own unsubscribe link and the
  List-Unsubscribe headers of RFC 8058. An archive piece added to a story
  (its dateline over a day older than the moment it was added) is not news
  and is announced to nobody.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from broadsheet.articles.models import Article
from broadsheet.background.mail import enqueue_messages
from broadsheet.replies.addresses import normalise
from broadsheet.replies.notifications import absolute, render, send
from broadsheet.replies.tokens import LIFETIMES, make_token, read_token
from broadsheet.stories.models import Follower, FollowRequest, Story, StoryArticle

LINK_LIFETIME = timedelta(seconds=LIFETIMES["confirm-follow"])
ASK_AGAIN_AFTER = timedelta(hours=1)
RATE_WINDOW = timedelta(hours=1)
NEWS_WINDOW = timedelta(hours=24)
FOLLOWERS_PER_TASK = 100


def refusal(ip: str | None, now=None) -> str | None:
    """Why this network must wait before following again, or None."""
    now = now or timezone.now()
    if not ip:
        return None
    recent = FollowRequest.objects.filter(
        ip_address=ip, created_at__gt=now - RATE_WINDOW
    ).count()
    if recent >= settings.STORY_FOLLOWS_PER_IP:
        return (
            "There have been too many requests from your network. "
            "Please try again in an hour."
        )
    return None


def follow(story: Story, email: str, ip: str | None, now=None) -> Follower | None:
    """Record a reader's wish to follow; return the follower to mail a
    confirmation link to, or None (confirmed already, or asked within the hour).

    The request counts toward its network's rate limit whatever the outcome.
    Unconfirmed followers whose link has expired, and requests older than
    the rate limit's hour, are deleted on the way.
    """
    now = now or timezone.now()
    with transaction.atomic():
        FollowRequest.objects.filter(created_at__lte=now - RATE_WINDOW).delete()
        if ip:
            FollowRequest.objects.create(ip_address=ip, created_at=now)
        Follower.objects.filter(
            confirmed_at__isnull=True, created_at__lt=now - LINK_LIFETIME
        ).delete()
        follower, _ = Follower.objects.get_or_create(
            story=story, email=normalise(email), defaults={"created_at": now}
        )
        if follower.confirmed_at:
            return None
        # One conditional update decides, so two requests at once mail once.
        claimed = (
            Follower.objects.filter(pk=follower.pk)
            .exclude(asked_at__gt=now - ASK_AGAIN_AFTER)
            .update(asked_at=now)
        )
    return follower if claimed else None


def ask_to_confirm(follower: Follower) -> None:
    url = absolute(
        reverse("stories:confirm", args=[make_token("confirm-follow", follower.pk)])
    )
    send(
        f"Confirm following “{follower.story.name}”",
        "stories/email/confirm.txt",
        {"story": follower.story, "confirm_url": url},
        [follower.email],
    )


def confirmation_for(token: str) -> Follower:
    """The follower a confirmation link names; raises BadToken or
    Follower.DoesNotExist."""
    return Follower.objects.select_related("story").get(
        pk=read_token("confirm-follow", token)
    )


def confirm(follower: Follower) -> Follower:
    """Confirm the follower (again: no harm)."""
    if not follower.confirmed_at:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])
    return follower


def follower_to_stop(token: str) -> Follower | None:
    """The follower an unsubscribe link names, if still following.
    Raises BadToken for a forged link."""
    return (
        Follower.objects.select_related("story")
        .filter(pk=read_token("stop-following", token))
        .first()
    )


def unfollow(token: str) -> Story | None:
    """Stop the follower the link names (again: no harm); the story, if any.
    Raises BadToken for a forged link."""
    follower = follower_to_stop(token)
    if follower is None:
        return None
    follower.delete()
    return follower.story


def unfollow_url(follower: Follower) -> str:
    token = make_token("stop-following", follower.pk)
    return absolute(reverse("stories:unfollow", args=[token]))


def schedule_announcements(places) -> None:
    """After the commit, queue the announcement of each of these pieces that
    is (or will be, at its dateline) published and not yet announced."""
    for place in places:
        article = place.article
        if article.status == Article.Status.DRAFT or not article.published_at:
            continue
        when = article.published_at
        if when > timezone.now():
            transaction.on_commit(
                lambda pk=place.pk, when=when: announce_piece.using(
                    run_after=when
                ).enqueue(pk)
            )
        else:
            transaction.on_commit(lambda pk=place.pk: announce_piece.enqueue(pk))


@receiver(post_save, sender=Article)
def _article_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.status == Article.Status.DRAFT:
        return
    places = StoryArticle.objects.filter(
        article=instance, followers_notified_at__isnull=True
    )
    for place in places:
        place.article = instance
    schedule_announcements(places)


@receiver(post_save, sender=StoryArticle)
def _piece_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        schedule_announcements([instance])


@task()
def announce_piece(place_pk: int) -> str:
    """In the worker: claim a piece's announcement, and queue it in batches."""
    place = (
        StoryArticle.objects.select_related("story", "article")
        .filter(pk=place_pk)
        .first()
    )
    if place is None:
        return "no longer in the story"
    if not place.article.is_live():
        return "not published (yet)"
    ids = list(
        Follower.objects.filter(story=place.story, confirmed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    is_news = place.article.published_at >= place.added_at - NEWS_WINDOW
    with transaction.atomic():
        claimed = StoryArticle.objects.filter(
            pk=place_pk, followers_notified_at__isnull=True
        ).update(followers_notified_at=timezone.now())
        if not claimed:
            return "announced already"
        if not is_news:
            return "an archive piece: announced to nobody"
        for start in range(0, len(ids), FOLLOWERS_PER_TASK):
            tell_followers.enqueue(place_pk, ids[start : start + FOLLOWERS_PER_TASK])
    return f"{len(ids)} follower(s) to tell"


@task()
def tell_followers(place_pk: int, follower_pks: list[int]) -> str:
    """In the worker: queue one message to each of these followers."""
    place = StoryArticle.objects.select_related("story", "article").get(pk=place_pk)
    followers = Follower.objects.filter(pk__in=follower_pks, confirmed_at__isnull=False)
    messages = [render(*_new_piece_message(place, f)) for f in followers]
    enqueue_messages(messages)
    return f"queued {len(messages)} message(s)"


def _new_piece_message(place: StoryArticle, follower: Follower):
    stop = unfollow_url(follower)
    return (
        f"New in “{place.story.name}”: {place.article.headline}",
        "stories/email/new_piece.txt",
        {
            "story": place.story,
            "article": place.article,
            "url": absolute(place.article.get_absolute_url()),
            "story_url": absolute(place.story.get_absolute_url()),
            "unsubscribe_url": stop,
        },
        [follower.email],
        {
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
