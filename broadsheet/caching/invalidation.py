"""Which writes make which pages stale: each purges exactly the keys it affects.

| Write | Purged keys |
| --- | --- |
| an article saved or deleted (publish, edit, unpublish) | article-<pk>, listings |
| an article deleted (its tag links go without signals) | article-parts-<pk> |
| its updates, bylines or tags changed | article-<pk>, article-parts-<pk>, listings |
| a section, tag or author saved or deleted | sections, listings |
| a front page pin saved or deleted | listings, pins |
| a reply posted, moderated, edited or erased | replies-<article pk>, replies |
| an article's discussion opened or closed | replies-<article pk> |
| the discussion settings changed | discussion |
| a scheduled article's time comes (a task) | article-<pk>, listings |
| a static page saved or deleted | page-<pk>, pages, navigation |
| a menu or one of its links saved or deleted | navigation |
| a story saved or deleted | story-<pk>, stories (and banner, if one points at it) |
| an article added to or removed from a story | story-<pk>, stories, article-<pk> |
| an article in a story saved or deleted (besides the above) | story-<pk>, stories |
| an article a banner or its story shows saved, deleted or due (as above) | banner |
| a piece added to or removed from a banner's story (as above) | banner |
| a breaking-news banner saved or deleted | banner |
| an article's live coverage started, changed or ended | live-<article pk>, live |
| a live entry posted, edited or deleted | live-<article pk> |
| a library image edited (alt, caption, credit) | what shows it, listings, stories |
| an account or a group saved or deleted, or an account's groups changed | staff |

`live-<pk>` is shown by the article's page (the updates and its JSON-LD), the
JSON its script polls and its updates feed (broadsheet/live/, syndication);
no listing shows live coverage, so none is purged.

Purging happens after the transaction commits, so no reader can fetch and
cache the old page between the purge and the commit.

Every write goes through the ORM's signals. A write that sends none
(`QuerySet.update`, `bulk_create` on an existing article's bylines, raw SQL)
must purge its keys itself: an article's bylines, tags and updates are kept in
each process under `article-parts-<pk>`, which an edit of its text does not
purge (the WordPress import purges `sections`, which they are also kept under).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from broadsheet.articles.models import (
    Article,
    Author,
    Byline,
    Pin,
    Section,
    Tag,
    Update,
)
from broadsheet.caching.store import purge
from broadsheet.live.models import Entry, LiveCoverage
from broadsheet.media.models import Image
from broadsheet.pages.models import Menu, MenuItem, Page
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
from broadsheet.replies.signals import reply_changed, reply_posted
from broadsheet.stories.models import Banner, Story, StoryArticle
from broadsheet.surrogate import (
    ALL_REPLIES,
    BANNER,
    DISCUSSION,
    LISTINGS,
    LIVE,
    NAVIGATION,
    PAGES,
    PINS,
    SECTIONS,
    STAFF,
    STORIES,
    article_key,
    article_parts_key,
    live_key,
    replies_key,
    story_key,
)


def purge_on_commit(*keys):
    transaction.on_commit(lambda: purge(keys))


@receiver([post_save, post_delete], sender=Article)
def _article(sender, instance, **kwargs):
    keys = _article_keys(instance.pk)
    if kwargs.get("created") is None:  # deleted: its tag links go without signals
        keys.append(article_parts_key(instance.pk))
    purge_on_commit(*keys)
    if (
        kwargs.get("created") is not None  # saved, not deleted
        and instance.status != Article.Status.DRAFT
        and instance.published_at
        and instance.published_at > timezone.now()
    ):
        # Pages cap their s-maxage at the next publication, but a CDN told by
        # the purge hook, and listings kept in memory, learn of it from a purge.
        when = instance.published_at
        transaction.on_commit(
            lambda: purge_at_publication.using(run_after=when).enqueue(instance.pk)
        )


@task()
def purge_at_publication(article_pk: int) -> str:
    """Run by the worker when a scheduled article's time comes."""
    purge(_article_keys(article_pk))
    return f"purged {article_key(article_pk)}"


def _article_keys(article_pk) -> list[str]:
    keys = [article_key(article_pk), LISTINGS, *_stories_of(article_pk)]
    # A banner shows only while its article, or its story, has something
    # published (stories/banners.py).
    if Banner.objects.filter(
        Q(article_id=article_pk) | Q(story__pieces__article_id=article_pk)
    ).exists():
        keys.append(BANNER)
    return keys


@receiver([post_save, post_delete], sender=Update)
@receiver([post_save, post_delete], sender=Byline)
def _article_part(sender, instance, **kwargs):
    purge_on_commit(*_article_part_keys(instance.article_id))


