"""Reader replies under articles, and what moderators decide about them.

Depends on `articles` (a reply belongs to an `Article`); `articles` knows
nothing of this app. The reply section reaches the article page through the
`articles/includes/after_article.html` template, which this app overrides.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.generation import remembered
from broadsheet.replies.addresses import normalise
from broadsheet.replies.rendering import render_reply_text
from broadsheet.surrogate import DISCUSSION
from broadsheet.text import without_control_characters, without_invisible_marks


class DiscussionSettings(models.Model):
    """The site's discussion policy: one row, edited in the admin."""

    class Moderation(models.TextChoices):
        HOLD_ALL = "hold_all", "Hold every reply for a moderator"
        HOLD_UNKNOWN = (
            "hold_unknown",
            (
                "Hold unless the same name and email already have an approved "
                "reply from the same browser"
            ),
        )
        AUTO_APPROVE = "auto_approve", "Approve automatically"

    class Erasure(models.TextChoices):
        ANONYMISE = (
            "anonymise",
            'Anonymise: keep the text, show the name as "Anonymous"',
        )
        DELETE = (
            "delete",
            "Delete: remove the text, keep a placeholder where others replied",
        )

    moderation = models.CharField(
        max_length=20, choices=Moderation.choices, default=Moderation.HOLD_UNKNOWN
    )
    max_links = models.PositiveSmallIntegerField(
        default=2, help_text="Replies with more links than this are held."
    )
    moderation_words = models.TextField(
        blank=True,
        help_text="One per line: words, names, emails, IPs or URLs. A reply that "
        "contains one is held for a moderator.",
    )
    disallowed_words = models.TextField(
        blank=True,
        help_text="One per line, as above. A reply that contains one goes straight "
        "to spam.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Replies close this many days after an article is published "
        "(0: never).",
    )
    thread_depth = models.PositiveSmallIntegerField(
        default=5, help_text="How deep replies to replies nest (1: no nesting)."
    )
    replies_per_page = models.PositiveSmallIntegerField(
        "threads per page",
        default=50,
        help_text="Replies are shown in pages of this many threads (a reply with "
        "its answers), with links to the others (0: all on one page).",
    )
    reply_order = models.CharField(
        max_length=6,
        choices=[("oldest", "Oldest first"), ("newest", "Newest first")],
        default="oldest",
        help_text="Which threads the first page of replies shows.",
    )
    erasure = models.CharField(
        "erasure requests",
        max_length=10,
        choices=Erasure.choices,
        default=Erasure.ANONYMISE,
    )

    class Meta:
        verbose_name = verbose_name_plural = "discussion settings"

    def __str__(self):
        return "Discussion settings"

    @classmethod
    def current(cls):
        """The site's settings, created with the defaults on first use."""
        return cls.objects.get_or_create(pk=1)[0]

    @classmethod
    def shown(cls):
        """The settings as public pages read them: once per purge of
        `discussion` in this process (saving them purges it). For reading
        only; change them through current()."""
        return remembered("discussion-settings", cls.current, keys=[DISCUSSION])

    @staticmethod
    def words(text):
        return [line.strip().lower() for line in text.splitlines() if line.strip()]


class DiscussionManager(models.Manager):
    def of(self, article, request=None):
        """The article's Discussion (unsaved defaults if it has none), looked up
        once per request when a request is given."""
        known = {}
        if request is not None:
            known = request.__dict__.setdefault("_broadsheet_discussions", {})
        if article.pk not in known:
            discussion = self.filter(article=article).first()
            if discussion is None:
                discussion = self.model(article=article)
            discussion.article = article  # loaded already: no second query for it
            known[article.pk] = discussion
        return known[article.pk]


def _count_of(replies):
    """How many of these replies there are, as an expression (a subquery)."""
    counted = replies.order_by().values("article_id").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


