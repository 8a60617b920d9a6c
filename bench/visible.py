"""Publish and approve to visible: how long a reader waits to see a write."""

import json

from bench.common import STORY, percentile, shell

VISIBLE = """
import json, time, urllib.request
from django.utils import timezone
from broadsheet.articles.models import Article, Section
from broadsheet.replies import moderation
from broadsheet.replies.models import Reply

def read(url):
    return urllib.request.urlopen(url).read().decode()

def until_shown(url, text):
    start = time.perf_counter()
    while text not in read(url):
        if time.perf_counter() - start > 10:
            return 10_000.0
    return (time.perf_counter() - start) * 1000

story = Article.objects.get(import_ref={story!r})
story_url = {base!r} + story.get_absolute_url()
section = Section.objects.first()
publish, approve = [], []
for n in range({count}):
    read({base!r} + "/")  # the front page is cached without the new story
    Article.objects.create(headline=f"Bench story {{n}}", slug=f"bench-story-{{n}}",
        body="Text.", status="published", published_at=timezone.now(),
        section=section)  # committed, and purged, when create() returns
    publish.append(until_shown({base!r} + "/", f"Bench story {{n}}"))
    reply = Reply.objects.create(article=story, name="Bench", text=f"Held {{n}}",
        email="held@mail.example", status="pending")
    read(story_url)  # the article is cached without the reply
    moderation.moderate(reply, "approve")
    approve.append(until_shown(story_url, f"Held {{n}}"))
print(json.dumps([publish, approve]))
"""


def visible_rows(server, count):
    publish, approve = json.loads(
        shell(server, VISIBLE.format(story=STORY, base=server.url, count=count))
    )
    return [
        (
            f"{label} to visible ({count} times)",
            "",
            percentile(times, 50),
            max(times),
            "max, not p99",
        )
        for label, times in (("publish", publish), ("approve a reply", approve))
    ]
