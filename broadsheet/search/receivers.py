"""The index follows every write that changes what an article says.

The articles app knows nothing of search (dependencies go one way), so the
search app listens to its models' signals. The receivers run inside the
writer's transaction: an article is found, or gone, the moment it commits.

| Write | Articles indexed anew |
| --- | --- |
| an article saved | that article |
| an article deleted | removed |
| a byline added, changed or removed | its article |
| tags added to or removed from an article (either side) | those articles |
| a section, tag or author saved or deleted | the articles that name it |
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from broadsheet.articles.models import Article, Author, Byline, Section, Tag
from broadsheet.search.indexing import index_articles, remove_articles


@receiver(post_save, sender=Article)
def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_articles([instance.pk])


@receiver(post_delete, sender=Article)
def _article_deleted(sender, instance, **kwargs):
    remove_articles([instance.pk])


@receiver([post_save, post_delete], sender=Byline)
def _byline(sender, instance, raw=False, **kwargs):
    if not raw:
        index_articles([instance.article_id])


@receiver(m2m_changed, sender=Article.tags.through)
def _tags(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            index_articles([instance.pk])
    elif action == "pre_clear":
        instance._search_cleared = list(instance.articles.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        index_articles(pk_set)
    elif action == "post_clear":
        index_articles(getattr(instance, "_search_cleared", []))


@receiver(post_save, sender=Section)
def _section_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_articles(instance.articles.values_list("pk", flat=True))


@receiver([post_save, pre_delete], sender=Tag)
@receiver([post_save, pre_delete], sender=Author)
def _name_changed(sender, instance, raw=False, **kwargs):
    # pre_delete: the articles are still linked; post_delete reindexes them
    # once the links are gone.
    if raw:
        return
    ids = list(instance.articles.values_list("pk", flat=True))
    if kwargs.get("signal") is pre_delete:
        instance._search_articles = ids
    else:
        index_articles(ids)


@receiver(post_delete, sender=Tag)
@receiver(post_delete, sender=Author)
def _name_deleted(sender, instance, **kwargs):
    index_articles(getattr(instance, "_search_articles", []))
