"""Pages in the admin: preview, history and the same roles as articles.

Contributors hold `change_page` but not `publish_page`: they see and edit only
their own drafts, and what they save stays a draft. Editors hold both.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from broadsheet.pages.models import Menu, MenuItem, Page


def can_publish(user) -> bool:
    return user.has_perm("pages.publish_page")


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "address", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    actions = ["publish_selected", "unpublish_selected"]
    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "parent", "body"]}),
        (
            "Publishing",
            {"fields": ["status", "show_dateline", "show_byline", "byline"]},
        ),
    ]

    @admin.display(description="address", ordering="path")
    def address(self, page):
        return page.get_absolute_url()

    def get_queryset(self, request):
        pages = super().get_queryset(request)
        if can_publish(request.user):
            return pages
        return pages.filter(created_by=request.user)

    def get_readonly_fields(self, request, obj=None):
        return [] if can_publish(request.user) else ["status"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None or can_publish(request.user) or self._is_own_draft(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return (
            obj is None or can_publish(request.user) or self._is_own_draft(request, obj)
        )

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not can_publish(request.user):
            obj.status = Page.Status.DRAFT
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        if obj.is_live():
            return obj.get_absolute_url()
        return reverse("admin:pages_page_preview", args=[obj.pk])

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="pages_page_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """Show the page exactly as readers will see it, whatever its status."""
        page = get_object_or_404(Page, pk=pk)
        if not self.get_queryset(request).filter(pk=pk).exists():
            raise PermissionDenied
        return render(
            request, "pages/page_detail.html", {"page": page, "is_preview": True}
        )

    @admin.action(description="Publish selected pages", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for page in queryset:
            page.status = Page.Status.PUBLISHED
            page.save()
        self.message_user(request, "Pages published.", messages.SUCCESS)

    @admin.action(description="Return selected pages to draft", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for page in queryset:
            page.status = Page.Status.DRAFT
            page.save()
        self.message_user(request, "Pages returned to draft.", messages.SUCCESS)

    def _is_own_draft(self, request, obj):
        return obj.status == Page.Status.DRAFT and obj.created_by_id == request.user.pk


class MenuItemInline(admin.TabularInline):
    model = MenuItem
    extra = 3
    fields = ["position", "section", "page", "url", "label"]
    autocomplete_fields = ["section", "page"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    verbose_name = "link"
    verbose_name_plural = "links (a section, a page or an outside link each)"


@admin.register(Menu)
class MenuAdmin(admin.ModelAdmin):
    """The header menu replaces the list of sections; without one, every
    section is listed as before."""

    inlines = [MenuItemInline]
