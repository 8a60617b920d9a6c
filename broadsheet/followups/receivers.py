"""Every way an article is written proposes its follow-ups: a save (the admin,
import-text, a WordPress re-import, the demo) and the WordPress importer's bulk
inserts, which send `articles_created_in_bulk` instead of post_save."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from broadsheet.articles.models import Article
from broadsheet.articles.signals import articles_created_in_bulk
from broadsheet.followups.models import FollowUp
from broadsheet.followups.proposing import follow_ups_in, propose_follow_ups


@receiver(post_save, sender=Article, dispatch_uid="followups-article-saved")
def article_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        propose_follow_ups(instance, is_new=created)


@receiver(articles_created_in_bulk, dispatch_uid="followups-articles-created")
def articles_created(sender, articles, **kwargs):
    FollowUp.objects.bulk_create(
        [follow_up for article in articles for follow_up in follow_ups_in(article)],
        ignore_conflicts=True,  # a promise already known is kept as it is
    )
