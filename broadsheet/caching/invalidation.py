"""Which writes make which pages stale: each purges exactly the keys it affects.

| Write | Purged keys |
| --- | --- |
| an article saved or deleted (publish, edit, unpublish) | article-<pk>, listings |
| its updates, bylines or tags changed | article-<pk>, listings |
| a section, tag or author saved or deleted | sections, listings |
| a reply posted, moderated, edited or erased | replies-<article pk>, replies |
| an article's discussion opened or closed | replies-<article pk> |
| the discussion settings changed | discussion |
| a static page saved or deleted | page-<pk>, pages, navigation |
| a menu or one of its links saved or deleted | navigation |

Purging happens after the transaction commits, so no reader can fetch and
cache the old page between the purge and the commit.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from broadsheet.articles.models import Article, Author, Byline, Section, Tag, Update
from broadsheet.caching.store import purge
from broadsheet.pages.models import Menu, MenuItem, Page
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
from broadsheet.replies.signals import reply_changed, reply_posted
from broadsheet.surrogate import (
    ALL_REPLIES,
    DISCUSSION,
    LISTINGS,
    NAVIGATION,
    PAGES,
    SECTIONS,
)


def purge_on_commit(*keys):
    transaction.on_commit(lambda: purge(keys))


@receiver([post_save, post_delete], sender=Article)
def _article(sender, instance, **kwargs):
    purge_on_commit(f"article-{instance.pk}", LISTINGS)


@receiver([post_save, post_delete], sender=Update)
@receiver([post_save, post_delete], sender=Byline)
def _article_part(sender, instance, **kwargs):
    purge_on_commit(f"article-{instance.article_id}", LISTINGS)


@receiver(m2m_changed, sender=Article.tags.through)
def _article_tags(sender, instance, **kwargs):
    if isinstance(instance, Article):
        purge_on_commit(f"article-{instance.pk}", LISTINGS)
    else:
        purge_on_commit(LISTINGS, SECTIONS)


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Tag)
@receiver([post_save, post_delete], sender=Author)
def _names(sender, instance, **kwargs):
    purge_on_commit(SECTIONS, LISTINGS)


@receiver(reply_posted)
def _reply_posted(sender, reply, **kwargs):
    # Sent after the commit already. A held reply is on no public page.
    if reply.status == Reply.Status.APPROVED:
        purge([f"replies-{reply.article_id}", ALL_REPLIES])


@receiver(reply_changed)
def _reply_changed(sender, reply, **kwargs):
    purge([f"replies-{reply.article_id}", ALL_REPLIES])


@receiver(post_delete, sender=Reply)
def _reply_deleted(sender, instance, **kwargs):
    purge_on_commit(f"replies-{instance.article_id}", ALL_REPLIES)


@receiver(post_save, sender=Discussion)
def _discussion(sender, instance, **kwargs):
    purge_on_commit(f"replies-{instance.article_id}")


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
