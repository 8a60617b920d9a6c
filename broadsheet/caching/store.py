"""Cached pages and the versions of the surrogate keys they depend on.

Both live in Django's default cache: Redis when REDIS_URL is set (several
servers), otherwise files in DATA_DIR/cache, which every worker process of one
server shares. A page is fresh while every key it depends on still has the
version it had when the page was rendered, and its s-maxage has not run out:

    purge(["article-12", "listings"])   # after a write
    started = generation.current()      # on a read, first
    page, before = lookup(key, started) # page None if stale or absent
    save_page(key, ..., before=before, rendered_in=started)   # after a miss

Each process also keeps the pages it has checked in memory, with the purge
generation (broadsheet.generation) it checked them under. While that
generation is unchanged nothing has been purged anywhere, so a hit costs no
read at all; after a purge the page's keys are compared one by one.
"""

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import caches
from django.utils.http import parse_http_date_safe

from broadsheet import generation
from broadsheet.caching import webhook

PAGE_PREFIX = "page:"
KEY_PREFIX = "surrogate:"
PAGE_LIFETIME = 24 * 3600  # upper bound; freshness is decided by versions and expiry
MEMORY_PAGES = 1000
_memory: OrderedDict = OrderedDict()


@dataclass
class Page:
    status: str
    headers: list  # as sent on a hit, X-Cache included
    body: bytes
    etag: str | None
    modified: int | None  # Last-Modified, as a Unix time
    versions: dict
    expires: float


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
    # Last, so a process that sees the new generation also sees the new versions.
    generation.advance()
    webhook.announce(keys)  # and a CDN in front, if there is one


def save_page(key, status, headers, body, keys, max_age, *, before, rendered_in):
    """Keep a rendered page.

    before: the versions lookup() read before the render (of the keys the last
    stored copy showed), or None; rendered_in: the generation seen then.
    """
    if before is not None and all(before.get(name) is not None for name in keys):
        # As of the render's start: a purge during the render leaves it stale.
        depends_on = {name: before[name] for name in keys}
    else:
        depends_on = known_versions(keys)
        if rendered_in is None or generation.current() != rendered_in:
            # Something was purged while it rendered, perhaps what it shows.
            # Kept stale, as the record of its keys: the next render reads
            # their versions first and is stored under those.
            depends_on = dict.fromkeys(keys)
    named = {name.lower(): value for name, value in headers}
    page = Page(
        status=status,
        headers=[*headers, ("X-Cache", "HIT")],
        body=body,
        etag=named.get("etag"),
        modified=parse_http_date_safe(named.get("last-modified", "")),
        versions=depends_on,
        expires=time.time() + max_age,
    )
    cache().set(PAGE_PREFIX + key, page, timeout=PAGE_LIFETIME)


def _fresh(page, now) -> bool:
    """None, for a key evicted or a page stored stale, matches nothing."""
    return page.expires > time.time() and all(
        version is not None and now[name] == version
        for name, version in page.versions.items()
    )


def lookup(key, seen) -> tuple[Page | None, dict | None]:
    """(the stored page if nothing it depends on has changed, else None;
    the current versions of the keys its last stored copy depended on).

    seen: the purge generation, read before this lookup reads anything.
    """
    remembered = _memory.get(key)
    if remembered is not None and seen is not None and remembered[1] == seen:
        page = remembered[0]
        if page.expires > time.time():
            return page, page.versions
    page = cache().get(PAGE_PREFIX + key)
    if page is None:
        return None, None
    now = versions(page.versions)
    if not _fresh(page, now):
        return None, now
    _memory[key] = (page, seen)
    if len(_memory) > MEMORY_PAGES:
        _memory.popitem(last=False)
    return page, now
