"""Cached pages and the versions of the surrogate keys they depend on.

Both live in Django's default cache: Redis when REDIS_URL is set (several
servers), otherwise files in DATA_DIR/cache, which every worker process of one
server shares. A page is fresh while every key it depends on still has the
version it had when the page was rendered, and its s-maxage has not run out:

    purge(["article-12", "listings"])       # after a write
    token = generation.current()            # on a read, first
    page, read_versions = lookup(key, token)  # page None if stale or absent
    save_page(key, ..., read_versions=read_versions, token=token)  # after a miss

Each process also keeps the pages it has checked in memory, with the purge
generation (broadsheet.generation) it checked them under. While that
generation is unchanged nothing has been purged anywhere, so a hit costs no
read at all; after a purge the page's keys are compared one by one.
"""

import contextlib
import gzip
import logging
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, replace

from django.core.cache import caches
from django.utils.http import parse_http_date_safe

from broadsheet import generation
from broadsheet.caching import pagefiles, webhook
from broadsheet.caching.encoding import Copy, chosen

logger = logging.getLogger(__name__)
# A kept page is two entries: its record (the versions it was rendered under,
# its expiry, its stamp), small, read first; and the page itself, read only
# when the record says it is fresh and this process does not hold it already.
# A miss after a purge then reads a few hundred bytes, not the stale page.
RECORD_PREFIX = "page-record:"
PAGE_PREFIX = "page-body:"
KEY_PREFIX = "surrogate:"
PAGE_LIFETIME = 24 * 3600  # upper bound; freshness is decided by versions and expiry
MEMORY_PAGES = 1000
_memory: OrderedDict = OrderedDict()


@dataclass(frozen=True)
class Record:
    """Whether a kept page is fresh (its keys' versions, its expiry), and
    which page it is: the stamp of one save_page."""

    versions: dict
    expires: float
    stamp: str


@dataclass
class Page:
    status: str
    copies: dict  # coding -> encoding.Copy, headers as sent on a hit
    modified: int | None  # Last-Modified, as a Unix time
    versions: dict
    expires: float
    stamp: str

    def copy_for(self, accept_encoding: str) -> Copy:
        """The copy to send a reader whose browser sent this Accept-Encoding."""
        return self.copies.get(chosen(accept_encoding)) or self.copies["identity"]

    def stored(self) -> "Page":
        """This page as the shared cache keeps it: the page as rendered is left
        out when its gzip copy holds it (172 KB of the 200-reply article's
        195), so that writing and reading it costs no compression of it."""
        if "gzip" not in self.copies:
            return self
        plain = self.copies["identity"]
        return replace(
            self, copies={**self.copies, "identity": replace(plain, body=None)}
        )

    def loaded(self) -> "Page":
        """The page stored(), whole again."""
        plain = self.copies["identity"]
        if plain.body is not None:
            return self
        body = gzip.decompress(self.copies["gzip"].body)
        return replace(
            self, copies={**self.copies, "identity": replace(plain, body=body)}
        )


def cache():
    return caches["default"]


def versions(keys) -> dict:
    """The current version of each key: None for a key the cache does not hold
    (never used, or evicted), on which no page can be fresh."""
    found = cache().get_many([KEY_PREFIX + key for key in keys])
    return {key: found.get(KEY_PREFIX + key) for key in keys}


def known_versions(keys) -> dict:
    """versions(), giving each key the cache does not hold a version first."""
    found = versions(keys)
    missing = [key for key, version in found.items() if version is None]
    for key in missing:
        cache().add(KEY_PREFIX + key, uuid.uuid4().hex, timeout=None)
    return {**found, **versions(missing)} if missing else found


_read_at: tuple = (None, {})  # (generation, {key: version}): versions read under it
# Keys kept for one generation: a crawler's walk through 100,000 articles
# between two purges reads three keys a page, which must not all stay.
VERSIONS_READ_LIMIT = 10_000


def versions_as_of(keys, token) -> dict:
    """known_versions(keys), each key read once per purge generation `token` in
    this process (read first, then kept: a purge after the read advances the
    generation, so a version kept under `token` is never older than `token`)."""
    global _read_at
    generation_seen, read = _read_at
    missing = [key for key in keys if key not in read]
    if generation_seen != token or len(read) + len(missing) > VERSIONS_READ_LIMIT:
        # Past the limit it starts again: versions read now are newer than
        # those kept, never older than `token`, so either may be kept under it.
        read = {}
        _read_at = (token, read)
        missing = list(keys)
    if missing:
        read.update(known_versions(missing))
    return {key: read[key] for key in keys}


def _versions_for(page, token) -> dict:
    """The versions of the page's keys (a Page or its Record), as of the purge
    generation `token`.

    A key whose kept version differs from the page's is read again: the cache
    may have dropped it (the file cache culls a third of its files when full)
    and another process given it a new version since it was kept here, and
    without this each process would find the other's pages stale, and store
    its own under a version the other does not know, until the next purge.
    """
    if token is None:
        return versions(page.versions)
    read = versions_as_of(page.versions, token)
    differing = [
        key
        for key, version in page.versions.items()
        if version is not None and read[key] != version
    ]
    if differing:
        again = known_versions(differing)
        generation_seen, kept = _read_at
        if generation_seen == token:
            kept.update(again)
        read.update(again)
    return read


