"""WordPress attachments that are images, into the media library.

Each image attachment whose file is in `--uploads` goes through the library's
own `add_image` (the checks, the renditions and the row, as an editor's upload
would), with its alt text and caption. A file that is missing or refused is
reported and the import goes on. Files are written as they are added: an
import that fails later rolls the rows back but leaves those files behind,
which `--dry-run` never writes.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.core.files import File

from broadsheet.media.library import add_image
from broadsheet.media.models import Image
from broadsheet.media.uploads import EXTENSIONS, UploadRefused
from broadsheet.migration.content import plain_text
from broadsheet.migration.models import ImportedItem, checksum

Kind = ImportedItem.Kind
IMAGE_ENDINGS = {ending for endings in EXTENSIONS.values() for ending in endings}


def save_images(imp) -> None:
    """Add every image attachment to the library, once."""
    for wp_id, attachment in imp.attachments.items():
        relative = unquote(
            attachment.file or urlsplit(attachment.url).path.split("/uploads/")[-1]
        ).lstrip("/")
        if relative.rsplit(".", 1)[-1].lower() not in IMAGE_ENDINGS:
            imp.report.skip("attachment", "not an image (kept at its old address)")
            continue
        digest = checksum(relative, attachment.alt, attachment.caption)
        known = imp.items[Kind.ATTACHMENT].get(wp_id)
        if (
            known
            and known.checksum == digest
            and Image.objects.filter(pk=known.object_id).exists()
        ):
            imp.report.count("attachment", "unchanged")
            continue
        source = find_upload(imp, relative, f"attachment {wp_id}")
        if source is None:
            imp.report.skip("attachment", "file missing from --uploads (listed)")
            continue
        if imp.report.dry_run:
            imp.report.count("attachment", "imported")
            continue
        image = add_to_library(imp, source, attachment)
        if image is not None:
            outcome = imp.remember(Kind.ATTACHMENT, wp_id, image, digest)
            imp.report.count("attachment", outcome)


def find_upload(imp, relative, where):
    source = (imp.uploads / relative).resolve() if imp.uploads else None
    inside = source is not None and imp.uploads.resolve() in source.parents
    if not inside or not source.is_file():
        why = "no --uploads folder given" if imp.uploads is None else "not in --uploads"
        imp.report.missing_files.append(f"{where}: {relative} ({why})")
        return None
    return source


def add_to_library(imp, source, attachment) -> Image | None:
    with source.open("rb") as stream:
        try:
            return add_image(
                File(stream, name=source.name),
                alt_text=attachment.alt[:250],
                is_decorative=not attachment.alt.strip(),
                caption=plain_text(attachment.caption)[:300],
            )
        except UploadRefused as refusal:
            imp.report.skip("attachment", "refused by the media library (listed)")
            imp.report.notes.append(f"{source.name}: {refusal}")
            return None
