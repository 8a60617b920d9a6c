"""Renditions: the only image files readers fetch, made once with Pillow.

    renditions = make_renditions(original_file, key, focal=(0.5, 0.3))

For each width in WIDTHS (capped at the original's), one file in AVIF (when
this Pillow can write it), one in WebP and one fallback (JPEG, or PNG when the
image has transparency); plus a 1200×630 JPEG cropped around the focal point
for OpenGraph. Orientation from EXIF is applied first; then the pixels are
copied into a fresh image, so no EXIF, GPS position, XMP, ICC profile or
comment reaches a rendition. Each entry of the returned list is a dict:
{"kind": "width"|"og", "format", "width", "height", "name"} (a storage name).
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PillowImage
from PIL import ImageOps, features

WIDTHS = (320, 640, 960, 1280, 1600, 2048)
OPENGRAPH = (1200, 630)
ENCODERS = {
    "avif": ("AVIF", {"quality": 60, "speed": 8}),
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
    "png": ("PNG", {"optimize": True}),
}


def modern_formats() -> list[str]:
    return (["avif"] if features.check("avif") else []) + ["webp"]


def make_renditions(original, key: str, focal=(0.5, 0.5), storage=None) -> list[dict]:
    """Write every rendition of the original to storage; return their list.

    If any write fails, the ones already written are deleted before the error
    goes on, so nothing half-made is left behind.
    """
    storage = storage or default_storage
    original.open("rb")
    try:
        with PillowImage.open(original) as opened:
            picture = _clean_pixels(opened)
    finally:
        original.seek(0)
    has_alpha = picture.mode == "RGBA"
    fallback = "png" if has_alpha else "jpeg"
    written = []
    try:
        for width in sorted({min(w, picture.width) for w in WIDTHS}):
            height = max(1, round(picture.height * width / picture.width))
            resized = picture.resize((width, height), PillowImage.Resampling.LANCZOS)
            for fmt in [*modern_formats(), fallback]:
                name = f"renditions/{key}/{width}.{_ext(fmt)}"
                written.append(_save(storage, resized, fmt, name, "width"))
        og = ImageOps.fit(
            picture.convert("RGB"),
            OPENGRAPH,
            PillowImage.Resampling.LANCZOS,
            centering=focal,
        )
        written.append(_save(storage, og, "jpeg", f"renditions/{key}/og.jpg", "og"))
    except Exception:
        delete_renditions(written, storage)
        raise
    return written


def delete_renditions(renditions, storage=None):
    storage = storage or default_storage
    for rendition in renditions:
        storage.delete(rendition["name"])


def _clean_pixels(opened):
    """The upright pixels alone, in RGB or RGBA, with no metadata attached."""
    upright = ImageOps.exif_transpose(opened)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    converted = upright.convert("RGBA" if has_alpha else "RGB")
    clean = PillowImage.new(converted.mode, converted.size)
    clean.paste(converted)
    clean.info = {}
    return clean


def _save(storage, picture, fmt, name, kind) -> dict:
    encoder, options = ENCODERS[fmt]
    buffer = io.BytesIO()
    picture.save(buffer, encoder, **options)
    stored = storage.save(name, ContentFile(buffer.getvalue()))
    return {
        "kind": kind,
        "format": fmt,
        "width": picture.width,
        "height": picture.height,
        "name": stored,
    }


def _ext(fmt):
    return "jpg" if fmt == "jpeg" else fmt
