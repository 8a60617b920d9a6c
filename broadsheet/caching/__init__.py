"""The page cache: whole public pages served without Django, purged precisely.

The pieces, and what each owns:

- `broadsheet/surrogate.py`: the keys' names (`article_key(12)`, `LISTINGS`);
  views call `depend_on(request, *keys)` to say what a page shows. Outside
  this package so that `articles` may use it without importing `caching`.
- `broadsheet/generation.py`: the purge generation, "has anything been purged
  anywhere since I last looked?", answered from memory (an mmap'd file, or a
  Redis subscription); and `remembered()`, any value kept until the next
  purge. Outside this package for the same reason.
- `middleware.py`: the headers (`Cache-Control: public, s-maxage`,
  `Surrogate-Key`) on a shareable response, `private` on the rest, and which
  cookies make a request personal (`personal_cookies()`).
- `wsgi.py`: `PageCache`, the WSGI layer in front of Django that answers hits
  and keeps misses.
- `store.py`: pages and key versions in Django's cache (Redis, or files) and
  each process's pages in memory: `lookup`, `save_page`, `purge`.
- `invalidation.py`: which write purges which keys, as a table, and the
  signal receivers that apply it after the commit.
- `webhook.py`: the purge hook that tells a CDN the same keys.
- `pagefiles.py`: with PAGE_FILES_DIR, kept pages also written as files for
  nginx in front (examples/nginx/), and the map of keys to those files that
  `store.purge` deletes by.
- `filecache.py`: Django's file cache, culling at most once a minute.
- `replies/threads.py`: the rendered reply thread, kept under the
  discussion's `thread_version` (a part of a page, not a page).
- `broadsheet/db/sqlite/`: not the cache, but why writes (and so purges) are
  not delayed: SQLite writers queue on a lock instead of backing off.

A request's life:

- **Hit.** `PageCache` reads the purge generation (`token`), then
  `store.lookup(key, token)`. If this process checked the page under the same
  token, nothing was purged since: the page is sent from memory with no I/O.
  Otherwise the page's record (the versions it was stored under, its expiry,
  a stamp) and its keys' current versions (`read_versions`) are read from the
  shared cache, and the page is fresh if every version is the one it was
  stored under and its s-maxage has not run out; only then is the page itself
  read, unless this process holds it already (same stamp). A stale page is
  never read whole. HEAD is answered as GET,
  body dropped; `If-None-Match`/`If-Modified-Since` get a 304.
- **Miss.** Django renders the page; views record its keys with `depend_on`,
  and the middleware marks it shareable. The page is sent first, then kept by
  a thread of the process (`wsgi.Storer`, once the server closes the
  response) under `read_versions` (the versions read *before* the render), so a purge
  during the render leaves it stale at once. A URL's first render, whose keys
  were unknown, is stored fresh only if the generation did not move meanwhile.
  Personal requests (staff session, reply author) and anything unshareable
  pass through untouched. With PAGE_FILES_DIR, a page stored fresh is then
  written as files (`pagefiles.keep`), and deleted again at once if a purge
  came meanwhile.
- **Purge.** A write's receiver (`invalidation.py`) calls `store.purge(keys)`
  after the transaction commits: the generation advances, each key gets a new
  random version, the page files showing a key are deleted, the generation
  advances again, and the webhook is told.
  Every process sees the new generation and checks its pages again.
"""
