"""Cached pages and the versions of the surrogate keys they depend on.

Both live in Django's default cache: Redis when REDIS_URL is set (several
servers), otherwise files in DATA_DIR/cache, which every worker process of one
server shares. A page is fresh while every key it depends on still has the
version it had when the page was rendered, and its s-maxage has not run out:

    purge(["article-12", "listings"])   # after a write
    entry = fresh_page(key)             # on a read: None if stale or absent
"""

import time

from django.core.cache import caches

PAGE_PREFIX = "page:"
KEY_PREFIX = "surrogate:"
PAGE_LIFETIME = 24 * 3600  # upper bound; freshness is decided by versions and expiry


def cache():
    return caches["default"]


def versions(keys) -> dict:
    """The current version of each key (0 for a key never purged)."""
    found = cache().get_many([KEY_PREFIX + key for key in keys])
    return {key: found.get(KEY_PREFIX + key, 0) for key in keys}


def purge(keys) -> None:
    """Make every page that depends on any of these keys stale, on every server."""
    store = cache()
    for key in set(keys):
        name = KEY_PREFIX + key
        if not store.add(name, 1, timeout=None):
            try:
                store.incr(name)
            except ValueError:  # expired between add and incr
                store.set(name, 1, timeout=None)


def save_page(key, status, headers, body, keys, max_age) -> None:
    entry = {
        "status": status,
        "headers": headers,
        "body": body,
        "versions": versions(keys),
        "expires": time.time() + max_age,
    }
    cache().set(PAGE_PREFIX + key, entry, timeout=PAGE_LIFETIME)


def fresh_page(key):
    """The stored page for key if nothing it depends on has changed, else None."""
    entry = cache().get(PAGE_PREFIX + key)
    if entry is None or entry["expires"] <= time.time():
        return None
    if versions(entry["versions"]) != entry["versions"]:
        return None
    return entry
