"""The newsroom's roles, kept as auth groups by data migrations.

    Contributor    writes and edits their own drafts (articles, pages); cannot publish
    Editor         edits, publishes and schedules every article and page
    Moderator      handles reader replies only
    Administrator  everything, including staff accounts

A role is a set of permission names. `sync_roles` makes each group hold exactly
its permissions; every app that adds permissions a role needs calls it again
from a migration of its own, so the groups follow the code.
"""

ARTICLE_WRITING = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.delete_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "articles.view_byline",
    "articles.add_update",
    "articles.change_update",
    "articles.delete_update",
    "articles.view_update",
    "articles.view_section",
    "articles.view_tag",
    "articles.add_tag",
    "articles.view_author",
]
# Live coverage and its entries, on the articles the writer may edit (live/admin.py).
ARTICLE_WRITING += [
    f"live.{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in ("livecoverage", "entry")
]
PAGE_WRITING = [
    "pages.add_page",
    "pages.change_page",
    "pages.view_page",
    "pages.delete_page",
]
# Writers pick and upload pictures and describe them; editors also delete them.
MEDIA_WRITING = ["media.add_image", "media.change_image", "media.view_image"]
EDITING = ARTICLE_WRITING + [
    "articles.publish_article",
    "articles.add_section",
    "articles.change_section",
    "articles.delete_section",
    "articles.change_tag",
    "articles.delete_tag",
    "articles.add_author",
    "articles.change_author",
    "articles.delete_author",
    "replies.add_discussion",  # open or close replies on any article
]
EDITING += MEDIA_WRITING + ["media.delete_image"]
EDITING += [f"articles.{action}_pin" for action in ("add", "change", "delete", "view")]
EDITING += PAGE_WRITING + [
    "pages.publish_page",
    *(
        f"pages.{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("menu", "menuitem")
    ),
]
# Follow-ups the text promises: editors plan them; nobody adds or deletes one
# by hand (they come from the text, and a deleted one would come back).
EDITING += ["followups.view_followup", "followups.change_followup"]
# Stories and the breaking-news banner (broadsheet.stories): editors only.
EDITING += [
    f"stories.{action}_{model}"
    for action in ("add", "change", "delete", "view")
    for model in ("story", "storyarticle", "banner")
]
MODERATION = [
    "replies.view_reply",
    "replies.change_reply",
    "replies.moderate_reply",
    "replies.view_moderationlogentry",
    "replies.view_discussion",
    "replies.change_discussion",
]

ROLES = {
    "Contributor": ARTICLE_WRITING + PAGE_WRITING + MEDIA_WRITING,
    "Editor": EDITING + MODERATION,
    "Moderator": MODERATION,
    "Administrator": None,  # every permission there is
}


def sync_roles(apps, schema_editor=None):
    """Create the role groups and give each exactly its permissions."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after migrate; a role needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permission_names in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if permission_names is None:
            permissions = Permission.objects.all()
        else:
            permissions = [
                p
                for p in Permission.objects.select_related("content_type")
                if f"{p.content_type.app_label}.{p.codename}" in permission_names
            ]
        group.permissions.set(permissions)
