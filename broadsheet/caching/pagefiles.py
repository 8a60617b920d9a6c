"""Kept pages as files, for nginx in front to serve itself (PAGE_FILES_DIR).

The way WP Super Cache lets a web server answer without PHP: with
PAGE_FILES_DIR set, each shareable HTML page the page cache keeps from a GET
without a query string is also written as files,

    PAGE_FILES_DIR/pages/<Host><path>index.html       the page as rendered
    PAGE_FILES_DIR/pages/<Host><path>index.html.gz    gzip   (nginx gzip_static)
    PAGE_FILES_DIR/pages/<Host><path>index.html.br    Brotli (nginx brotli_static)

and nginx answers `GET <path>` with `try_files` from them, even while
Broadsheet is down (examples/nginx/broadsheet.conf, docs/deployment.md).
Personal requests and anything with a query string still go to Broadsheet.

This module is the one owner of the mapping from surrogate keys to files:
`PAGE_FILES_DIR/keys/<key>/<page folder, percent-encoded>` lists each page
that shows the key, so a purge deletes exactly the files of the purged pages.

    keep(environ, page, is_current)   # after store.save_page, on a miss
    remove(keys)                      # in store.purge, after the new versions
    sweep()                           # every minute: files past their s-maxage

No stale file outlives a purge. A writer writes the files, then lists them
under each key, then checks that the page is still current (is_current reads
the keys' versions) and deletes them if not; purge() writes the new versions,
then deletes what the keys list. Either the purge finds the listing, or the
writer's check comes after the new versions and finds them. Every file is
written to a temporary name beside it and renamed into place, so nginx sends a
whole old file or a whole new one; the page itself last and deleted first, so
`try_files` never finds a page whose compressed copies are missing.

Files live at most PAGE_CACHE_SECONDS (as a CDN keeps the page for s-maxage):
the worker's minute tick sweeps older ones, and pages whose s-maxage is
shorter (a pin that expires, a publication due) are not written at all, since
nginx cannot tell when they stop being true.
"""

import contextlib
import logging
import os
import tempfile
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.dispatch import receiver

from broadsheet.background.signals import ticked

logger = logging.getLogger(__name__)
PAGE = "index.html"
# The page's file first, then its copies in the order nginx looks for them.
SUFFIXES = {"identity": "", "gzip": ".gz", "br": ".br"}
LONGEST_NAME = 240  # bytes in one file name, under the usual 255


def root() -> Path | None:
    return settings.PAGE_FILES_DIR


def folder_for(environ) -> bytes | None:
    """The page's folder under pages/ (`<Host><path>`, as bytes), or None if
    nginx could not find it there: a query string, a path not ending in `/`,
    a host or path segment that is not a plain name."""
    if environ.get("QUERY_STRING") or environ.get("REQUEST_METHOD") not in (
        "GET",
        "HEAD",
    ):
        return None
    # WSGI hands the path over as latin-1: these are the bytes nginx's $uri has.
    path = environ.get("PATH_INFO", "").encode("latin-1")
    host = environ.get("HTTP_HOST", "").encode("latin-1")
    if not path.endswith(b"/") or not host:
        return None
    segments = [host, *path.strip(b"/").split(b"/")] if path != b"/" else [host]
    for segment in segments:
        if (
            segment in (b"", b".", b"..")
            or segment.startswith(b".")
            or any(c in segment for c in (b"\0", b"\\"))
        ):
            return None
    folder = host + path
    if len(_entry_name(folder)) > LONGEST_NAME:
        return None
    return folder


def keep(environ, page, is_current) -> bool:
    """Write a kept page's files if nginx may serve them; True if written.
    A folder that cannot be written is logged, and the page is still kept
    in the page cache."""
    base = root()
    if base is None or not _may_be_written(page):
        return False
    folder = folder_for(environ)
    if folder is None:
        return False
    try:
        return _write(base, folder, page, is_current)
    except OSError as error:
        logger.error("Page files: could not write %s: %s", folder, error)
        # Perhaps written but not listed: no later purge would find it.
        with contextlib.suppress(OSError):
            _delete_page(base / "pages" / os.fsdecode(folder))
        return False


def _write(base, folder, page, is_current) -> bool:
    target = base / "pages" / os.fsdecode(folder)
    target.mkdir(parents=True, exist_ok=True)
    for coding in ("br", "gzip", "identity"):  # the page itself last
        copy = page.copies.get(coding)
        if copy is not None:
            _write_atomically(target / (PAGE + SUFFIXES[coding]), copy.body)
    for key in page.versions:
        listing = base / "keys" / key
        listing.mkdir(parents=True, exist_ok=True)
        (listing / _entry_name(folder)).touch()
    if not is_current():
        _delete_page(target)  # purged while it rendered or was written
        return False
    return True


def remove(keys) -> int:
    """Delete the files of every page that shows any of these keys; return how
    many pages were deleted."""
    base = root()
    if base is None:
        return 0
    deleted = 0
    for key in set(keys):
        listing = base / "keys" / key
        try:
            entries = list(os.scandir(listing))
        except FileNotFoundError:
            continue
        for entry in entries:
            # The listing first: a page written again after this is listed
            # again after it, so a later purge still finds it.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
            folder = urllib.parse.unquote_to_bytes(entry.name)
            deleted += _delete_page(base / "pages" / os.fsdecode(folder))
    return deleted


@receiver(ticked)
def _swept_every_minute(sender, **kwargs):
    sweep()


def sweep(now=None) -> int:
    """Delete the pages written more than PAGE_CACHE_SECONDS ago; return how many."""
    base = root()
    if base is None:
        return 0
    oldest = (now or time.time()) - settings.PAGE_CACHE_SECONDS
    deleted = 0
    for folder, _, files in os.walk(base / "pages"):
        if PAGE in files:
            with contextlib.suppress(FileNotFoundError):
                if os.stat(os.path.join(folder, PAGE)).st_mtime < oldest:
                    deleted += _delete_page(Path(folder))
    # Listings of deleted pages are left: deleting a missing file costs nothing,
    # and a listing can always be dropped once no page is left at all.
    return deleted


def _may_be_written(page) -> bool:
    identity = page.copies["identity"]
    content_type = next(
        (v for n, v in identity.headers if n.lower() == "content-type"), ""
    )
    return (
        page.status.startswith("200")
        and content_type.startswith("text/html")
        and all(version is not None for version in page.versions.values())
        # Shorter than usual: it stops being true at a known moment.
        and page.expires - time.time() >= settings.PAGE_CACHE_SECONDS - 1
    )


def _entry_name(folder: bytes) -> str:
    return urllib.parse.quote_from_bytes(folder, safe="")


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # nginx's workers run as another user
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _delete_page(folder: Path) -> int:
    """Delete a page's files, the page first; 1 if the page was there."""
    found = 0
    for suffix in SUFFIXES.values():
        try:
            os.unlink(folder / (PAGE + suffix))
            found = found or suffix == ""
        except FileNotFoundError:
            pass
    return int(found)
