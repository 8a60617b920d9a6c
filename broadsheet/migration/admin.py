from django.contrib import admin

from broadsheet.migration.models import ImportedItem, OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "target", "article", "section", "tag", "author"]
    list_filter = ["target"]
    search_fields = ["path"]
    raw_id_fields = ["article", "section", "tag", "author"]


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    """Where each imported row came from: read-only, the importer's memory."""

    list_display = ["kind", "wp_id", "guid", "object_id"]
    list_filter = ["kind"]
    search_fields = ["guid", "=wp_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
