"""Local abuse checks for replies: no third-party service is ever asked.

- the honeypot field (`ReplyForm.homepage`) and a minimum time to fill the form,
  both of which send a reply to spam. The article page is cached and shared,
  so the time it was rendered is not when a reader saw it: the page's script
  fetches a token of its own when the form is shown (`shown_token`), and a
  reply that comes without one (no JavaScript) is timed from the render, and
  is not approved on the timing's word (moderation.decide);
- duplicate detection ("This reply is already on this article.");
- a flood check (two replies from one address within REPLIES_FLOOD_SECONDS) and
  rate limits per IP address and per email (REPLIES_RATE_LIMIT a minute), which
  refuse the reply with HTTP 429 and keep the typed text.

The rate limits count the replies table itself, not a cache: every server
process sees the same rows, SQLite and PostgreSQL alike, with nothing more to
run. (django-ratelimit refuses the file and database caches the embedded mode
would have, and per-process memory would let each worker allow its own five.)
"""

import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core import signing
from django.db.models import Count, Q
from django.utils import timezone

from broadsheet.replies.addresses import normalise

STARTED_SALT = "broadsheet.replies.form-started"


@dataclass(frozen=True)
class FillTime:
    """How long the reader took over the form: `seconds` is None when the
    token is missing or forged; `witnessed` is whether a browser fetched the
    token when it showed the form, rather than it being rendered in the page."""

    seconds: float | None
    witnessed: bool = False


def form_started_token(article) -> str:
    """A signed note of when the page with the reply form was rendered."""
    return _started(article, witnessed=False)


def shown_token(article) -> str:
    """A signed note of when a reader's browser showed the reply form."""
    return _started(article, witnessed=True)


def _started(article, *, witnessed):
    data = {"a": article.pk, "t": time.time(), "w": witnessed}
    return signing.dumps(data, salt=STARTED_SALT)


def fill_time(token: str, article) -> FillTime:
    """How long since the form was shown, as far as the token tells."""
    try:
        data = signing.loads(token or "", salt=STARTED_SALT, max_age=7 * 24 * 3600)
    except signing.BadSignature:
        return FillTime(None)
    if not isinstance(data, dict) or data.get("a") != article.pk:
        return FillTime(None)
    return FillTime(time.time() - float(data.get("t", 0)), data.get("w") is True)


def is_duplicate(article, text: str) -> bool:
    """Whether the article already has a reply with this very text (but for
    the whitespace around it): an index lookup of its text_hash.

    Whoever wrote it: were the address part of the check, posting a public
    reply's text with a guessed address would tell whether the guess was right.
    """
    from broadsheet.replies.models import Reply, text_hash

    return (
        Reply.objects.filter(article=article, text_hash=text_hash(text))
        .exclude(status=Reply.Status.TRASH)
        .exists()
    )


def refusal(ip: str | None, email: str, now=None) -> str | None:
    """Why this address must wait before replying again, or None if it need not."""
    from broadsheet.replies.models import Reply

    now = now or timezone.now()
    flood = settings.REPLIES_FLOOD_SECONDS
    minute_ago = now - timedelta(minutes=1)
    # One query counts all three, from the sender's recent replies: the flood
    # (this address, in the last REPLIES_FLOOD_SECONDS) and the rate limits
    # (this email, and this address, in the last minute).
    sender = Q(email=normalise(email))
    counts = {"by_email": Count("pk", filter=sender & Q(created_at__gt=minute_ago))}
    if ip:
        from_ip = Q(ip_address=ip)
        counts["by_ip"] = Count("pk", filter=from_ip & Q(created_at__gt=minute_ago))
        if flood:
            since = now - timedelta(seconds=flood)
            counts["flooding"] = Count("pk", filter=from_ip & Q(created_at__gt=since))
        sender |= from_ip
    since = now - timedelta(seconds=max(60, flood or 0))
    recent = Reply.objects.filter(sender, created_at__gt=since).aggregate(**counts)
    if recent.pop("flooding", 0):
        return "You are posting replies too quickly. Please wait a few seconds."
    if max(recent.values()) >= settings.REPLIES_RATE_LIMIT:
        return (
            f"You have posted {settings.REPLIES_RATE_LIMIT} replies in the last "
            "minute. "
            "Please wait a minute before posting again."
        )
    return None


def is_cross_site(request) -> bool:
    """Whether a browser says this POST came from another site (CSRF).

    The reply form carries no CSRF token, so that every reader can be sent the
    same cached article page. Browsers instead tell where a form was sent from:
    Sec-Fetch-Site, or failing that Origin. A form posted from another site is
    refused; clients that send neither are not browsers, and cannot carry a
    victim's cookies anyway.
    """
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return origin == "null"
    allowed = {urlparse(settings.SITE_URL).netloc, request.get_host()}
    try:
        return urlparse(origin).netloc not in allowed
    except ValueError:  # "http://[" names no site, so not this one
        return True


def client_ip(request) -> str | None:
    """The reader's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if len(addresses) >= hops:
            return addresses[-hops] or None
    return request.META.get("REMOTE_ADDR") or None
