"""Serving the library's public files in the embedded mode (no proxy, no bucket)."""

from django.conf import settings
from django.http import Http404
from django.views.static import serve


def public_file(request, path):
    """A file under MEDIA_ROOT, except originals: they keep their metadata (GPS
    position, camera serial) and are for editors only. A production proxy may
    serve MEDIA_ROOT itself; it must refuse originals/ too (docs/media.md)."""
    if path.startswith("originals/") or "/originals/" in path:
        raise Http404("Originals are not public.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
