"""Cache misses: the article after an edit and after a reply, the front page
after a publication, the demo story's page, each rendered after a real purge."""

import json

from bench.common import STORY, percentile, shell

STORY_PAGE = "/stories/keeping-portside-running/"  # the demo newsroom's story
ARTICLE = "the 200-reply article"  # stands for its address, known once it is set up

# Each miss measured: its name, the page, the key the write before it purges.
ARTICLE_MISSES = [
    ("article miss after an edit", ARTICLE, "article-{pk}"),
    ("article miss after a reply", ARTICLE, "replies-{pk}"),
    ("front page, cache miss", "/", "listings"),
]
# "banner": every shared page depends on it, the story page too.
STORY_MISS = ("story page, cache miss", STORY_PAGE, "banner")

MISSES = """
import json, time, urllib.request
from broadsheet.articles.models import Article
from broadsheet.caching.store import purge
from broadsheet.replies.models import Reply
article = Article.objects.get(import_ref={story!r})
key = {key!r}.format(pk=article.pk)
reply = Reply.objects.filter(article=article).first()
times = []
# Untimed first: each server worker's first renders load its templates and
# open its database, which no reader after a write meets.
for n in range({warm} + {count}):
    if key.startswith("replies-"):
        reply.save()  # a reply changed: the whole thread is rendered again
    purge([key])  # what an edit of the article, or a publication, does
    start = time.perf_counter()
    with urllib.request.urlopen({url!r}) as answer:
        answer.read()
    if n >= {warm}:
        times.append((time.perf_counter() - start) * 1000)
    assert answer.headers["X-Cache"] == "MISS", answer.headers["X-Cache"]
print(json.dumps(times))
"""


def misses(server, path, key, count):
    """p50 and p99 of `count` renders over HTTP, each right after a purge of key."""
    times = miss_times(server, path, key, count)
    return percentile(times, 50), percentile(times, 99)


def miss_times(server, path, key, count, warm=10):
    """The times in ms of `count` renders over HTTP, each right after a purge
    of key, after `warm` untimed ones."""
    code = MISSES.format(
        key=key, story=STORY, count=count, warm=warm, url=server.url + path
    )
    return json.loads(shell(server, code))


def miss_rows(server, story, renders):
    rows = []
    for name, path, key in [*ARTICLE_MISSES, STORY_MISS]:
        path = story if path == ARTICLE else path
        note = "3 pieces" if path == STORY_PAGE else ""
        rows.append(
            (
                f"{name} ({renders} renders)",
                "",
                *misses(server, path, key, renders),
                note,
            )
        )
    return rows
