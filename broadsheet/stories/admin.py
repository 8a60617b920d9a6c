"""Stories and the breaking-news banner in the admin: editors' and administrators' work.

Contributors hold none of these permissions (accounts/roles.py). Followers'
addresses have no admin page: a story shows how many confirmed followers it
has, and a reader leaves by the link in every email.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils import timezone

from broadsheet.stories.models import Banner, Story, StoryArticle


class StoryArticleInline(admin.TabularInline):
    model = StoryArticle
    extra = 1
    autocomplete_fields = ["article"]
    fields = ["article", "state"]
    readonly_fields = ["state"]

    @admin.display(description="state")
    def state(self, place):
        article = place.article if place.article_id else None
        if article is None:
            return "–"
        if article.is_live():
            return f"Published {timezone.localtime(article.published_at):%d %b %Y}"
        if article.status == article.Status.SCHEDULED:
            local = timezone.localtime(article.published_at)
            return f"Scheduled for {local:%d %b %Y %H:%M}"
        return "Draft: not shown"


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["name", "piece_count", "follower_count", "order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["image"]
    inlines = [StoryArticleInline]
    fields = ["name", "slug", "description", "image", "order"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                piece_total=Count("pieces", distinct=True),
                follower_total=Count(
                    "followers",
                    filter=Q(followers__confirmed_at__isnull=False),
                    distinct=True,
                ),
            )
            .order_by("name", "pk")  # a GROUP BY drops Meta.ordering
        )

    @admin.display(description="articles", ordering="piece_total")
    def piece_count(self, story):
        return story.piece_total

    @admin.display(description="followers", ordering="follower_total")
    def follower_count(self, story):
        return story.follower_total

    def view_on_site(self, story):
        if Story.objects.public().filter(pk=story.pk).exists():
            return story.get_absolute_url()
        return None


@admin.register(Banner)
class BannerAdmin(admin.ModelAdmin):
    list_display = ["text", "target", "is_on", "expires_at", "showing"]
    list_filter = ["is_on"]
    list_select_related = ["article", "story"]
    autocomplete_fields = ["article", "story"]
    fields = ["text", "article", "story", "is_on", "expires_at"]
    actions = ["switch_off"]

    @admin.display(description="points at")
    def target(self, banner):
        return banner.article or banner.story

    @admin.display(boolean=True, description="showing now")
    def showing(self, banner):
        return banner.is_active()

    @admin.action(description="Switch off the selected banners")
    def switch_off(self, request, queryset):
        # One by one, so each save purges the pages that show it.
        for banner in queryset.filter(is_on=True):
            banner.is_on = False
            banner.save(update_fields=["is_on"])
        self.message_user(request, "Switched off.")
