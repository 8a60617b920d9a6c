"""Revision history in the admin, behind exactly the change view's door.

django-simple-history adds a history list and a revision form (whose POST
reverts) to every admin that uses it, and checks only that the user may *view*
the model, against the old revision rather than the object as it is now: a
Contributor could read the history of every article and save an old revision
over someone else's published one. Admins here subclass `GuardedHistoryAdmin`
instead of `SimpleHistoryAdmin`, so that

- the object is looked up through the admin's own `get_queryset` (what the
  change view may open), and one outside it redirects as the change view does;
- reading history needs view-or-change permission on the current object;
- reverting (any POST to a revision) needs change permission on it, and then
  goes through the admin's own `save_model` rules.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    def history_view(self, request, object_id, extra_context=None):
        refusal = self._refusal(request, object_id, writing=False)
        return refusal or super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        refusal = self._refusal(request, object_id, writing=request.method != "GET")
        return refusal or super().history_form_view(
            request, object_id, version_id, extra_context
        )

    def _refusal(self, request, object_id, *, writing):
        """The change view's answer for this object, if it would not open it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        allowed = (
            self.has_change_permission(request, obj)
            if writing
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return None
