"""Shared by every measure: the sites' shell, wrk, timing and percentiles."""

import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent

STORY = "demo:harbour-bridge.md"

# Each snippet runs in `broadsheet shell` with the site's settings, so it
# writes to the same database and purges the same cache as the servers.
ADD_REPLIES = """
from broadsheet.articles.models import Article
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
article = Article.objects.get(import_ref={story!r})
Reply.objects.bulk_create([Reply(article=article, name=f"Reader {{n}}",
    email=f"r{{n}}@mail.example", text=f"Reply number {{n}}, with a few words in it.",
    status="approved", text_html=f"<p>Reply number {{n}}, with a few words in it.</p>")
    for n in range({n})])
Discussion.recount(article.pk)
# Bench readers are strangers: approve them at once, so every post is public.
policy = DiscussionSettings.current()
policy.moderation = policy.Moderation.AUTO_APPROVE
# All 200 replies on the article's one page, as in the figures from before
# threads were paged (docs/performance.md); the 50-thread default halves it.
policy.replies_per_page = 0
policy.save()
print(article.get_absolute_url())
"""


# The production limits, but for the fill time (the bench types fast) and
# one proxy in front, so each bench reader has an address of its own; the
# bench's desk signs in with a password alone.
LIMITS = {
    "REPLIES_MIN_FILL_SECONDS": "0",
    "TRUSTED_PROXY_COUNT": "1",
    "EMAIL_BACKEND": "console",
    "TWO_FACTOR_ROLES": "",
}


def use_database(database):
    """Set the sites the bench makes on SQLite, or ("postgres") each on a
    fresh database of the server at DATABASE_URL (default: the local one)."""
    os.environ.pop("REDIS_URL", None)
    if database == "postgres":
        os.environ.setdefault(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        )
    else:
        os.environ.pop("DATABASE_URL", None)


def wrk(url, seconds, connections=16, script=None, script_args=(), headers=()):
    """(wrk's output, requests/s, p50 ms, p99 ms) from one run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    command += [url, *(["--", *script_args] if script_args else [])]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if not script and ("Non-2xx" in out or "Socket errors" in out):
        sys.exit(f"bench: {url} did not answer every request with 2xx:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return out, rps, _latency(out, "50%"), _latency(out, "99%")


def _latency(out, label):
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def rate_of(url, args, headers=()):
    """Medians of requests/s, p50 and p99 over args.runs wrk runs."""
    results = [wrk(url, args.seconds, headers=headers)[1:] for _ in range(args.runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def page_and_headers(url):
    """A page as the page cache serves it on a hit: (body, [(header, value)])."""
    for _ in range(50):
        with urllib.request.urlopen(url) as answer:
            body, headers = answer.read(), answer.getheaders()
        if answer.headers["X-Cache"] == "HIT":
            return body, headers
        time.sleep(0.05)
    sys.exit(f"bench: {url} is never served from the page cache")


def shell(server, code):
    return server.manage("shell", "--no-imports", "-c", code, timeout=1800)
