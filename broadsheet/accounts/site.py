"""The newsroom's admin site: Django's, with its one unguarded door closed.

Django's "view on site" shortcut (`/admin/r/<content type>/<id>/`) redirects
any staff member to any object's public URL, without asking whether they may
see the object: a Contributor could learn the slug and date of another
writer's draft. Here it opens only what the object's own admin would open,
and sends drafts to the admin's own choice (the preview, for articles).
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Broadsheet newsroom"
    site_title = "Broadsheet"
    index_title = "Newsroom"

    def get_urls(self):
        guarded = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [
            guarded if getattr(url, "name", None) == "view_on_site" else url
            for url in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist):
            raise Http404("No such object.") from None
        model_admin = self._registry.get(model)
        obj = model_admin and model_admin.get_object(request, object_id)
        if not obj or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404("No such object.")
        if callable(model_admin.view_on_site):
            url = model_admin.view_on_site(obj)
        elif model_admin.view_on_site and hasattr(obj, "get_absolute_url"):
            url = obj.get_absolute_url()
        else:
            url = None
        if not url:
            raise Http404("This object has no page on the site.")
        return redirect(url)
