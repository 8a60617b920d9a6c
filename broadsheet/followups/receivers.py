"""Every way an article is written proposes its follow-ups: a save (the admin,
import-text, a WordPress re-import, the demo) and the WordPress importer's bulk
inserts, which send `articles_created_in_bulk` instead of post_save.

A calendar address is deleted as soon as its owner may no longer have one
(deactivated, no longer staff, a group or permission taken away, a group's
permissions changed or the group deleted), so giving the role back later does
not revive the old address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from broadsheet.articles.models import Article
from broadsheet.articles.signals import articles_created_in_bulk
from broadsheet.followups.models import CalendarFeed, FollowUp
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


User = get_user_model()
_TAKEN = ("post_remove", "post_clear")


@receiver(post_save, sender=User, dispatch_uid="followups-user-saved")
def user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created:
        return
    if update_fields and not {"is_active", "is_staff", "is_superuser"} & set(
        update_fields
    ):
        return  # a sign-in's last_login, a new password: no change of role
    CalendarFeed.revoke_unless_allowed([instance.pk])


def _feed_owners_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in _TAKEN:
        return
    if not reverse:  # user.groups.remove(...), user.user_permissions.clear()
        CalendarFeed.revoke_unless_allowed([instance.pk])
    else:  # group.user_set.remove(...), permission.user_set.clear(): anyone
        CalendarFeed.revoke_unless_allowed(pk_set or None)


m2m_changed.connect(
    _feed_owners_changed,
    sender=User.groups.through,
    dispatch_uid="followups-user-groups-changed",
)
m2m_changed.connect(
    _feed_owners_changed,
    sender=User.user_permissions.through,
    dispatch_uid="followups-user-permissions-changed",
)


@receiver(
    m2m_changed, sender=Group.permissions.through, dispatch_uid="followups-group-perms"
)
def group_permissions_changed(sender, instance, action, **kwargs):
    if action in _TAKEN:
        CalendarFeed.revoke_unless_allowed()  # one row per staff member: few


@receiver(post_delete, sender=Group, dispatch_uid="followups-group-deleted")
def group_deleted(sender, instance, **kwargs):
    CalendarFeed.revoke_unless_allowed()