class Discussion(models.Model):
    """One article's replies: its open/closed switch and its approved-reply count."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="discussion"
    )
    is_open = models.BooleanField(
        "replies open",
        default=True,
        help_text="Untick to close replies on this article now.",
    )
    close_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Overrides the site's setting for this article (0: never close).",
    )
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    # The approved replies that start a thread for readers (top-level, or
    # answering a reply not shown): how many pages the thread has, without
    # counting a 10,000-reply thread on every render (threads.public_page).
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    # Goes up with every change to any of the article's replies, in the same
    # transaction: the rendered thread is kept under it (replies templatetags).
    thread_version = models.PositiveIntegerField(default=0, editable=False)

    objects = DiscussionManager()

    def __str__(self):
        return f"Replies on {self.article}"

    @classmethod
    def recount(cls, article_id, *, create=True) -> None:
        """Count the article's shown replies and threads into its row and raise
        its thread version, in one statement; make the row if it has none (unless
        `create` is false: a reply deleted with its article has none to make).

        The one writer of the counts, besides a new reply adding itself (+1 if
        shown, +0 if held; a thread more if it starts one) in the post_save
        receiver: Reply's
        post_save and post_delete receivers call it, and so does code that
        bulk-creates replies, which sends no signals.
        """
        changed = cls.objects.filter(article_id=article_id).update(
            reply_count=cls._counted(article_id),
            thread_count=cls._threads(article_id),
            thread_version=F("thread_version") + 1,
        )
        if not changed and create:
            cls.objects.get_or_create(
                article_id=article_id,
                defaults={
                    "thread_version": 1,
                    "reply_count": Reply.objects.counted(article_id).count(),
                    "thread_count": Reply.objects.thread_starts(article_id).count(),
                },
            )

    @classmethod
    def recount_all(cls, article_ids) -> None:
        """`recount` for many articles, a few statements in all: for code that
        bulk-creates replies to many articles at once (the WordPress import)."""
        article_ids = list(article_ids)
        for start in range(0, len(article_ids), 500):
            batch = article_ids[start : start + 500]
            cls.objects.filter(article_id__in=batch).update(
                reply_count=cls._counted(OuterRef("article_id")),
                thread_count=cls._threads(OuterRef("article_id")),
                thread_version=F("thread_version") + 1,
            )
            have = set(
                cls.objects.filter(article_id__in=batch).values_list(
                    "article_id", flat=True
                )
            )
            for article_id in batch:
                if article_id not in have:
                    cls.recount(article_id)

    @staticmethod
    def _counted(article_id):
        """The reply count of an article (an id, or OuterRef to one)."""
        return _count_of(Reply.objects.counted(article_id))

    @staticmethod
    def _threads(article_id):
        """The thread count of an article (an id, or OuterRef to one)."""
        return _count_of(Reply.objects.thread_starts(article_id))

    def closes_at(self, policy):
        """When replies close by age, or None if they never do."""
        days = self.close_after_days
        if days is None:
            days = policy.close_after_days
        if not days or not self.article.published_at:
            return None
        return self.article.published_at + timedelta(days=days)

    def is_open_for_replies(self, policy, now=None):
        now = now or timezone.now()
        if not self.is_open or not self.article.is_live(now):
            return False
        closes_at = self.closes_at(policy)
        return closes_at is None or now < closes_at


def text_hash(text: str) -> str:
    """The digest a reply's text is indexed by, so that a duplicate is found by
    a lookup rather than by comparing every text on the article
    (abuse.is_duplicate); the same for texts that differ only in the
    whitespace around them."""
    return hashlib.blake2b(text.strip().encode(), digest_size=16).hexdigest()


class ReplyQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """bulk_create, with each reply's text_hash kept as save() keeps it."""
        objs = list(objs)
        for reply in objs:
            reply.text_hash = text_hash(reply.text)
        return super().bulk_create(objs, *args, **kwargs)

    def approved(self):
        return self.filter(status=Reply.Status.APPROVED)

    def counted(self, article_id):
        """The replies an article's reply count counts: approved, not erased."""
        return self.approved().filter(article_id=article_id, is_erased=False)

    def thread_starts(self, article_id):
        """The replies that start a thread for readers: approved, and top-level
        or answering a reply they are not shown."""
        return self.approved().filter(
            models.Q(parent__isnull=True)
            | models.Q(parent__status__in=Reply.HIDDEN_STATUSES),
            article_id=article_id,
        )

    def seen_by(self, own=()):
        """The replies a reader sees: the approved ones, and their own (the ids
        in `own`) still held or caught as spam, shown to them alone."""
        visible = models.Q(status=Reply.Status.APPROVED)
        if own:
            visible |= models.Q(
                pk__in=own, status__in=[Reply.Status.PENDING, Reply.Status.SPAM]
            )
        return self.filter(visible)


