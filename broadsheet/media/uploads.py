"""Checking an uploaded file before anything is written: is it an image we take?

    info = inspect_upload(uploaded_file)   # raises UploadRefused with the reason

Each refusal names what is wrong in words an editor can act on. Nothing here
writes to storage, so a refused upload leaves nothing behind.
"""

import warnings
from dataclasses import dataclass, field

from django.conf import settings
from PIL import ExifTags, UnidentifiedImageError
from PIL import Image as PillowImage

# Pillow's format name -> the file name endings it may carry.
EXTENSIONS = {
    "JPEG": ("jpg", "jpeg"),
    "PNG": ("png",),
    "WEBP": ("webp",),
    "AVIF": ("avif",),
    "GIF": ("gif",),
}
DEEP_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}


class UploadRefused(ValueError):
    """The upload is not an image the library takes; str() says why."""


@dataclass
class UploadInfo:
    format: str
    width: int
    height: int
    metadata: dict = field(default_factory=dict)


def inspect_upload(upload) -> UploadInfo:
    """Return what the upload is, or raise UploadRefused saying what is wrong."""
    name = getattr(upload, "name", "") or ""
    size = upload.size
    limit = settings.MEDIA_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadRefused(
            f"{name} is {size / 1_048_576:.1f} MB; the largest upload is "
            f"{limit / 1_048_576:.0f} MB."
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [ext for exts in EXTENSIONS.values() for ext in exts]
    if extension not in allowed:
        raise UploadRefused(
            f"{name}: only JPEG, PNG, WebP, AVIF and GIF images can be uploaded "
            f"(.{', .'.join(allowed)})."
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            image = PillowImage.open(upload)
            pixels = image.width * image.height
            if pixels > settings.MEDIA_MAX_PIXELS:
                raise UploadRefused(_too_many_pixels(name, image.size))
            _refuse_unusual(name, image, extension)
            metadata = describe(image)
            image.load()  # a truncated or corrupt file fails here
    except (
        PillowImage.DecompressionBombError,
        PillowImage.DecompressionBombWarning,
    ) as error:
        raise UploadRefused(
            f"{name} claims to be larger than any photograph: "
            "it may be a decompression bomb and was refused."
        ) from error
    except UnidentifiedImageError as error:
        raise UploadRefused(
            f"{name} is not an image (or not one we can read)."
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        if isinstance(error, UploadRefused):
            raise
        raise UploadRefused(f"{name} is damaged or incomplete: {error}") from error
    finally:
        upload.seek(0)
    return UploadInfo(image.format, image.width, image.height, metadata)


def _too_many_pixels(name, size):
    megapixels = size[0] * size[1] / 1_000_000
    limit = settings.MEDIA_MAX_PIXELS / 1_000_000
    return (
        f"{name} is {size[0]}×{size[1]} pixels ({megapixels:.0f} megapixels); "
        f"the largest is {limit:.0f} megapixels."
    )


def _refuse_unusual(name, image, extension):
    if extension not in EXTENSIONS.get(image.format, ()):
        raise UploadRefused(
            f"{name} is a {image.format} image but its name ends in .{extension}: "
            f"rename it to .{EXTENSIONS[image.format][0]}."
            if image.format in EXTENSIONS
            else f"{name} is a {image.format} image, which the library does not take."
        )
    if image.mode == "CMYK":
        raise UploadRefused(
            f"{name} is a CMYK image, made for print: its colours would be wrong "
            "on screens. Export it as RGB (sRGB) and upload it again."
        )
    if image.mode in DEEP_MODES:
        raise UploadRefused(
            f"{name} has 16 or more bits per channel: export it with 8 bits per "
            "channel (sRGB) and upload it again."
        )
    if getattr(image, "n_frames", 1) > 1:
        raise UploadRefused(
            f"{name} is animated ({image.n_frames} frames): the library takes "
            "still images only. Upload one frame, or a video elsewhere."
        )


def describe(image) -> dict:
    """The original's metadata, readable and JSON-safe, for editors to see."""
    data = {
        "Format": image.format,
        "Size": f"{image.width}×{image.height}",
        "Mode": image.mode,
    }
    exif = image.getexif()
    for tag, value in exif.items():
        data[ExifTags.TAGS.get(tag, f"Tag {tag}")] = _plain(value)
    for ifd, names, prefix in [
        (ExifTags.IFD.Exif, ExifTags.TAGS, ""),
        (ExifTags.IFD.GPSInfo, ExifTags.GPSTAGS, "GPS "),
    ]:
        for tag, value in exif.get_ifd(ifd).items():
            label = names.get(tag, f"Tag {tag}")
            if prefix and not label.startswith("GPS"):
                label = prefix + label
            data[label] = _plain(value)
    data.pop("ExifOffset", None)
    data.pop("GPSInfo", None)
    for key, label in [("icc_profile", "ICC profile"), ("xmp", "XMP")]:
        if image.info.get(key):
            data[label] = f"{len(image.info[key])} bytes"
    return data


def _plain(value):
    if isinstance(value, bytes):
        text = value.decode("ascii", "replace").strip("\x00")
        return text if text.isprintable() and len(text) < 200 else f"{len(value)} bytes"
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, int | str):
        return value
    try:
        return round(float(value), 6)
    except (TypeError, ValueError, ZeroDivisionError):
        return str(value)
