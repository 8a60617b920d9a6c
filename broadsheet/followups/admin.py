"""The editors' desk for follow-ups: upcoming ones first, accept, dismiss,
assign, link the article that followed up, and one's private calendar address.

Editors and Administrators hold view and change; Contributors and Moderators
see none (who follows up a story is an editor's decision; an assignee who is a
contributor hears it from the editor, as for any assignment). Follow-ups are
never added by hand: they come from the text (detection.py).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator

from broadsheet.followups.models import CalendarFeed, FollowUp


class WhenFilter(admin.SimpleListFilter):
    """Upcoming follow-ups unless asked otherwise."""

    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past"), ("all", "Any date")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or "upcoming") == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "all":
            return queryset
        if self.value() == "past":
            return queryset.filter(due_until__lt=today)
        return queryset.upcoming(today)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = [
        "days",
        "article",
        "promise",
        "status",
        "assignee",
        "follow_up_article",
    ]
    list_display_links = ["days"]
    list_filter = [WhenFilter, "status", "assignee"]
    list_select_related = ["article", "assignee", "follow_up_article"]
    search_fields = ["sentence", "article__headline"]
    search_help_text = "Search sentences and headlines."
    date_hierarchy = "due_on"
    autocomplete_fields = ["follow_up_article"]
    readonly_fields = ["article", "sentence", "expression"]
    fields = [
        "article",
        "sentence",
        "expression",
        "due_on",
        "due_until",
        "status",
        "assignee",
        "follow_up_article",
    ]
    actions = ["accept", "dismiss", "assign_to_me"]

    @admin.display(description="date", ordering="due_on")
    def days(self, follow_up):
        return follow_up.days()

    @admin.display(description="sentence")
    def promise(self, follow_up):
        return Truncator(follow_up.sentence).chars(160)

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        calendar = self.admin_site.admin_view(self.calendar_view)
        return [
            path("calendar/", calendar, name="followups_followup_calendar"),
            *super().get_urls(),
        ]

    def calendar_view(self, request):
        """Your private calendar address: made (and shown once), or revoked."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        address = None
        if request.method == "POST" and request.POST.get("do") == "issue":
            token = CalendarFeed.issue(request.user)
            path_ = reverse("followups:calendar", args=[token])
            address = request.build_absolute_uri(path_)
        elif request.method == "POST" and request.POST.get("do") == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            self.message_user(request, "Your calendar address no longer works.")
        context = {
            **self.admin_site.each_context(request),
            "title": "Your follow-ups calendar",
            "opts": self.opts,
            "address": address,
            "feed": CalendarFeed.objects.filter(user=request.user).first(),
        }
        return TemplateResponse(
            request, "admin/followups/followup/calendar.html", context
        )

    def _decide(self, request, queryset, status, done):
        count = 0
        for follow_up in queryset:
            follow_up.status = status
            follow_up.save(update_fields=["status", "updated_at"])
            self.log_change(request, follow_up, f"{done}.")
            count += 1
        self.message_user(
            request, f"{count} follow-up(s) {done.lower()}.", messages.SUCCESS
        )

    @admin.action(description="Accept (add to the calendar)", permissions=["change"])
    def accept(self, request, queryset):
        self._decide(request, queryset, FollowUp.Status.ACCEPTED, "Accepted")

    @admin.action(description="Dismiss", permissions=["change"])
    def dismiss(self, request, queryset):
        self._decide(request, queryset, FollowUp.Status.DISMISSED, "Dismissed")

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = 0
        for follow_up in queryset:
            follow_up.assignee = request.user
            follow_up.save(update_fields=["assignee", "updated_at"])
            self.log_change(request, follow_up, f"Assigned to {request.user}.")
            count += 1
        self.message_user(
            request, f"{count} follow-up(s) assigned to you.", messages.SUCCESS
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Administrators see who has a calendar address, and revoke one by deleting it."""

    list_display = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False  # each person makes their own, on the follow-ups calendar page
