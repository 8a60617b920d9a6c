"""Images from `--uploads` into the media library: attachments, and the
images in post bodies.

Each file goes through the library's own `add_image` (the checks, the
renditions and the row, as an editor's upload would) once: `ImportedItem`
remembers the file (kind "upload", keyed by its path under uploads) and each
image attachment, so a second run, or a second post showing the same picture,
finds the same Image. Attachments are added first, so their alt text and
caption are the library's; an image found only in a body takes the body's.
A body names its images as the library does (`![Alt](image:12 "Caption")`,
docs/media.md), so they are drawn with their renditions and srcset.

A file that is missing or refused is reported and the import goes on. Files
are written as they are added: an import that fails later rolls the rows back
but leaves those files behind, which `--dry-run` never writes.
"""

from __future__ import annotations

import hashlib
import html
import re
from urllib.parse import unquote, urlsplit

from django.core.files import File

from broadsheet.media.library import add_image
from broadsheet.media.models import Image
from broadsheet.media.uploads import EXTENSIONS, UploadRefused
from broadsheet.migration.content import plain_text
from broadsheet.migration.models import ImportedItem, checksum

Kind = ImportedItem.Kind
IMAGE_ENDINGS = {ending for endings in EXTENSIONS.values() for ending in endings}
# A figure the converter wrote (from [caption], a gallery or an image block),
# or an image on its own; the attribute patterns read nh3's double-quoted output.
_FIGURE = re.compile(
    r"<figure\b[^>]*>\s*(?:<a [^>]*>\s*)?(<img [^>]*>)(?:\s*</a>)?\s*"
    r"(?:<figcaption>(.*?)</figcaption>)?\s*</figure>|(<img [^>]*>)",
    re.S,
)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
# "… Photo: Port Authority" ends many WordPress captions: the credit (and
# Broadsheet's own exports write "Credit: …").
_CREDIT = re.compile(
    r"^(.*?)[\s,;–—-]*\b(?:Photo|Photograph|Picture|Image|Illustration|Credit)s?"
    r"(?::| by:?)\s*(.+?)\.?$",
    re.S | re.I,
)


def save_images(imp) -> None:
    """Add every image attachment to the library, once."""
    for wp_id, attachment in imp.attachments.items():
        relative = upload_path(
            attachment.file or urlsplit(attachment.url).path.split("/uploads/")[-1]
        )
        imp.attachment_files[urlsplit(attachment.url).path] = relative
        if relative.rsplit(".", 1)[-1].lower() not in IMAGE_ENDINGS:
            imp.report.skip("attachment", "not an image (kept at its old address)")
            continue
        alt, caption = attachment.alt[:250], plain_text(attachment.caption)[:300]
        digest = checksum(relative, attachment.alt, attachment.caption)
        known = imp.items[Kind.ATTACHMENT].get(wp_id)
        image = known and Image.objects.filter(pk=known.object_id).first()
        if image and known.checksum == digest:
            imp.library.setdefault(relative, image.pk)
            imp.report.count("attachment", "unchanged")
            continue
        if image:
            image.alt_text, image.caption = alt, caption
            image.is_decorative = not alt.strip()
            image.save(update_fields=["alt_text", "caption", "is_decorative"])
            imp.library.setdefault(relative, image.pk)
        else:
            image = library_image(imp, relative, f"attachment {wp_id}", alt, caption)
        if image is None:
            imp.report.skip("attachment", "file missing or refused (listed)")
        elif imp.report.dry_run:
            imp.report.count("attachment", "imported")
        else:
            outcome = imp.remember(Kind.ATTACHMENT, wp_id, image, digest)
            imp.report.count("attachment", outcome)


def upload_path(path: str) -> str:
    return unquote(path).lstrip("/")


def upload_key(relative: str) -> int:
    """A stable number for a path under uploads (ImportedItem's key)."""
    return int.from_bytes(hashlib.sha1(relative.encode()).digest()[:7], "big")


