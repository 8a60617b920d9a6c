"""The moderation queue: pending / approved / spam / trash, with an audit log.

Status changes go through `moderation.moderate`, so the admin, the bulk actions
and the buttons on a reply's page all log who did what, when.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from broadsheet.replies import moderation
from broadsheet.replies.models import (
    Discussion,
    DiscussionSettings,
    ModerationLogEntry,
    Reply,
)
from broadsheet.replies.moderation import Action, Status
from broadsheet.replies.threads import attach_point


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = dict(
            Reply.objects.values_list("status").annotate(n=Count("pk")).order_by()
        )
        return [
            (value, f"{label} ({counts.get(value, 0)})")
            for value, label in Status.choices
        ]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class LogInline(admin.TabularInline):
    model = ModerationLogEntry
    fields = ["at", "actor", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "audit log: who did what, when"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "name",
        "email",
        "article",
        "status",
        "created_at",
        "held_because",
    ]
    list_filter = [StatusFilter, "is_staff_reply", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "ip_address", "text"]
    search_help_text = "Search by name, email, IP address or text."
    date_hierarchy = "created_at"
    fields = [
        "article",
        "parent",
        "status",
        "held_because",
        "name",
        "email",
        "website",
        "text",
        "ip_address",
        "user_agent",
        "created_at",
        "edited_at",
    ]
    readonly_fields = [
        "article",
        "parent",
        "status",
        "held_because",
        "ip_address",
        "user_agent",
        "created_at",
        "edited_at",
    ]
    inlines = [LogInline]
    actions = ["approve", "unapprove", "mark_spam", "trash", "restore"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="reply")
    def excerpt(self, reply):
        return Truncator(reply.text).chars(80)

    def has_add_permission(self, request):
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm("replies.moderate_reply")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            moderation.record_edit(
                obj,
                Action.EDIT,
                obj.status,
                actor=request.user,
                note="changed " + ", ".join(form.changed_data),
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        buttons = [
            ("approve", "Approve"),
            ("unapprove", "Unapprove"),
            ("spam", "Mark as spam"),
            ("trash", "Trash"),
            ("restore", "Restore"),
        ]
        extra_context = {**(extra_context or {}), "moderation_actions": buttons}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/moderate/<str:action>/",
                wrap(self.moderate_view),
                name="replies_reply_moderate",
            ),
            path(
                "<int:pk>/respond/",
                wrap(self.respond_view),
                name="replies_reply_respond",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk, action):
        return require_POST(self._moderate_one)(request, pk, action)

    def _moderate_one(self, request, pk, action):
        if (
            not self.has_moderate_permission(request)
            or action not in moderation.TARGET_STATUS
        ):
            raise PermissionDenied
        reply = get_object_or_404(Reply, pk=pk)
        moderation.moderate(reply, action, actor=request.user)
        self.message_user(
            request, f"Reply {Action(action).label.lower()}.", messages.SUCCESS
        )
        return redirect(reverse("admin:replies_reply_change", args=[pk]))

    def respond_view(self, request, pk):
        return require_POST(self._respond)(request, pk)

    def _respond(self, request, pk):
        """Post a staff reply under this one, approved at once and marked as staff."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        parent = get_object_or_404(Reply.objects.select_related("article"), pk=pk)
        text = request.POST.get("text", "").strip()
        if not text:
            self.message_user(request, "Write a reply first.", messages.ERROR)
            return redirect(reverse("admin:replies_reply_change", args=[pk]))
        policy = DiscussionSettings.current()
        anchor = attach_point(parent, policy.thread_depth)
        user = request.user
        reply = Reply(
            article=parent.article,
            parent=anchor,
            name=user.get_full_name() or user.get_username(),
            email=user.email,
            text=text[:10_000],
            is_staff_reply=True,
            user=user,
        )
        moderation.post(reply, moderation.Decision(Status.APPROVED))
        self.message_user(request, "Your staff reply is published.", messages.SUCCESS)
        return redirect(reverse("admin:replies_reply_change", args=[reply.pk]))

    def _act(self, request, queryset, action):
        for reply in queryset:
            moderation.moderate(reply, action, actor=request.user)
        self.message_user(
            request,
            f"{queryset.count()} repl(ies) {Action(action).label.lower()}.",
            messages.SUCCESS,
        )

    @admin.action(description="Approve selected replies", permissions=["moderate"])
    def approve(self, request, queryset):
        self._act(request, queryset, Action.APPROVE)

    @admin.action(
        description="Unapprove (hold) selected replies", permissions=["moderate"]
    )
    def unapprove(self, request, queryset):
        self._act(request, queryset, Action.UNAPPROVE)

    @admin.action(description="Mark selected replies as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._act(request, queryset, Action.SPAM)

    @admin.action(
        description="Move selected replies to trash", permissions=["moderate"]
    )
    def trash(self, request, queryset):
        self._act(request, queryset, Action.TRASH)

    @admin.action(
        description="Restore selected replies to pending", permissions=["moderate"]
    )
    def restore(self, request, queryset):
        self._act(request, queryset, Action.RESTORE)


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["article", "is_open", "close_after_days", "reply_count"]
    list_editable = ["is_open", "close_after_days"]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["reply_count"]

    def get_readonly_fields(self, request, obj=None):
        return ["article", "reply_count"] if obj else ["reply_count"]


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not DiscussionSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        settings_row = DiscussionSettings.current()
        return redirect(
            reverse("admin:replies_discussionsettings_change", args=[settings_row.pk])
        )
