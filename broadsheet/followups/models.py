"""Follow-ups: what an article's text promises will happen, for editors to plan.

This app points at `Article`; `articles` knows nothing of it. Proposals are
made by `proposing.propose_follow_ups` (see detection.py for what counts as a
promise); editors accept, dismiss, assign and link them in the admin, and
accepted ones reach the newsroom's calendar feed (calendar.py).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class FollowUpQuerySet(models.QuerySet):
    def proposed(self):
        return self.filter(status=FollowUp.Status.PROPOSED)

    def accepted(self):
        return self.filter(status=FollowUp.Status.ACCEPTED)

    def upcoming(self, today=None):
        """Follow-ups whose days have not all passed."""
        return self.filter(due_until__gte=today or timezone.localdate())


class FollowUp(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="follow_ups"
    )
    due_on = models.DateField("date", db_index=True)
    due_until = models.DateField(
        "last day", help_text="The same as the date, unless the text names a span."
    )
    expression = models.CharField(
        "words", max_length=100, help_text='What the text says: "tomorrow".'
    )
    sentence = models.TextField(help_text="The sentence the promise came from.")
    # The sentence and its words, hashed: one follow-up per promise, so saving
    # the article again neither repeats nor revives one.
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text="Who writes the follow-up.",
    )
    follow_up_article = models.ForeignKey(
        "articles.Article",
        verbose_name="follow-up article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follows_up",
        help_text="The article written to follow it up, once there is one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "article_id", "pk"]
        verbose_name = "follow-up"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="one_follow_up_per_promise"
            ),
            models.CheckConstraint(
                condition=models.Q(due_until__gte=models.F("due_on")),
                name="follow_up_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.due_on:%a %d %b %Y}: {self.article}"

    def days(self) -> str:
        """The date, or the span of dates, as an editor reads it."""
        if self.due_until == self.due_on:
            return f"{self.due_on:%a %d %b %Y}"
        return f"{self.due_on:%a %d %b} – {self.due_until:%a %d %b %Y}"


def fingerprint(sentence: str, expression: str) -> str:
    text = " ".join(sentence.split()) + "\x00" + expression.lower()
    return hashlib.sha256(text.encode()).hexdigest()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_have_calendar(user) -> bool:
    """Whether the user may keep a calendar address: active staff who may see
    follow-ups. The feed checks it on every request, and a user who stops
    meeting it loses the address for good (receivers.py)."""
    return bool(
        user.is_active and user.is_staff and user.has_perm("followups.view_followup")
    )


class CalendarFeed(models.Model):
    """A staff member's private address for the calendar of accepted follow-ups.

    Only a digest of the secret is kept: the address is shown once, when made;
    making a new one or deleting this row revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "calendar feed"

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @classmethod
    def revoke_unless_allowed(cls, user_ids=None) -> int:
        """Delete the addresses of those (of user_ids, or anyone) who may no
        longer have one, so that regaining a role never revives an old address;
        return how many were deleted."""
        feeds = cls.objects.select_related("user")
        if user_ids is not None:
            feeds = feeds.filter(user_id__in=user_ids)
        # Fresh users from the database: a saved instance may cache old permissions.
        gone = [feed.pk for feed in feeds if not may_have_calendar(feed.user)]
        if gone:
            cls.objects.filter(pk__in=gone).delete()
        return len(gone)

    @classmethod
    def issue(cls, user) -> str:
        """Give the user a new secret address, revoking any old one; return it."""
        token = secrets.token_urlsafe(32)
        cls.objects.update_or_create(
            user=user,
            defaults={
                "token_digest": token_digest(token),
                "created_at": timezone.now(),
            },
        )
        return token