def library_image(imp, relative, where, alt="", caption="", credit=""):
    """The library Image of a file under --uploads, added the first time it is
    met; None (and a line in the report) when it is missing or refused. In a
    dry run, an Image not yet saved stands for a file that would be added."""
    if relative in imp.library:
        return Image(pk=imp.library[relative])
    known = imp.items[Kind.UPLOAD].get(upload_key(relative))
    if known and Image.objects.filter(pk=known.object_id).exists():
        imp.library[relative] = known.object_id
        return Image(pk=known.object_id)
    source = find_upload(imp, relative, where)
    if source is None:
        return None
    if imp.report.dry_run:
        return Image()
    with source.open("rb") as stream:
        try:
            image = add_image(
                File(stream, name=source.name),
                alt_text=alt[:250],
                is_decorative=not alt.strip(),
                caption=caption[:300],
                credit=credit[:150],
            )
        except UploadRefused as refusal:
            imp.report.notes.append(f"{where}: {relative} refused ({refusal})")
            return None
    imp.remember(Kind.UPLOAD, upload_key(relative), image, checksum(relative),
                 guid=relative)  # fmt: skip
    imp.library[relative] = image.pk
    return image


def find_upload(imp, relative, where):
    try:
        source = (imp.uploads / relative).resolve() if imp.uploads else None
        inside = source is not None and imp.uploads.resolve() in source.parents
        found = inside and source.is_file()
    except (ValueError, OSError):  # a NUL byte, a name too long: no such file
        found = False
    if not found:
        why = "no --uploads folder given" if imp.uploads is None else "not in --uploads"
        imp.report.missing_files.append(f"{where}: {relative} ({why})")
        return None
    return source


def uploaded(imp, url: str) -> str | None:
    """The path under uploads of an image URL on the old site, or None."""
    parts = urlsplit(html.unescape(url))
    site_host = urlsplit(imp.site.link or imp.site.base_site_url).netloc
    if parts.netloc not in (site_host, ""):
        return None
    if "/wp-content/uploads/" in parts.path:
        return upload_path(parts.path.split("/wp-content/uploads/", 1)[1])
    return imp.attachment_files.get(parts.path)  # stored elsewhere (Broadsheet)


def body_images(imp, body: str, where: str) -> str:
    """Name the body's images from the old site's uploads as library images:
    a figure alone in its block becomes `![Alt](image:N "Caption")`, an image
    inside other markup `<img src="image:N" alt="…">` (Markdown is not read
    inside HTML). A missing file keeps its old address and is reported."""

    def replace(match):
        tag = match.group(1) or match.group(3)
        attributes = dict(_ATTRIBUTE.findall(tag))
        relative = uploaded(imp, attributes.get("src", ""))
        if relative is None:
            return match.group(0)
        alt = html.unescape(attributes.get("alt", ""))
        caption = html.unescape(plain_text(match.group(2) or ""))
        credit = ""
        if credited := _CREDIT.match(caption):
            caption, credit = credited.group(1).strip(), credited.group(2).strip()
        image = library_image(imp, relative, where, alt, caption, credit)
        if image is None:
            return match.group(0)
        if image.pk is None:  # a dry run
            return match.group(0)
        if credit:  # the library image may have come without its credit
            Image.objects.filter(pk=image.pk, credit="").update(credit=credit[:150])
        start, end = match.span()
        alone = (start == 0 or body[start - 2 : start] == "\n\n") and (
            end == len(body) or body[end : end + 2] == "\n\n"
        )
        if match.group(1) and alone:
            title = f' "{markdown_escape(caption)}"' if caption else ""
            return f"![{markdown_escape(alt)}](image:{image.pk}{title})"
        title = f' title="{html.escape(caption)}"' if caption else ""
        return f'<img src="image:{image.pk}" alt="{html.escape(alt)}"{title}>'

    return _FIGURE.sub(replace, body)


def markdown_escape(text: str) -> str:
    """Text safe inside a Markdown image's alt text or title."""
    return re.sub(r'([\\`*_\[\]<>!"])', r"\\\1", " ".join(text.split()))
