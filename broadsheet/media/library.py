"""Adding images to the library and keeping their files in step with the rows.

    image = add_image(upload, alt_text="Ferry at dawn", uploaded_by=user)

`add_image` checks the upload (broadsheet.media.uploads), stores the original,
makes the renditions and saves the row, all or nothing: if any step fails,
the files already written are deleted and the error goes on.
"""

from django.core.files.storage import default_storage
from django.db import transaction

from broadsheet.media.models import Image
from broadsheet.media.renditions import delete_renditions, make_renditions
from broadsheet.media.uploads import inspect_upload


def add_image(upload, *, uploaded_by=None, **fields) -> Image:
    """Check, store and render one upload; return the saved Image."""
    info = inspect_upload(upload)
    image = Image(
        original_name=(upload.name or "")[:255],
        metadata=info.metadata,
        uploaded_by=uploaded_by,
        **fields,
    )
    image.full_clean(exclude=["file"])
    store_image(image, upload)
    return image


def store_image(image: Image, upload) -> None:
    """Store a checked upload as the image's original, render it and save the row."""
    image.file.save(upload.name, upload, save=False)
    try:
        image.renditions = make_renditions(
            image.file, image.key.hex, (image.focal_x, image.focal_y)
        )
        with transaction.atomic():
            image.save()
    except BaseException:
        delete_files(image)
        raise


def refresh_renditions(image: Image) -> None:
    """Make the renditions again (after the focal point moved) and save."""
    old = list(image.renditions)
    image.renditions = make_renditions(
        image.file, image.key.hex, (image.focal_x, image.focal_y)
    )
    image.save(update_fields=["renditions"])
    kept = {r["name"] for r in image.renditions}
    delete_renditions([r for r in old if r["name"] not in kept])


def delete_files(image: Image) -> None:
    """Remove the original and every rendition of the image from storage."""
    delete_renditions(image.renditions)
    if image.file.name:
        default_storage.delete(image.file.name)
