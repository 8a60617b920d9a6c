"""Cached pages and the versions of the surrogate keys they depend on.

Both live in Django's default cache: Redis when REDIS_URL is set (several
servers), otherwise files in DATA_DIR/cache, which every worker process of one
server shares. A page is fresh while every key it depends on still has the
version it had when the page was rendered, and its s-maxage has not run out:

    purge(["article-12", "listings"])   # after a write
    entry = fresh_page(key)             # on a read: None if stale or absent
"""

import time
import uuid
from collections import OrderedDict

from django.core.cache import caches

PAGE_PREFIX = "page:"
KEY_PREFIX = "surrogate:"
PAGE_LIFETIME = 24 * 3600  # upper bound; freshness is decided by versions and expiry
# Every purge sets a new random generation. While it is unchanged nothing has
# been purged anywhere, so a page this process already checked is still fresh:
# a hit then costs one small cache read instead of one per key.
GENERATION = "surrogate-generation"
MEMORY_PAGES = 1000
_memory: OrderedDict = OrderedDict()


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
    # Last, so a process that sees the new generation also sees the new versions.
    store.set(GENERATION, uuid.uuid4().hex, timeout=None)


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
    generation = current_generation()
    remembered = _memory.get(key)
    if remembered and remembered[1] == generation:
        entry = remembered[0]
        if entry["expires"] > time.time():
            _memory.move_to_end(key)
            return entry
    entry = cache().get(PAGE_PREFIX + key)
    if entry is None or entry["expires"] <= time.time():
        return None
    if versions(entry["versions"]) != entry["versions"]:
        return None
    _memory[key] = (entry, generation)
    if len(_memory) > MEMORY_PAGES:
        _memory.popitem(last=False)
    return entry


def current_generation() -> str:
    """The generation now, starting a new one if the cache has none (or was cleared)."""
    store = cache()
    generation = store.get(GENERATION)
    if generation is None:
        generation = uuid.uuid4().hex
        if not store.add(GENERATION, generation, timeout=None):
            generation = store.get(GENERATION) or generation
    return generation
