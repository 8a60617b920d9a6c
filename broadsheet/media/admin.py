"""The media library in the admin: upload one or several images, search, describe.

Refused uploads come back to the form with the reason; nothing is stored.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join

from broadsheet.media.forms import ImageForm, UploadSeveralForm
from broadsheet.media.library import delete_files, refresh_renditions, store_image
from broadsheet.media.models import Image, rendition_url


def is_editor(request) -> bool:
    """Editors hold delete_image (accounts/roles.py); contributors add and
    change only."""
    return request.user.has_perm("media.delete_image")


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    change_list_template = "admin/media/image/change_list.html"
    list_display = ["thumbnail", "description", "credit", "size", "created_at"]
    list_display_links = ["thumbnail", "description"]
    list_filter = ["is_decorative", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["alt_text", "caption", "credit", "original_name"]
    search_help_text = "Search alt texts, captions, credits and file names."
    readonly_fields = ["preview", "original_metadata", "rendition_list", "reference"]

    def get_fieldsets(self, request, obj=None):
        described = ["alt_text", "is_decorative", "caption", "credit"]
        if obj is None:
            return [(None, {"fields": ["file", *described, "focal_x", "focal_y"]})]
        fieldsets = [
            (None, {"fields": ["preview", "reference", *described]}),
            ("Focal point", {"fields": ["focal_x", "focal_y"]}),
        ]
        if is_editor(request):  # an original's GPS position protects a source
            fieldsets.append(
                (
                    "The original (seen only here)",
                    {"fields": ["original_metadata", "rendition_list"]},
                )
            )
        return fieldsets

    def has_change_permission(self, request, obj=None):
        """Editors change any image; a contributor only the ones they uploaded,
        since a change shows at once wherever the image is used."""
        if not super().has_change_permission(request, obj):
            return False
        return (
            obj is None or is_editor(request) or obj.uploaded_by_id == request.user.pk
        )

    @admin.display(description="image")
    def thumbnail(self, image):
        smallest = image.card(0)
        if not smallest:
            return "—"
        height = round(smallest["height"] * 96 / smallest["width"])
        return format_html(
            '<img src="{}" alt="" width="96" height="{}" loading="lazy">',
            rendition_url(smallest),
            height,
        )

    @admin.display(description="description", ordering="alt_text")
    def description(self, image):
        return "(decorative)" if image.is_decorative else image.alt_text

    @admin.display(description="size")
    def size(self, image):
        return f"{image.width}×{image.height}"

    @admin.display(description="preview")
    def preview(self, image):
        card = image.card(640)
        if not card:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" style="max-width:100%;'
            'height:auto">',
            rendition_url(card),
            card["width"],
            card["height"],
        )

    @admin.display(description="in Markdown")
    def reference(self, image):
        return format_html(
            "<code>![{}](image:{})</code> places it in an article or page body.",
            image.alt or "Alt text",
            image.pk,
        )

    @admin.display(description="metadata of the original")
    def original_metadata(self, image):
        if not image.metadata:
            return "—"
        rows = format_html_join(
            "", "<tr><th>{}</th><td>{}</td></tr>", sorted(image.metadata.items())
        )
        return format_html(
            '<table class="original-metadata">{}</table><p>None of this is in the '
            "files readers get.</p>",
            rows,
        )

    @admin.display(description="renditions")
    def rendition_list(self, image):
        return format_html_join(
            ", ",
            '<a href="{}">{} {}×{}</a>',
            (
                (rendition_url(r), r["format"], r["width"], r["height"])
                for r in image.renditions
            ),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if {"focal_x", "focal_y"} & set(form.changed_data):
                refresh_renditions(obj)
            return
        upload = form.cleaned_data["file"]
        obj.original_name = upload.name[:255]
        obj.metadata = form.upload_info.metadata
        obj.uploaded_by = request.user
        store_image(obj, upload)

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_several_view)
        return [
            path("upload/", upload, name="media_image_upload"),
            *super().get_urls(),
        ]

    def upload_several_view(self, request):
        """Upload several images at once, each with its line of alt text."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadSeveralForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            saved = []
            try:
                with transaction.atomic():
                    for upload, alt in zip(
                        form.cleaned_data["files"],
                        form.cleaned_data["alt_lines"],
                        strict=True,
                    ):
                        image = Image(
                            alt_text=alt,
                            is_decorative=form.cleaned_data["is_decorative"],
                            credit=form.cleaned_data["credit"],
                            original_name=upload.name[:255],
                            metadata=form.infos[len(saved)].metadata,
                            uploaded_by=request.user,
                        )
                        store_image(image, upload)
                        saved.append(image)
            except BaseException:
                for image in saved:
                    delete_files(image)
                raise
            self.message_user(
                request,
                f"{len(saved)} image(s) added to the library.",
                messages.SUCCESS,
            )
            return redirect("admin:media_image_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload several images",
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/media/image/upload_several.html", context
        )
