from django.core.files.uploadedfile import SimpleUploadedFile

from broadsheet.media.library import add_image
from broadsheet.media.tests.images import drawn, encoded


def library_image(size=(1400, 900), name="harbour.jpg", **fields):
    """A library image with its renditions, drawn with Pillow."""
    fields.setdefault("alt_text", "Cranes over the harbour at dusk")
    upload = SimpleUploadedFile(name, encoded(drawn(size), "JPEG"))
    return add_image(upload, **fields)