class Reply(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    # Every status but approved: what readers are not shown.
    HIDDEN_STATUSES = [Status.PENDING, Status.SPAM, Status.TRASH]

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="replies"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(max_length=100)
    # Kept for moderation and notifications only; never rendered on a public page.
    email = models.EmailField(max_length=254, blank=True)
    website = models.URLField(max_length=200, blank=True)
    text = models.TextField(max_length=10_000)
    text_html = models.TextField(editable=False, default="")
    text_hash = models.CharField(max_length=32, editable=False, default="")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    held_because = models.CharField(max_length=200, blank=True, editable=False)
    is_staff_reply = models.BooleanField(default=False, editable=False)
    is_erased = models.BooleanField(default=False, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    user_agent = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    subscribers_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False
    )

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "replies"
        permissions = [("moderate_reply", "Can approve, hold, spam and trash replies")]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["article", "text_hash"]),
            # moderation._is_known: without it, SQLite reads every approved
            # reply of the site by the status index.
            models.Index(fields=["email", "status"]),
            # threads.public_page: counts a thread's top-level replies from
            # the index alone.
            models.Index(fields=["article", "status", "parent"]),
        ]

    def __str__(self):
        return f"{self.name} on {self.article}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.depth = self.parent.depth + 1 if self.parent else 0
        self.email = normalise(self.email)
        self.name = without_invisible_marks(self.name)
        self.website = without_control_characters(self.website)
        self.text = without_control_characters(self.text)
        self.text_html = render_reply_text(self.text)
        self.text_hash = text_hash(self.text)
        fields = kwargs.get("update_fields")
        if fields is not None and "text" in fields and "text_hash" not in fields:
            kwargs["update_fields"] = [*fields, "text_hash"]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The reply's permalink, which finds the page of replies holding it."""
        return reverse("replies:permalink", args=[self.pk])

    def is_editable_by_author(self, now=None):
        """Whether its author may still edit or delete it (REPLIES_EDIT_MINUTES)."""
        now = now or timezone.now()
        window = timedelta(minutes=settings.REPLIES_EDIT_MINUTES)
        return not self.is_erased and now < self.created_at + window

    def minutes_left_to_edit(self, now=None):
        now = now or timezone.now()
        left = self.created_at + timedelta(minutes=settings.REPLIES_EDIT_MINUTES) - now
        return max(0, int(left.total_seconds() // 60) + 1)


class ModerationLogEntry(models.Model):
    """Who decided what about a reply, and when: the audit log."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        UNAPPROVE = "unapprove", "Unapproved"
        SPAM = "spam", "Marked as spam"
        TRASH = "trash", "Trashed"
        RESTORE = "restore", "Restored"
        EDIT = "edit", "Edited by staff"
        AUTHOR_EDIT = "author_edit", "Edited by its author"
        AUTHOR_DELETE = "author_delete", "Deleted by its author"
        ERASE = "erase", "Erased at its author's request"

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self):
        who = self.actor or "the system"
        return f"{self.get_action_display()} by {who}"


class Subscription(models.Model):
    """A reader who asked to be told of new replies on an article (double opt-in)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="reply_subscriptions"
    )
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "email"], name="one_subscription"
            )
        ]

    def __str__(self):
        return f"Subscription to {self.article}"

    def save(self, *args, **kwargs):
        self.email = normalise(self.email)
        super().save(*args, **kwargs)


class PrivacyRequest(models.Model):
    """A reader's request for a link to their replies. The emailed link names
    this row, not the address, and opens exactly the address stored here."""

    email = models.EmailField(max_length=254)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self):
        return f"Privacy request of {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.email = normalise(self.email)
        super().save(*args, **kwargs)


@receiver(post_save, sender=Reply)
def _reply_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    approved = instance.status == Reply.Status.APPROVED
    shown = approved and not instance.is_erased
    # A new reply changes the counts by one (shown) or not at all (held or
    # spam): changed in the same statement as the version, not recounted, so
    # a busy story's replies are not all counted again on every post. An
    # approved answer starts a thread if its parent is not shown, as the
    # database has the parent now (a moderator may have hidden it since the
    # form read it): one row, by its key.
    starts_thread = 1 if approved else 0
    if approved and instance.parent_id is not None:
        parent_shown = Reply.objects.filter(
            pk=instance.parent_id, status=Reply.Status.APPROVED
        )
        starts_thread = Case(When(Exists(parent_shown), then=0), default=1)
    if created and Discussion.objects.filter(article_id=instance.article_id).update(
        reply_count=F("reply_count") + (1 if shown else 0),
        thread_count=F("thread_count") + starts_thread,
        thread_version=F("thread_version") + 1,
    ):
        return
    Discussion.recount(instance.article_id)


@receiver(post_delete, sender=Reply)
def _reply_deleted(sender, instance, **kwargs):
    Discussion.recount(instance.article_id, create=False)
