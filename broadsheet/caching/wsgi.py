"""The page cache: a thin WSGI layer in front of Django.

A hit is answered from the cache without touching the database or Django's
middleware; a miss goes to Django, and its response is kept when Django marked
it shareable (`Cache-Control: public, s-maxage=N` with a `Surrogate-Key`).
Requests with a staff session or a reply author's cookie always go to Django,
so nobody is ever sent another reader's page. A kept page is sent in the
compressed copy the reader asks for (caching/encoding.py); HEAD is answered as
GET without the body; methods the site does not serve get 204 or 405 here.

    application = PageCache(get_wsgi_application())
"""

import logging
import os
import queue
import re
import threading

from django.conf import settings
from django.utils.http import parse_http_date_safe

from broadsheet import generation
from broadsheet.caching import encoding, pagefiles, store
from broadsheet.caching.middleware import personal_cookies
from broadsheet.surrogate import AFTER_SEND

logger = logging.getLogger(__name__)
_S_MAXAGE = re.compile(r"s-maxage=(\d+)")
_SKIP_HEADERS = {"set-cookie", "x-cache"}
ALLOWED = "GET, HEAD, POST, OPTIONS"


def _not_modified(environ, page, copy) -> bool:
    """Whether the reader's copy is current (RFC 9110: If-None-Match first)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return copy.etag is not None and if_none_match == copy.etag
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since is None or page.modified is None:
        return False  # the common case, decided without parsing anything
    since = parse_http_date_safe(since)
    return since is not None and page.modified <= since


def _must_redirect_to_https(environ) -> bool:
    """Whether Django would redirect this request to HTTPS (SECURE_SSL_REDIRECT),
    so that a page kept from an HTTPS request is never sent over plain HTTP."""
    if not settings.SECURE_SSL_REDIRECT or environ.get("wsgi.url_scheme") == "https":
        return False
    header = settings.SECURE_PROXY_SSL_HEADER
    return not (header and environ.get(header[0]) == header[1])


def _is_personal(cookie_header: str) -> bool:
    return any(f"{name}=" in cookie_header for name in personal_cookies())


class PageCache:
    def __init__(self, application, enabled=True):
        self.application = application
        self.enabled = enabled

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD", "POST"):
            # The site reads with GET and writes with POST; anything else
            # (OPTIONS, TRACE, PUT…) would only render a page uncached.
            status = "204 No Content" if method == "OPTIONS" else "405 Not Allowed"
            start_response(status, [("Allow", ALLOWED), ("Content-Length", "0")])
            return [b""]
        if method == "HEAD":
            # Answered as the GET it asks about, body dropped: the very status
            # and headers (Django's conditional-GET middleware, which makes the
            # ETag, looks at GETs only), and a miss fills the cache.
            get = {**environ, "REQUEST_METHOD": "GET"}
            return _without_body(self._respond(get, start_response))
        return self._respond(environ, start_response)

    def _respond(self, environ, start_response):
        if not self.enabled or not self._may_use_cache(environ):
            return self.application(environ, start_response)
        key = self._key(environ)
        token = generation.current()  # before lookup reads the versions
        page, read_versions = store.lookup(key, token)
        if page is not None:
            return self._answer(environ, start_response, page)
        return self._render_and_keep(environ, start_response, key, read_versions, token)

    def _may_use_cache(self, environ):
        return (
            environ.get("REQUEST_METHOD") in ("GET", "HEAD")
            and not _is_personal(environ.get("HTTP_COOKIE", ""))
            and not _must_redirect_to_https(environ)
        )

    def _key(self, environ):
        query = environ.get("QUERY_STRING", "")
        return f"{environ.get('HTTP_HOST', '')}{environ.get('PATH_INFO', '')}?{query}"

    def _answer(self, environ, start_response, page):
        copy = page.copy_for(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if _not_modified(environ, page, copy):
            start_response(
                "304 Not Modified",
                [h for h in copy.headers if h[0].lower() != "content-length"],
            )
            return [b""]
        start_response(page.status, copy.headers)
        return [copy.body]

    def _render_and_keep(self, environ, start_response, key, read_versions, token):
        captured = {}

        def capture(status, headers, exc_info=None):
            # Answered once the body is read: a kept page is sent compressed.
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return _no_write

        environ[AFTER_SEND] = after_send = []
        result = self.application(environ, capture)
        status, headers = captured["status"], captured["headers"]
        keeping = self._keepable(captured)
        if keeping is None:
            _run(after_send)
            # Not shareable (static files, errors, personal pages): pass the
            # response through untouched, without reading it into memory.
            start_response(
                status, [*headers, ("X-Cache", "MISS")], captured["exc_info"]
            )
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        keys, max_age = keeping
        kept = [(n, v) for n, v in headers if n.lower() not in _SKIP_HEADERS]
        # The reader's copy first; the others once it is sent (keep).
        coding = encoding.chosen(environ.get("HTTP_ACCEPT_ENCODING", ""))
        copies = encoding.compressed_copies(
            kept, body, (coding,) if coding != "identity" else ()
        )
        sent = copies.get(coding) or copies["identity"]
        start_response(status, [*sent.headers, ("X-Cache", "MISS")])

        def keep():
            _run(after_send)
            if len(copies) > 1 or coding == "identity":
                others = tuple(c for c in encoding.CODINGS if c != coding)
                copies.update(encoding.compressed_copies(kept, body, others))
            page = store.save_page(
                key,
                status,
                copies,
                keys,
                max_age,
                read_versions=read_versions,
                token=token,
            )
            pagefiles.keep(environ, page, lambda: store.is_current(page))

        return _SendThenKeep(sent.body, keep)

    def _keepable(self, captured):
        """(surrogate keys, s-maxage) if Django marked the response shareable."""
        if not captured.get("status", "").startswith("200"):
            return None
        headers = {name.lower(): value for name, value in captured["headers"]}
        match = _S_MAXAGE.search(headers.get("cache-control", ""))
        keys = headers.get("surrogate-key", "").split()
        if not match or not keys or "set-cookie" in headers:
            return None
        return keys, int(match.group(1))


def _run(pending):
    while pending:
        pending.pop(0)()


def _no_write(data):
    raise NotImplementedError("Broadsheet's pages are returned, not written")


def _without_body(result):
    """No body, for a HEAD: the response is closed unread (a page being kept
    is stored then, as after a GET). The headers are already sent."""
    if hasattr(result, "close"):
        result.close()
    return [b""]


class _SendThenKeep:
    """The body, then keep() handed to the process's storer once the server
    closes the response (PEP 3333: when it is complete)."""

    def __init__(self, body, keep):
        self._body = body
        self._keep = keep

    def __iter__(self):
        yield self._body

    def close(self):
        keep, self._keep = self._keep, None
        if keep is not None:
            storer.submit(keep)


class Storer:
    """Keeps missed pages on a thread of the process, one at a time, so the
    reader who missed is sent the page as soon as it is rendered: a server
    may complete a response only once its iterable is read and closed (as
    granian does), so work done there, or after the last chunk, is work the
    reader waits for. The other copies' compression and the store then cost
    the reader nothing (2–3.5 ms for an article with 200 replies).

    A page stored late is no less correct: it is stored under the versions
    read before it was rendered, so a purge meanwhile leaves it stale. Past
    QUEUED waiting pages the request keeps its own, so memory stays bounded
    when misses come faster than the thread keeps them.
    """

    QUEUED = 64

    def __init__(self):
        self._pid = None
        self._queue = None
        self._lock = threading.Lock()

    def submit(self, work) -> None:
        try:
            self._ready().put_nowait(work)
        except queue.Full:
            work()

    def wait(self) -> None:
        """Until every page handed over is kept (tests; a server stopping)."""
        if self._pid == os.getpid():
            self._queue.join()

    def _ready(self) -> queue.Queue:
        if self._pid != os.getpid():  # first use, or a forked process
            with self._lock:
                if self._pid != os.getpid():
                    self._queue = queue.Queue(self.QUEUED)
                    threading.Thread(
                        target=self._run,
                        args=(self._queue,),
                        name="page-store",
                        daemon=True,
                    ).start()
                    self._pid = os.getpid()
        return self._queue

    @staticmethod
    def _run(waiting):
        while True:
            work = waiting.get()
            try:
                work()
            except Exception:  # noqa: BLE001 - a page not kept is a later miss
                logger.exception("A missed page could not be kept")
            finally:
                waiting.task_done()


storer = Storer()