def purge(keys) -> None:
    """Make every page that depends on any of these keys stale, on every server."""
    store = cache()
    # Advanced before and after: a page rendered while this runs always sees a
    # change of generation between its start and its save (save_page).
    generation.advance()
    # A version is a fresh random token: one write a key, and two purges at
    # once can never leave a key with a value some page was stored under.
    token = uuid.uuid4().hex
    store.set_many({KEY_PREFIX + key: token for key in set(keys)}, timeout=None)
    # After the new versions: a page file written meanwhile is either listed
    # already or deleted by its writer, who sees them (pagefiles.keep).
    try:
        pagefiles.remove(keys)
    except OSError as error:  # the purge itself must go on: logged for the desk
        logger.error("Page files of %s not deleted: %s", sorted(keys), error)
    # Last, so a process that sees the new generation also sees the new versions.
    generation.advance()
    webhook.announce(keys)  # and a CDN in front, if there is one


def save_page(key, status, copies, keys, max_age, *, read_versions, token) -> Page:
    """Keep a rendered page, as its copies (encoding.compressed_copies); return it.

    read_versions: the versions lookup() read before the render (of the keys
    the last stored copy showed), or None; token: the purge generation read
    before that lookup.
    """
    if read_versions is not None and all(
        read_versions.get(name) is not None for name in keys
    ):
        # As of the render's start: a purge during the render leaves it stale.
        depends_on = {name: read_versions[name] for name in keys}
    else:
        depends_on = known_versions(keys)
        if token is None or generation.current() != token:
            # Something was purged while it rendered, perhaps what it shows.
            # Kept stale, as the record of its keys: the next render reads
            # their versions first and is stored under those.
            depends_on = dict.fromkeys(keys)
    named = {name.lower(): value for name, value in copies["identity"].headers}
    page = Page(
        status=status,
        copies={
            coding: Copy([*copy.headers, ("X-Cache", "HIT")], copy.body, copy.etag)
            for coding, copy in copies.items()
        },
        modified=parse_http_date_safe(named.get("last-modified", "")),
        versions=depends_on,
        expires=time.time() + max_age,
        stamp=uuid.uuid4().hex,
    )
    # The page before its record: a reader who finds the new record finds
    # this page (or a later one, whose stamp differs: a miss, never a wrong
    # page).
    cache().set(PAGE_PREFIX + key, page.stored(), timeout=PAGE_LIFETIME)
    record = Record(page.versions, page.expires, page.stamp)
    cache().set(RECORD_PREFIX + key, record, timeout=PAGE_LIFETIME)
    # This process holds it as of `token`: its next reader reads nothing back.
    _remember(key, page, token)
    return page


def is_current(page) -> bool:
    """Whether a page's keys still have the versions it was stored under."""
    return _fresh(page, versions(page.versions))


def _fresh(page, read_versions) -> bool:
    """Whether a Page or Record is fresh under these versions. None, for a key
    evicted or a page stored stale, matches nothing."""
    return page.expires > time.time() and all(
        version is not None and read_versions[name] == version
        for name, version in page.versions.items()
    )


def lookup(key, token) -> tuple[Page | None, dict | None]:
    """(the stored page if nothing it depends on has changed, else None;
    the versions read of the keys its last stored copy depended on).

    token: the purge generation, read before this lookup reads anything.
    """
    remembered = _memory.get(key)
    if remembered is not None and token is not None:
        page = remembered[0]
        if remembered[1] == token:
            if page.expires > time.time():
                return page, page.versions
        else:
            # Something was purged somewhere: this page's keys decide, read
            # once per purge for all the pages that share them.
            read_versions = _versions_for(page, token)
            if _fresh(page, read_versions):
                _memory[key] = (page, token)
                return page, read_versions
    record = cache().get(RECORD_PREFIX + key)
    if record is None:
        return None, None
    read_versions = _versions_for(record, token)
    if not _fresh(record, read_versions):
        return None, read_versions
    if remembered is not None and remembered[0].stamp == record.stamp:
        page = remembered[0]  # stale here only for an older generation
    else:
        page = cache().get(PAGE_PREFIX + key)
        if page is None or page.stamp != record.stamp:
            return None, read_versions  # saved again meanwhile: render it
        page = page.loaded()
    _remember(key, page, token)
    return page, read_versions


def _remember(key, page, token) -> None:
    """Hold the page in this process's memory, checked as of `token`."""
    _memory[key] = (page, token)
    if len(_memory) > MEMORY_PAGES:
        # Another thread may be doing the same.
        with contextlib.suppress(KeyError):
            _memory.popitem(last=False)
