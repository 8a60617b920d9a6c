"""Live coverage in the admin: start and close it on an article, post entries.

Who may do what follows the article (ArticleAdmin, accounts/drafts.py): an
editor covers and posts on every article; a contributor only on the articles
they may edit, their own drafts, and sees their own published ones read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from broadsheet.articles.models import Article
from broadsheet.live.models import Entry, LiveCoverage


class ArticleRules:
    """Permissions on the object follow the article's admin."""

    def article_admin(self):
        return self.admin_site.get_model_admin(Article)

    def article_of(self, obj):
        raise NotImplementedError

    def may_change_article(self, request, article) -> bool:
        return self.article_admin().has_change_permission(request, article)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self.may_change_article(request, self.article_of(obj))

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self.may_change_article(request, self.article_of(obj))

    def history_view(self, request, object_id, extra_context=None):
        # Django looks the object up first and sends whoever cannot see it
        # away as from a missing one; who may not open the model at all is
        # refused, as at the change view.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def visible_articles(self, request):
        """The articles this user may open in the admin."""
        return self.article_admin().get_queryset(request)


@admin.register(LiveCoverage)
class LiveCoverageAdmin(ArticleRules, admin.ModelAdmin):
    list_display = ["article", "state", "started_at", "ended_at", "entry_count"]
    list_select_related = ["article"]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "started_at", "ended_at", "entries"]
    readonly_fields = ["entries"]
    actions = ["end_now"]

    def article_of(self, coverage):
        return coverage.article

    def get_queryset(self, request):
        coverage = super().get_queryset(request).annotate(Count("entries"))
        return coverage.filter(article__in=self.visible_articles(request))

    def get_readonly_fields(self, request, obj=None):
        return ["article", "entries"] if obj else ["entries"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        may_change = self.may_change_article

        class CoverageForm(form):
            def clean_article(self):
                article = self.cleaned_data["article"]
                if article and not may_change(request, article):
                    raise ValidationError(
                        "You may not edit this article, so you cannot cover it live."
                    )
                return article

        return CoverageForm

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="state")
    def state(self, coverage):
        if coverage.is_open():
            return "Live"
        return "Ended" if coverage.has_ended() else "Not started"

    @admin.display(description="entries", ordering="entries__count")
    def entry_count(self, coverage):
        return coverage.entries__count

    @admin.display(description="entries")
    def entries(self, coverage):
        if coverage.pk is None:
            return "Save the coverage first, then post entries."
        return format_html(
            '<a href="{}?coverage={}">Post an entry</a> · '
            '<a href="{}?coverage__article__exact={}">See its {} entries</a>',
            reverse("admin:live_entry_add"),
            coverage.pk,
            reverse("admin:live_entry_changelist"),
            coverage.pk,
            coverage.entries.count(),
        )

    @admin.action(description="End the selected live coverage now")
    def end_now(self, request, queryset):
        ended = 0
        for coverage in queryset.filter(ended_at=None):
            if self.has_change_permission(request, coverage):
                coverage.ended_at = timezone.now()
                coverage.save()  # one by one: each save purges its pages
                ended += 1
        self.message_user(request, f"{ended} live coverage(s) ended.", messages.SUCCESS)


class EntryForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = [
            "coverage",
            "headline",
            "text",
            "image",
            "is_key_event",
            "is_pinned",
            "author",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


@admin.register(Entry)
class EntryAdmin(ArticleRules, admin.ModelAdmin):
    form = EntryForm
    list_display = ["__str__", "coverage", "posted_at", "is_key_event", "is_pinned"]
    # Only the articles of the entries this desk may see: a plain related filter
    # would list every headline, other writers' drafts included.
    list_filter = [
        "is_key_event",
        "is_pinned",
        ("coverage__article", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["coverage__article"]
    search_fields = ["headline", "text"]
    raw_id_fields = ["image"]
    autocomplete_fields = ["author"]
    date_hierarchy = "posted_at"

    def article_of(self, entry):
        return entry.coverage.article

    def get_queryset(self, request):
        entries = super().get_queryset(request)
        return entries.filter(coverage__article__in=self.visible_articles(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "coverage":
            # The coverage this user may post in: open first, then the rest.
            kwargs["queryset"] = (
                LiveCoverage.objects.filter(article__in=self.writable_articles(request))
                .select_related("article")
                .order_by("ended_at", "-started_at")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def writable_articles(self, request):
        articles = self.visible_articles(request)
        if self.article_admin().can_publish(request):
            return articles
        return articles.filter(status=Article.Status.DRAFT)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = getattr(request.user, "author_profile", None)
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def view_on_site(self, entry):
        return entry.get_absolute_url()
