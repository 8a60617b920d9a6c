"""The purge hook for a CDN: tell it which surrogate keys just went stale.

With PURGE_WEBHOOK_URL set, every purge also POSTs

    {"keys": ["article-12", "listings"]}

as JSON to that URL. The POST is a background task (broadsheet/background), so
no reader or editor waits for the CDN, a purge queued when the server stops is
sent when it starts again, and a failed call is retried with back-off
(TASKS_RETRY_SECONDS). Pages carry the same keys in their `Surrogate-Key`
header, so the receiver purges exactly what Broadsheet purged (for Fastly: one
`POST /service/<id>/purge/<key>` a key; for Cloudflare: purge by cache tag).
See docs/performance.md.
"""

import json
import urllib.request

from django.conf import settings
from django_tasks import task

from broadsheet.background.retries import retry_later

TIMEOUT_SECONDS = 5


def announce(keys) -> None:
    """Queue a POST of these keys to PURGE_WEBHOOK_URL, if one is set."""
    url = settings.PURGE_WEBHOOK_URL
    if url:
        post_keys.enqueue(url, sorted(set(keys)))


@task()
def post_keys(url: str, keys: list[str], attempt: int = 1) -> str:
    """POST the keys to the CDN's hook; on failure, try again later."""
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
        retry_later(post_keys, url, keys, attempt=attempt, error=error)
    return f"posted {len(keys)} key(s)"
