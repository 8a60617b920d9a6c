"""The newsroom's side of the admin: articles with preview, scheduling and history.

Who may do what follows two permissions (broadsheet/accounts/drafts.py):
contributors hold `change_article` but not `publish_article`, so they see and
edit only their own drafts (created by them or under their byline) and
everything they save stays a draft; editors hold both.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone

from broadsheet.accounts.drafts import DraftsAdmin
from broadsheet.articles.models import (
    Article,
    Author,
    Byline,
    Pin,
    Section,
    Tag,
    Update,
)


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "authors (in byline order)"


class UpdateInline(admin.StackedInline):
    model = Update
    extra = 0
    verbose_name = "update or correction"
    verbose_name_plural = "updates and corrections (shown at the end of the article)"


@admin.register(Article)
class ArticleAdmin(DraftsAdmin):
    publish_permission = "articles.publish_article"
    # One short date column, so the headline keeps the width (admin.css).
    list_display = ["headline", "state", "section", "dateline"]
    list_filter = ["status", "section", ("published_at", admin.DateFieldListFilter)]
    list_select_related = ["section"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "dek", "body", "authors__name", "byline"]
    search_help_text = "Search headlines, deks, bodies and bylines."
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "tags"]
    raw_id_fields = ["featured_image"]
    inlines = [BylineInline, UpdateInline]
    actions = [
        "publish_selected",
        "unpublish_selected",
        "pin_as_lead",
        "pin_as_featured",
    ]
    history_list_display = ["status"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "dateline_place",
                    "section",
                    "tags",
                    "byline",
                ]
            },
        ),
        (
            "Featured image",
            {
                "fields": ["featured_image"],
                "description": "Pick an image from the media library (🔍), or "
                "upload one there first.",
            },
        ),
    ]

    class Media:
        css = {"all": ["articles/admin.css"]}

    @admin.display(description="dateline", ordering="published_at")
    def dateline(self, article):
        if not article.published_at:
            return "–"
        return f"{timezone.localtime(article.published_at):%d %b %Y %H:%M}"

    @admin.display(description="state", ordering="status")
    def state(self, article):
        if article.status == Article.Status.DRAFT:
            return "Draft"
        if article.published_at and article.published_at > timezone.now():
            local = timezone.localtime(article.published_at)
            return f"Scheduled for {local:%d %b %Y %H:%M}"
        return "Live"

    def owned_by(self, queryset, user):
        """A contributor's articles: those they created, and those they write."""
        return queryset.filter(Q(created_by=user) | Q(bylines__author__user=user))

    def view_on_site(self, obj):
        if obj.is_live():
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="articles_article_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """Show the article exactly as readers will see it, whatever its status."""
        article = get_object_or_404(Article.objects.for_page(), pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if not self.get_queryset(request).filter(pk=pk).exists():
            raise PermissionDenied
        context = {
            "article": article,
            "is_preview": True,
            "current_section": article.section,
        }
        return render(request, "articles/article_detail.html", context)

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
        now = timezone.now()
        count = 0
        for article in queryset:
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or now
            article.save()
            count += 1
        self.message_user(request, f"{count} article(s) published.", messages.SUCCESS)

    @admin.action(
        description="Return selected articles to draft", permissions=["publish"]
    )
    def unpublish_selected(self, request, queryset):
        count = 0
        for article in queryset:
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self.message_user(
            request, f"{count} article(s) returned to draft.", messages.SUCCESS
        )

    @admin.action(
        description="Pin as the front page's lead story (24 hours)",
        permissions=["publish"],
    )
    def pin_as_lead(self, request, queryset):
        self._pin(request, queryset[:1], Pin.Place.LEAD)

    @admin.action(
        description="Feature on the front page (24 hours)", permissions=["publish"]
    )
    def pin_as_featured(self, request, queryset):
        self._pin(request, queryset, Pin.Place.FEATURED)

    def _pin(self, request, articles, place):
        pins = [Pin.objects.create(article=a, place=place) for a in articles]
        self.message_user(
            request,
            f"{len(pins)} story(ies) pinned until "
            f"{timezone.localtime(pins[0].expires_at):%d %b %H:%M}; change it under "
            "Front page pins."
            if pins
            else "Nothing pinned.",
            messages.SUCCESS,
        )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "front_position"]
    list_editable = ["position", "front_position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Pin)
class PinAdmin(admin.ModelAdmin):
    """The stories editors placed on the front page and section fronts."""

    list_display = ["article", "place", "section", "position", "expires_at", "active"]
    list_editable = ["position", "expires_at"]
    list_filter = ["place", "section"]
    list_select_related = ["article", "section"]
    autocomplete_fields = ["article"]

    @admin.display(boolean=True, description="showing now")
    def active(self, pin):
        return Pin.objects.active().filter(pk=pin.pk).exists()
