"""Who may change what a newsroom publishes: the rules articles and pages share.

Contributors hold the model's `change_…` permission but not its `publish_…`
one: they see only what is theirs, change only their own drafts, and
everything they save stays a draft. Editors hold both. Revisions follow the
same rules (GuardedHistoryAdmin).

    class PageAdmin(DraftsAdmin):
        publish_permission = "pages.publish_page"
"""

from broadsheet.accounts.revisions import GuardedHistoryAdmin


class DraftsAdmin(GuardedHistoryAdmin):
    publish_permission = ""  # "app.publish_model"

    def can_publish(self, request) -> bool:
        return request.user.has_perm(self.publish_permission)

    def owned_by(self, queryset, user):
        """The objects of the queryset that are this user's."""
        return queryset.filter(created_by=user)

    def get_queryset(self, request):
        objects = super().get_queryset(request)
        if self.can_publish(request):
            return objects
        return self.owned_by(objects, request.user).distinct()

    def get_readonly_fields(self, request, obj=None):
        return [] if self.can_publish(request) else ["status"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self.can_publish(request) or self._own_draft(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self.can_publish(request) or self._own_draft(request, obj)

    def has_publish_permission(self, request):
        return self.can_publish(request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not self.can_publish(request):
            obj.status = obj.Status.DRAFT
        super().save_model(request, obj, form, change)

    def _own_draft(self, request, obj) -> bool:
        model = type(obj)
        return (
            obj.status == model.Status.DRAFT
            and self.owned_by(model.objects.filter(pk=obj.pk), request.user).exists()
        )
