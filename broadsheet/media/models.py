"""The media library: images uploaded once, described once, used everywhere.

Dependency direction: `media` knows nothing of the other apps. `articles`
points at `Image` (the featured image, images named in bodies) and so does
anything else that shows pictures; never the other way round.

An image keeps its original (with its metadata, for editors only: it is never
linked from a public page) and the renditions readers fetch, made once on
upload by `broadsheet.media.renditions` with every bit of metadata stripped.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]


def original_name(image, filename):
    """A random name of its own: the key names the public renditions' folder,
    so an original named by it could be guessed by anyone who saw a page."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"originals/{secrets.token_hex(16)}.{extension}"


class Image(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.ImageField(
        "original",
        upload_to=original_name,
        width_field="width",
        height_field="height",
        max_length=255,
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    original_name = models.CharField(
        "file name", max_length=255, blank=True, editable=False
    )
    alt_text = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    is_decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text="Adds nothing a reader would miss: screen readers skip it and it "
        "needs no alt text.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=150, blank=True)
    focal_x = models.FloatField(
        "focal point, across",
        default=0.5,
        validators=UNIT,
        help_text="0 is the left edge, 1 the right: crops keep this point.",
    )
    focal_y = models.FloatField(
        "focal point, down",
        default=0.5,
        validators=UNIT,
        help_text="0 is the top edge, 1 the bottom.",
    )
    metadata = models.JSONField(
        "original's metadata", default=dict, blank=True, editable=False
    )
    renditions = models.JSONField(default=list, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.alt_text or self.original_name or f"Image {self.pk}"

    def clean(self):
        if not self.is_decorative and not self.alt_text.strip():
            raise ValidationError(
                {
                    "alt_text": "Describe the image for readers who cannot see it, "
                    "or mark it as decorative."
                }
            )

    @property
    def alt(self) -> str:
        """The alt attribute: empty for a decorative image."""
        return "" if self.is_decorative else self.alt_text

    def sized(self, kind="width", fmt=None) -> list[dict]:
        """The renditions of one kind (and format), narrowest first."""
        return sorted(
            (
                r
                for r in self.renditions
                if r["kind"] == kind and (fmt is None or r["format"] == fmt)
            ),
            key=lambda r: r["width"],
        )

    def fallback_format(self) -> str:
        formats = {r["format"] for r in self.sized()}
        return "png" if "png" in formats else "jpeg"

    def sources(self) -> list[tuple[str, str]]:
        """(MIME type, srcset) for each modern format, best first."""
        found = []
        for fmt in ("avif", "webp"):
            sizes = self.sized(fmt=fmt)
            if sizes:
                found.append((f"image/{fmt}", srcset(sizes)))
        return found

    def fallback_srcset(self) -> str:
        return srcset(self.sized(fmt=self.fallback_format()))

    def fallback(self) -> dict | None:
        """The largest rendition every browser can show."""
        sizes = self.sized(fmt=self.fallback_format())
        return sizes[-1] if sizes else None

    def fallback_url(self) -> str:
        largest = self.fallback()
        return rendition_url(largest) if largest else ""

    def card(self, width=640) -> dict | None:
        """The fallback rendition closest to `width` without being narrower."""
        sizes = self.sized(fmt=self.fallback_format())
        return next(
            (r for r in sizes if r["width"] >= width), sizes[-1] if sizes else None
        )

    def opengraph(self) -> dict | None:
        """The 1200x630 crop around the focal point, for link previews."""
        return next(iter(self.sized("og")), None)

    def opengraph_url(self) -> str:
        og = self.opengraph()
        return rendition_url(og) if og else ""

    def rendition_height(self) -> int:
        """The height of the largest rendition (width and height keep the ratio)."""
        largest = self.fallback()
        return largest["height"] if largest else self.height


def rendition_url(rendition: dict) -> str:
    return default_storage.url(rendition["name"])


def srcset(renditions) -> str:
    return ", ".join(f"{rendition_url(r)} {r['width']}w" for r in renditions)
