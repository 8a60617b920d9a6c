"""Has anything been purged since this process last looked? Answered without I/O.

Every purge advances the generation. While a process sees the generation it
saw when it last checked a page, nothing anywhere has been purged and the page
it holds in memory is still fresh, so a cache hit needs no read at all.

- One server (the file cache): the generation is 8 bytes in a memory-mapped
  file, DATA_DIR/page-generation, shared by every worker process. Reading it
  is a memory access; a purge writes new random bytes, seen by all workers at
  once.
- Several servers (REDIS_URL): a purge publishes on a Redis channel and every
  process keeps a thread subscribed to it, which advances the process's own
  generation when a message comes. While the subscription is not established
  (starting, or the connection dropped) `current()` is None: memory is not
  trusted and every hit checks the shared cache instead.

    token = current()   # before reading anything the token must cover
    advance()           # after a purge's new key versions are written
    remembered("nav", compute)  # compute() once, until the next purge anywhere
    remembered("nav", compute, keys=["sections"])  # until "sections" is purged
"""

import contextlib
import mmap
import os
import threading
import time
from pathlib import Path

from django.conf import settings

CHANNEL = "broadsheet:purge"
_SIZE = 8


class SharedFile:
    """A generation in a memory-mapped file that all processes of one server share."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as file:
            if os.fstat(file.fileno()).st_size < _SIZE:
                file.write(os.urandom(_SIZE))
                file.flush()
        with open(path, "r+b") as file:
            self._map = mmap.mmap(file.fileno(), _SIZE)

    def current(self):
        return self._map[:_SIZE]

    def advance(self):
        self._map[:_SIZE] = os.urandom(_SIZE)


class RedisChannel:
    """A generation per process, advanced by purge messages published on Redis."""

    def __init__(self, url: str):
        self._url = url
        self._value = 0
        self._subscribed = False
        self._pid = None
        self._client = None
        self._lock = threading.Lock()

    def current(self):
        if self._pid != os.getpid():
            self._start()
        return self._value if self._subscribed else None

    def advance(self):
        # This process sees its own purge at once; the others when the message comes.
        self._value += 1
        self.current()  # (re)connects after a fork
        self._client.publish(CHANNEL, b"purge")

    def _start(self):
        with self._lock:
            if self._pid == os.getpid():
                return
            # A forked child inherits no thread: it needs a listener of its own.
            import redis

            self._pid = os.getpid()
            self._subscribed = False
            self._client = redis.Redis.from_url(self._url)
            threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self):
        import redis

        while True:
            try:
                pubsub = redis.Redis.from_url(self._url).pubsub()
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    # Purges missed while unsubscribed are covered: memory was
                    # not trusted then, and the new value disowns what it held.
                    self._value += 1
                    if message["type"] == "subscribe":
                        self._subscribed = True
            except Exception:  # noqa: BLE001 - any failure: distrust memory, retry
                self._subscribed = False
                self._value += 1
                time.sleep(0.5)


_generation = None


def _instance():
    global _generation
    if _generation is None:
        location = settings.CACHES["default"]
        if location["BACKEND"].endswith("RedisCache"):
            _generation = RedisChannel(location["LOCATION"])
        else:
            _generation = SharedFile(Path(settings.DATA_DIR) / "page-generation")
    return _generation


def current():
    """A token that changes whenever anything is purged, or None if unknown."""
    return _instance().current()


_remembered: dict = {}
# An article's page keeps six (the article, its bylines, tags and updates,
# its story, head, JSON-LD and a fresh reply form): a few hundred articles'
# pages, the navigation and cards.
REMEMBERED_LIMIT = 4000
_ANY = object()  # remembered(read_at=...) not given


def remembered(name, compute, still_good=lambda value: True, keys=(), read_at=_ANY):
    """compute(), kept in this process until the next purge anywhere, or with
    `keys` (surrogate keys) until the next purge of one of them.

    For what pages show and only a purged write changes (the sections in the
    navigation, the next scheduled publication, a rendered reply thread):
    asked once per purge, not once per page. A value given the keys the pages
    showing it depend on survives the purges of other keys (an edit of one
    article keeps the navigation): after a purge anywhere it costs a read of
    those keys' versions, once per purge in this process. `keys` may also be
    a function of the value (keys=lambda article: [article_key(article.pk)]),
    for a value whose keys are known only once it is computed. still_good(value)
    may refuse a kept value early. read_at: for a value computed from objects
    read earlier (an article a view fetched, then rendered by a template tag),
    the purge generation they were read under (None if unknown): the value is
    kept only if nothing was purged since, or it might show them as they were.
    """
    seen = current()  # before computing: a purge meanwhile disowns the value
    kept = _remembered.get(name)
    if seen is not None and kept is not None and still_good(kept[2]):
        if kept[0] == seen:
            return kept[2]
        if kept[1] and _versions(kept[1], seen) == kept[1]:
            _remembered[name] = (seen, kept[1], kept[2])
            return kept[2]
    if seen is None or (read_at is not _ANY and read_at != seen):
        return compute()
    read = _versions(keys, seen) if keys and not callable(keys) else None
    value = compute()
    if callable(keys):
        names = keys(value)
        read = _versions(names, seen) if names else None
        if current() != seen:
            return value  # purged while it was computed: perhaps what it shows
    if not still_good(value):
        return value  # asked for again next time: nothing to keep
    if len(_remembered) >= REMEMBERED_LIMIT and name not in _remembered:
        # The oldest goes (a crawler's walk through the archive's cards and
        # pages must not push out what every page shows for long).
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            _remembered.pop(next(iter(_remembered)))
    _remembered[name] = (seen, read, value)
    return value


def _versions(keys, seen):
    from broadsheet.caching.store import versions_as_of  # the store uses this module

    return versions_as_of(keys, seen)


def advance() -> None:
    """Tell every process that something was purged."""
    _instance().advance()
