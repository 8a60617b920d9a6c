"""The purge hook for a CDN: tell it which surrogate keys just went stale.

With PURGE_WEBHOOK_URL set, every purge also POSTs

    {"keys": ["article-12", "listings"]}

as JSON to that URL, from a thread of its own, so no reader or editor waits
for the CDN. Pages carry the same keys in their `Surrogate-Key` header, so the
receiver purges exactly what Broadsheet purged (for Fastly: one
`POST /service/<id>/purge/<key>` a key; for Cloudflare: purge by cache tag).
A failed call is logged and not retried: the CDN still drops the page when its
s-maxage runs out (PAGE_CACHE_SECONDS). See docs/performance.md.
"""

import json
import logging
import queue
import threading
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5
_pending: queue.SimpleQueue = queue.SimpleQueue()
_lock = threading.Lock()
_sender = None


def announce(keys) -> None:
    """Queue a POST of these keys to PURGE_WEBHOOK_URL, if one is set."""
    url = settings.PURGE_WEBHOOK_URL
    if url:
        _pending.put((url, sorted(set(keys))))
        _start_sender()


def _start_sender():
    global _sender
    with _lock:
        if _sender is None or not _sender.is_alive():
            _sender = threading.Thread(target=_send_forever, daemon=True)
            _sender.start()


def _send_forever():
    while True:
        url, keys = _pending.get()
        request = urllib.request.Request(
            url,
            data=json.dumps({"keys": keys}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
                answer.read()
        except OSError as error:
            logger.warning("Purge hook %s failed for %s: %s", url, keys, error)
