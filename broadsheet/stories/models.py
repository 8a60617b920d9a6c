"""Stories that group articles over time, their followers, and the breaking-news banner.

Depends on `articles` (a story's pieces are `Article`s) and `media` (a story's
picture); `articles` knows nothing of this app. What a story adds to an
article page reaches it through `articles/includes/story_box.html`, and the
banner through `articles/includes/banner.html`, both overridden here.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from broadsheet.articles.models import Article
from broadsheet.paths import path_to
from broadsheet.replies.addresses import normalise


class StoryQuerySet(models.QuerySet):
    def public(self, now=None):
        """Stories readers may see: those with at least one published piece.

        A story an editor is preparing, with only drafts in it, is not a page:
        its name alone could give the news away before it is published.
        """
        live = Article.objects.published(now)
        return self.filter(articles__in=live).distinct()


class Story(models.Model):
    class Order(models.TextChoices):
        NEWEST = "newest", "Newest first"
        OLDEST = "oldest", "Oldest first"

    name = models.CharField(max_length=200, help_text='E.g. "Ceasefire talks".')
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the story's URL."
    )
    description = models.TextField(
        blank=True, max_length=1000, help_text="A sentence or two under the name."
    )
    image = models.ForeignKey(
        "media.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
        help_text="From the media library.",
    )
    order = models.CharField(
        "timeline order",
        max_length=6,
        choices=Order.choices,
        default=Order.NEWEST,
        help_text="How the timeline reads unless the reader turns it round.",
    )
    articles = models.ManyToManyField(
        Article, through="StoryArticle", blank=True, related_name="stories"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "stories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_to("stories:detail", self.slug)


class StoryArticle(models.Model):
    """An article's place in a story."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="pieces")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="story_pieces"
    )
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set once, by the conditional update that claims the announcement to the
    # story's followers (following.announce_piece): a piece is announced once.
    followers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = "article in the story"
        verbose_name_plural = "articles in the story"
        constraints = [
            models.UniqueConstraint(
                fields=["story", "article"], name="one_place_in_a_story"
            )
        ]

    def __str__(self):
        return f"{self.article} in {self.story}"


class Follower(models.Model):
    """A reader who asked to be emailed each new piece of a story (double opt-in).

    The address is kept in its one normalised form (replies/addresses.py) and
    never shown on a public page; unconfirmed followers are deleted once their
    confirmation link has expired. The rate limit counts `FollowRequest`s.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    asked_at = models.DateTimeField(
        null=True, blank=True, help_text="When a confirmation link was last mailed."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "email"], name="one_follower")
        ]

    def __str__(self):
        return f"Follower of {self.story}"

    def save(self, *args, **kwargs):
        self.email = normalise(self.email)
        super().save(*args, **kwargs)


class FollowRequest(models.Model):
    """One accepted "Follow this story" request from a network, whatever became
    of it: the rate limit (following.refusal) counts these, so an address that
    follows already costs what a new one does, and asking again is not free.
    Kept for an hour, and holding no address."""

    ip_address = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "created_at"])]

    def __str__(self):
        return f"Follow request at {self.created_at:%Y-%m-%d %H:%M}"


def in_two_hours():
    return timezone.now() + timedelta(hours=2)


class BannerQuerySet(models.QuerySet):
    def active(self, now=None):
        """Banners switched on and not yet expired, newest first."""
        now = now or timezone.now()
        return self.filter(is_on=True, expires_at__gt=now).order_by("-pk")


class Banner(models.Model):
    """The site-wide breaking-news line at the top of every public page."""

    text = models.CharField(
        max_length=200, help_text='E.g. "Live: ceasefire talks resume in Geneva".'
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="banners",
        help_text="A published article, such as a live one.",
    )
    story = models.ForeignKey(
        Story,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="banners",
        help_text="Or a story with a published article in it.",
    )
    is_on = models.BooleanField(
        "switched on",
        default=True,
        help_text="Untick to take the banner down now.",
    )
    expires_at = models.DateTimeField(
        "until",
        default=in_two_hours,
        help_text="The banner comes down by itself at this time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = "breaking-news banner"

    def __str__(self):
        return self.text

    def clean(self):
        if bool(self.article_id) == bool(self.story_id):
            raise ValidationError("Point the banner at an article or at a story.")
        if self.article_id and not self.article.is_live():
            raise ValidationError(
                {"article": "Readers cannot see this article yet: publish it first."}
            )
        if self.story_id and not Story.objects.public().filter(pk=self.story_id):
            raise ValidationError(
                {
                    "story": "Readers cannot see this story yet: "
                    "publish an article in it first."
                }
            )
        if self.is_on and self.expires_at and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": "This time has already passed."})

    def target_url(self):
        """Where the banner links to."""
        target = self.article or self.story
        return target.get_absolute_url()

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.is_on and self.expires_at > now