@receiver(m2m_changed, sender=Article.tags.through)
@receiver(m2m_changed, sender=Article.authors.through)  # article.authors.add()
def _article_tags_or_authors(sender, instance, **kwargs):
    if isinstance(instance, Article):
        purge_on_commit(*_article_part_keys(instance.pk))
    else:
        # Linked from the tag's or the author's side: which articles is not
        # worth a query; `sections` drops every article's kept parts
        # (articles/views.py).
        purge_on_commit(LISTINGS, SECTIONS)


def _article_part_keys(article_pk) -> list[str]:
    return [article_key(article_pk), article_parts_key(article_pk), LISTINGS]


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Tag)
@receiver([post_save, post_delete], sender=Author)
def _names(sender, instance, **kwargs):
    purge_on_commit(SECTIONS, LISTINGS)


@receiver(reply_posted)
def _reply_posted(sender, reply, **kwargs):
    # Sent after the commit already. A held reply is on no public page.
    if reply.status == Reply.Status.APPROVED:
        purge([replies_key(reply.article_id), ALL_REPLIES])


@receiver(reply_changed)
def _reply_changed(sender, reply, **kwargs):
    purge([replies_key(reply.article_id), ALL_REPLIES])


@receiver(post_delete, sender=Reply)
def _reply_deleted(sender, instance, **kwargs):
    purge_on_commit(replies_key(instance.article_id), ALL_REPLIES)


@receiver(post_save, sender=Discussion)
def _discussion(sender, instance, **kwargs):
    purge_on_commit(replies_key(instance.article_id))


@receiver(post_save, sender=DiscussionSettings)
def _discussion_settings(sender, instance, **kwargs):
    purge_on_commit(DISCUSSION)


@receiver([post_save, post_delete], sender=Page)
def _page(sender, instance, **kwargs):
    purge_on_commit(f"page-{instance.pk}", PAGES, NAVIGATION)


@receiver([post_save, post_delete], sender=Menu)
@receiver([post_save, post_delete], sender=MenuItem)
def _menu(sender, instance, **kwargs):
    purge_on_commit(NAVIGATION)


@receiver([post_save, post_delete], sender=get_user_model())
@receiver([post_save, post_delete], sender=Group)
@receiver(m2m_changed, sender=get_user_model().groups.through)
def _staff(sender, **kwargs):
    # No page shows an account: what is kept of them (the moderators'
    # addresses, broadsheet/replies/notifications.py) is.
    purge_on_commit(STAFF)


@receiver([post_save, post_delete], sender=Pin)
def _pin(sender, instance, **kwargs):
    # An expiry needs no purge: the front's s-maxage ends then (fresh_until),
    # and the kept pins are checked against the time (fronts.shape_front).
    purge_on_commit(LISTINGS, PINS)


@receiver([post_save, post_delete], sender=LiveCoverage)
def _live_coverage(sender, instance, **kwargs):
    purge_on_commit(live_key(instance.pk), LIVE)


@receiver([post_save, post_delete], sender=Entry)
def _live_entry(sender, instance, **kwargs):
    # The coverage's key is its article's: no query to find it.
    purge_on_commit(live_key(instance.coverage_id))


def _stories_of(article_pk) -> list[str]:
    """The keys of the stories an article is in: their pages and boxes show it."""
    ids = StoryArticle.objects.filter(article_id=article_pk).values_list(
        "story_id", flat=True
    )
    keys = [story_key(pk) for pk in ids]
    return [*keys, STORIES] if keys else []


@receiver([post_save, post_delete], sender=Story)
def _story(sender, instance, **kwargs):
    keys = [story_key(instance.pk), STORIES]
    if Banner.objects.filter(story_id=instance.pk).exists():
        keys.append(BANNER)  # its link follows the story's slug
    purge_on_commit(*keys)


@receiver([post_save, post_delete], sender=StoryArticle)
def _story_piece(sender, instance, **kwargs):
    # The article's own page shows (or stops showing) the story's box.
    keys = [story_key(instance.story_id), STORIES, article_key(instance.article_id)]
    if Banner.objects.filter(story_id=instance.story_id).exists():
        keys.append(BANNER)  # the story may have become public, or stopped being
    purge_on_commit(*keys)


@receiver([post_save, post_delete], sender=Banner)
def _banner(sender, instance, **kwargs):
    # An expiry needs no purge: pages showing a banner end then (banners.py).
    purge_on_commit(BANNER)


@receiver(post_save, sender=Image)
def _image(sender, instance, created, **kwargs):
    # What readers see of it besides the renditions: alt text, caption, credit.
    # (An image in an article's body is drawn when the article is saved.)
    if created:
        return  # nothing shows it yet
    keys = [article_key(pk) for pk in instance.featured_in.values_list("pk", flat=True)]
    keys += [story_key(pk) for pk in instance.stories.values_list("pk", flat=True)]
    keys += [
        live_key(pk)
        for pk in instance.live_entries.values_list("coverage_id", flat=True).distinct()
    ]
    if keys:
        purge_on_commit(*keys, LISTINGS, STORIES)
