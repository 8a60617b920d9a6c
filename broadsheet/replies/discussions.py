"""An article's discussion set from outside the admin (import-text --replies)."""

from django.dispatch import receiver

from broadsheet.articles.models import Article
from broadsheet.articles.signals import discussion_requested
from broadsheet.replies.models import Discussion


@receiver(discussion_requested, sender=Article)
def _set_discussion(sender, article, state, **kwargs):
    discussion, _ = Discussion.objects.get_or_create(article=article)
    discussion.is_open = state != "closed"
    # 0 overrides the site's closing period: open for good; None follows it.
    discussion.close_after_days = 0 if state == "open" else None
    discussion.save()
