"""The CPU time and the statements of one reply post, in-process: figures the
machine's load does not inflate, unlike wrk's (bench/posting.py).

    .venv/bin/python bench/posting_cpu.py [--replies 10000] [--posts 200]
        [--database postgres] [--explain] [--misses 40] [--profile 30]

Sets up a site as the bench does (the demo, the harbour story with N replies,
replies approved at once when the page's script vouches for the reader), then
posts replies through the production WSGI application as wrk does (each from
a new reader and address, with the page's hidden fields and no script, so
each is held), and prints the median and
p90 of the process's CPU time per post and the statements of one post (with
--explain, their plans). With --misses, then times that many renders of the
article right after a reply changed; with --profile, prints cProfile's top
functions over that many more posts.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from wsgiref.util import setup_testing_defaults

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import STORY  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sort", default="cumulative", help="cProfile order")
    parser.add_argument(
        "--approved",
        action="store_true",
        help="post with the token the page's script fetches, so that each reply "
        "is approved (and purges the article) rather than held",
    )
    parser.add_argument(
        "--misses", type=int, default=0, help="then time this many article misses"
    )
    parser.add_argument(
        "--explain", action="store_true", help="the plan of each statement of a post"
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="broadsheet-posting-"))
    os.environ.update(
        DATA_DIR=str(work),
        REPLIES_MIN_FILL_SECONDS="0",
        TRUSTED_PROXY_COUNT="1",
        EMAIL_BACKEND="console",
        TWO_FACTOR_ROLES="",
        BROADSHEET_ADMIN_PASSWORD="pw-for-bench",
    )
    os.environ.pop("REDIS_URL", None)
    try:
        if args.database == "postgres":
            from broadsheet.server.tests.live import scratch_database

            os.environ.setdefault(
                "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            )
            with scratch_database(work) as url:
                os.environ["DATABASE_URL"] = url
                measure(args)
        else:
            os.environ.pop("DATABASE_URL", None)
            measure(args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    from bench.common import ADD_REPLIES
    from bench.long_thread import LONG_THREAD
    from broadsheet.wsgi import application

    call_command("setup", stdout=io.StringIO())
    # The two sites of bench/run.py: the 200-reply article on one page, or a
    # long thread paged by the default settings.
    snippet = ADD_REPLIES if args.replies <= 200 else LONG_THREAD
    exec(snippet.format(story=STORY, n=args.replies), {"print": lambda *a: None})
    close_old_connections()
    from broadsheet.articles.models import Article

    article = Article.objects.get(import_ref=STORY)
    page = call(application, "GET", article.get_absolute_url())[1]
    action = re.search(r'action="(/replies/post/\d+/)"', page).group(1)
    hidden = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    )
    if args.approved:
        shown = re.search(r'data-shown-url="([^"]+)"', page).group(1)
        hidden["started"] = json.loads(call(application, "GET", shown)[1])["started"]
    counter = iter(range(10**9))

    def post():
        n = next(counter)
        body = urllib.parse.urlencode(
            {
                **hidden,
                "name": f"Bench {n}",
                "email": f"bench{n}@mail.example",
                "comment": f"Bench reply {time.time_ns()}-{n}",
            }
        )
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        status, _ = call(application, "POST", action, body, address)
        assert status.startswith("302"), status

    for _ in range(10):
        post()
    times, walls = [], []
    for _ in range(args.posts):
        started, wall = time.process_time(), time.perf_counter()
        post()
        times.append((time.process_time() - started) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    with CaptureQueriesContext(connection) as queries:
        post()
    times.sort()
    print(
        f"{args.database}, {args.replies:,} replies: CPU per post over {args.posts} "
        f"posts: median {statistics.median(times):.2f} ms, "
        f"p90 {times[int(len(times) * 0.9)]:.2f} ms; wall median "
        f"{statistics.median(walls):.2f} ms (with the database server's work); "
        f"statements of one post: {len(queries)}"
    )
    for query in queries:
        print(f"  {query['time']}  {query['sql'][:160]}")
        if args.explain and query["sql"].startswith(("SELECT", "UPDATE")):
            explain = (
                "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            )
            with connection.cursor() as cursor:
                cursor.execute(explain + query["sql"])
                for row in cursor.fetchall():
                    print("      ", row[-1])
    if args.misses:
        misses(application, article, args)
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.profile):
            post()
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(45)
        print(out.getvalue())


def misses(application, article, args):
    """CPU time of rendering the article page right after a reply changed (as
    bench/misses.py does over HTTP), median and p90."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.caching.store import purge
    from broadsheet.replies.models import Reply

    reply = Reply.objects.filter(article=article).first()
    times = []
    for n in range(args.misses + 5):
        reply.save()  # a reply changed: the thread is rendered again
        purge([f"replies-{article.pk}"])
        started = time.process_time()
        status, _ = call(application, "GET", article.get_absolute_url())
        if n >= 5:  # after warming up
            times.append((time.process_time() - started) * 1000)
        assert status.startswith("200"), status
    reply.save()
    purge([f"replies-{article.pk}"])
    with CaptureQueriesContext(connection) as queries:
        call(application, "GET", article.get_absolute_url())
    times.sort()
    print(
        f"{args.database}, {args.replies:,} replies: CPU per miss after a reply "
        f"over {args.misses}: median {statistics.median(times):.2f} ms, "
        f"p90 {times[int(len(times) * 0.9)]:.2f} ms; statements: {len(queries)}"
    )


def call(application, method, path, body="", address="127.0.0.1"):
    """(status, body text) of one request through the WSGI application."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": address,
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(body.encode()),
        "CONTENT_LENGTH": str(len(body.encode())),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
    }
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    chunks = application(environ, start_response)
    try:
        text = b"".join(chunks).decode(errors="replace")
    finally:
        getattr(chunks, "close", lambda: None)()
    return answer["status"], text


if __name__ == "__main__":
    main()
