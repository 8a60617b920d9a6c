"""An article with 10,000 replies, its thread paged as the site's default
discussion settings page it: hot, a miss after a reply, and posting into it,
with the same targets as the 200-reply article, and the page's size."""

import urllib.request

from bench.common import STORY, rate_of, shell
from bench.misses import misses
from bench.posting import check_stored, posting_row
from broadsheet.server.tests.live import live_server

LONG_THREAD = """
from broadsheet.articles.models import Article
from broadsheet.replies.models import Discussion, DiscussionSettings, Reply
article = Article.objects.get(import_ref={story!r})
Reply.objects.bulk_create([Reply(article=article, name=f"Reader {{n}}",
    email=f"r{{n}}@mail.example", text=f"Reply number {{n}}, with a few words in it.",
    status="approved", text_html=f"<p>Reply number {{n}}, with a few words in it.</p>")
    for n in range({n})], batch_size=2000)
Discussion.recount(article.pk)
from django.db import connection
if connection.vendor == "postgresql":
    # What autovacuum does after a bulk load (this machine's server runs
    # without it): the planner's statistics of the new thread.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE replies_reply")
policy = DiscussionSettings.current()
policy.moderation = policy.Moderation.AUTO_APPROVE  # bench readers post at once
policy.save()  # and its thread paged as a new site pages it
print(article.get_absolute_url(), policy.replies_per_page, policy.reply_order)
"""


def long_thread_rows(work, args, limits, replies=10_000):
    with live_server(work / "long-thread", workers=2, **limits) as server:
        story, per_page, order = shell(
            server, LONG_THREAD.format(story=STORY, n=replies)
        ).split()
        with urllib.request.urlopen(server.url + story) as answer:
            kb = len(answer.read()) / 1024
        hot = rate_of(server.url + story, args)
        miss = misses(server, story, "replies-{pk}", args.renders)
        posting, acknowledged = posting_row(server, story, args.post_seconds)
        note = check_stored(server, acknowledged, work)
    name = f"{replies:,} replies"
    return [
        (f"article, {name}, page 1 ({kb:.0f} KB)", *hot, f"{per_page}/page, {order}"),
        (f"article, {name}, miss after a reply", "", *miss, ""),
        (f"{posting[0]} ({name})", *posting[1:]),
    ], note
