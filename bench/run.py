"""Broadsheet's benchmark: `make bench`. Starts its own servers on loopback,
measures, prints a table of medians with ratios to nginx serving the same
bytes in the same run, and stops everything.

Needs wrk and nginx (Debian packages; `make bench` installs them as root).
The machine is shared and noisy: read the medians and the ratios, not one run.
With --database postgres every site gets a fresh database on the PostgreSQL
server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from broadsheet.server.tests.live import free_port, live_server  # noqa: E402

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
policy.save()
print(article.get_absolute_url())
"""

MISSES = """
import json, time, urllib.request
from broadsheet.articles.models import Article
from broadsheet.caching.store import purge
from broadsheet.replies.models import Reply
article = Article.objects.get(import_ref={story!r})
key = {key!r}.format(pk=article.pk)
reply = Reply.objects.filter(article=article).first()
times = []
for _ in range({count}):
    if key.startswith("replies-"):
        reply.save()  # a reply changed: the whole thread is rendered again
    purge([key])  # what an edit of the article, or a publication, does
    start = time.perf_counter()
    with urllib.request.urlopen({url!r}) as answer:
        answer.read()
    times.append((time.perf_counter() - start) * 1000)
    assert answer.headers["X-Cache"] == "MISS", answer.headers["X-Cache"]
print(json.dumps(times))
"""

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

SUBSCRIBE = """
from django.utils import timezone
from broadsheet.articles.models import Article
from broadsheet.replies.models import Reply, Subscription
article = Article.objects.get(import_ref={story!r})
Subscription.objects.bulk_create([Subscription(article=article,
    email=f"subscriber{{n}}@mail.example", confirmed_at=timezone.now())
    for n in range({subscribers})])
held = Reply.objects.bulk_create([Reply(article=article, name="Bench",
    email=f"held{{n}}@mail.example", text=f"Held reply {{n}}", status="pending")
    for n in range({approvals})])
warm = Reply.objects.create(article=Article.objects.exclude(pk=article.pk)[0],
    name="Bench", email="warm@mail.example", text="Warm-up", status="pending")
print(warm.pk, ",".join(str(reply.pk) for reply in held))
"""

NGINX_CONF = """
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  server {{
    listen 127.0.0.1:{port};
    root {root}/www;
{locations}
  }}
}}
"""


# Reader search (#13): ~200 varied queries, each first fetched cold (a page
# cache miss: the engine, the rendering, everything), then again hot (a hit);
# the engine alone timed in-process; indexing one article; a whole reindex.
SEARCH = """
import io, json, random, time, urllib.parse, urllib.request
from django.core.management import call_command
from broadsheet.articles.models import Article, Section
from broadsheet.search.engines import Filters
from broadsheet.search.indexing import index_articles
from broadsheet.search.query import read_query
from broadsheet.search.results import find
from broadsheet.server.generated_text import PEOPLE, PLACES, TOPICS, VOCABULARY

rng = random.Random(13)
sections = list(Section.objects.values_list("pk", "slug"))
kinds = [
    lambda: rng.choice(VOCABULARY[:5]),  # in most articles
    lambda: rng.choice(VOCABULARY[-30:]),  # in few
    lambda: rng.choice(PEOPLE).split()[-1],
    lambda: '"' + rng.choice(TOPICS) + '"',
    lambda: rng.choice(PLACES) + " " + rng.choice(TOPICS).split()[0],
    lambda: rng.choice(TOPICS).split()[0][:5] + "*",
    lambda: rng.choice(TOPICS).split()[0] + " -" + rng.choice(PLACES),
    lambda: "zeppelin" + str(rng.randrange(10**6)),  # no match
]
searches = []
for n in range({count}):
    words, section = rng.choice(kinds)(), rng.choice(sections + [None] * 3)
    searches.append((words, section, "newest" if n % 5 == 4 else "relevance"))

def url(n, words, section, order):
    params = {{"q": words, "order": order, "n": n}}
    if section:
        params["section"] = section[1]
    return {base!r} + "/search/?" + urllib.parse.urlencode(params)

def fetch(address):
    start = time.perf_counter()
    with urllib.request.urlopen(address) as answer:
        answer.read()
    return (time.perf_counter() - start) * 1000, answer.headers["X-Cache"]

cold = [fetch(url(n, *search)) for n, search in enumerate(searches)]
hot = [fetch(url(n, *search)) for n, search in enumerate(searches)]
assert {{cache for _, cache in cold}} == {{"MISS"}}, "cold"
engine = []
for words, section, order in searches:
    start = time.perf_counter()
    find(read_query(words), Filters(section_id=section and section[0]), order=order)
    engine.append((time.perf_counter() - start) * 1000)
indexing = []
for pk in Article.objects.values_list("pk", flat=True)[:100]:
    start = time.perf_counter()
    index_articles([pk])
    indexing.append((time.perf_counter() - start) * 1000)
start = time.perf_counter()
call_command("reindex", stdout=io.StringIO())
reindex = time.perf_counter() - start
print(json.dumps({{"cold": [t for t, _ in cold], "hot": [t for t, _ in hot],
    "engine": engine, "indexing": indexing, "reindex": reindex}}))
"""


def wrk(url, seconds, connections=16, script=None, script_args=()):
    """(wrk's output, requests/s, p50 ms, p99 ms) from one run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
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


def rate_of(url, args):
    """Medians of requests/s, p50 and p99 over args.runs wrk runs."""
    results = [wrk(url, args.seconds)[1:] for _ in range(args.runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


# Hop-by-hop headers belong to one connection (urllib asks for `close`),
# Date and Server every server adds itself.
NOT_COPIED = {"connection", "keep-alive", "transfer-encoding", "date", "server"}
# nginx makes these from the file (and Content-Type from default_type).
OWN_HEADERS = NOT_COPIED | {"etag", "last-modified", "content-type", "content-length"}


def start_nginx(pages: dict, root: Path):
    """Serve each page's bytes as a file, with the headers Broadsheet sent;
    return {name: url} and nginx's pid file."""
    (root / "www").mkdir(parents=True)
    # nginx's workers run as an unprivileged user: they must be able to read it.
    for folder in (root.parent, root, root / "www"):
        folder.chmod(0o755)
    port = free_port()
    locations = []
    for name, (body, headers) in pages.items():
        (root / "www" / f"{name}.html").write_bytes(body)
        added = "".join(
            f"add_header {header} {json.dumps(value)}; "
            for header, value in headers
            if header.lower() not in OWN_HEADERS
        )
        locations.append(
            f'    location = /{name}.html {{ default_type "text/html; charset=utf-8"; '
            f"{added}}}"
        )
    (root / "nginx.conf").write_text(
        NGINX_CONF.format(root=root, port=port, locations="\n".join(locations))
    )
    subprocess.run(["nginx", "-c", str(root / "nginx.conf")], check=True)
    urls = {name: f"http://127.0.0.1:{port}/{name}.html" for name in pages}
    return urls, root / "nginx.pid"


@contextlib.contextmanager
def bare_wsgi(page: Path, headers, threads):
    """granian serving a page's bytes and headers from a bare WSGI callable
    (bench/bare_app.py)."""
    port = free_port()
    granian = Path(sys.executable).with_name("granian")
    process = subprocess.Popen(
        [granian, "--interface", "wsgi", "--port", str(port), "--workers", "2"]
        + ["--blocking-threads", str(threads), "--no-ws", "bare_app:application"],
        cwd=HERE,
        env={
            **os.environ,
            "BENCH_PAGE": str(page),
            "BENCH_HEADERS": json.dumps(
                [(n, v) for n, v in headers if n.lower() not in NOT_COPIED]
            ),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                urllib.request.urlopen(url).read()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


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


def misses(server, path, key, count):
    """p50 and p99 of `count` renders over HTTP, each right after a purge of key."""
    times = json.loads(
        shell(
            server,
            MISSES.format(key=key, story=STORY, count=count, url=server.url + path),
        )
    )
    return percentile(times, 50), percentile(times, 99)


def post_replies(server, story, seconds):
    """Replies/s, p50, p99 and the acknowledged count, from wrk's 16 connections."""
    page = urllib.request.urlopen(server.url + story).read().decode()
    action = re.search(r'action="(/replies/post/\d+/)"', page).group(1)
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    out, _, p50, p99 = wrk(
        server.url + action,
        seconds,
        script=HERE / "post_replies.lua",
        script_args=[action, urllib.parse.urlencode(hidden), str(time.time_ns())],
    )
    ids = re.search(r"acknowledged ([\d?,]*)", out).group(1).strip(",").split(",")
    return len(ids) / seconds, p50, p99, ids


def check_stored(server, acknowledged, work):
    """A line saying whether every acknowledged reply is stored, and once only."""
    (work / "acknowledged.json").write_text(json.dumps(acknowledged))
    stored, found, distinct = json.loads(
        shell(
            server,
            "import json; from broadsheet.replies.models import Reply\n"
            f"ids = json.load(open({str(work / 'acknowledged.json')!r}))\n"
            "bench = Reply.objects.filter(text__startswith='Bench reply ')\n"
            "print(json.dumps([bench.count(), bench.filter(pk__in=[int(i) for i in"
            " ids if i.isdigit()]).count(), bench.values('text').distinct().count()]))",
        )
    )
    line = (
        f"replies acknowledged (302): {len(acknowledged)}, of them stored: {found}; "
        f"bench replies stored: {stored}, with distinct texts: {distinct} "
        "(a reply in flight when wrk stopped is stored but not acknowledged)"
    )
    if not len(set(acknowledged)) == len(acknowledged) == found or stored != distinct:
        line = "MISMATCH: " + line
    return line


def scale_run(work, size, replies_each, renders, limits):
    """Miss renders of the 200-reply article and the front page, `size` articles."""
    with live_server(work / f"scale-{size}", workers=2, **limits) as server:
        server.manage(
            "generate-data",
            "--articles",
            str(size),
            "--replies",
            str(size * replies_each),
            "--verbosity",
            "0",
            timeout=1800,
        )
        story = shell(server, ADD_REPLIES.format(story=STORY, n=200)).strip()
        article = misses(server, story, "article-{pk}", renders)
        front = misses(server, "/", "listings", renders)
    return article, front


def search_rows(work, sizes, count, limits):
    """Reader search at each number of articles (#13): queries, indexing, reindex."""
    rows, first = [], None
    for size in sizes:
        with live_server(work / f"search-{size}", workers=2, **limits) as server:
            server.manage(
                "generate-data", "--articles", str(size), "--replies", "0",
                "--verbosity", "0", timeout=3600,
            )  # fmt: skip
            found = json.loads(
                shell(server, SEARCH.format(count=count, base=server.url))
            )
        cold = percentile(found["cold"], 50), percentile(found["cold"], 99)
        first = first or cold
        for label, times in (
            (f"search page miss, {size:,} articles ({count})", found["cold"]),
            (f"search page hit, {size:,} articles", found["hot"]),
            (f"search engine alone, {size:,} articles", found["engine"]),
            (f"index one article, {size:,} articles", found["indexing"]),
        ):
            p50, p99 = percentile(times, 50), percentile(times, 99)
            note = f"{p50 / first[0]:.2f}x" if times is found["cold"] else ""
            rows.append((label, "", p50, p99, note))
        rows.append(
            (f"reindex, {size:,} articles", "", found["reindex"] * 1000, 0, "ms total")
        )
    return rows


WORDPRESS_TARGETS = {"seconds": 120, "rss_mb": 300}


def wordpress_import(work, posts, comments):
    """Import a synthetic WXR export of `posts` posts and `comments` threaded
    comments into an empty site: (seconds, CPU seconds, items/s, peak RSS MB)."""
    from broadsheet.server.tests.live import scratch_database

    broadsheet = str(Path(sys.executable).with_name("broadsheet"))
    export = work / "wordpress.xml"
    subprocess.run(
        [broadsheet, "generate-wordpress-export", str(export),
         "--posts", str(posts), "--comments", str(comments)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with scratch_database(work) as database_url:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["DATA_DIR"] = str(work / "wordpress-site")
        if database_url:
            env["DATABASE_URL"] = database_url
        subprocess.run([broadsheet, "migrate", "-v0"], env=env, check=True)
        started = time.monotonic()
        process = subprocess.Popen(
            [broadsheet, "import-wordpress", str(export),
             "--report", str(work / "wordpress-report.txt")],
            env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
    if status != 0:
        sys.exit(f"bench: import-wordpress failed with status {status}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, (posts + comments) / seconds, usage.ru_maxrss / 1024


def wordpress_rows(work, sizes):
    rows = []
    for posts, comments in sizes:
        seconds, cpu, rate, rss = wordpress_import(work, posts, comments)
        met = (
            seconds < WORDPRESS_TARGETS["seconds"] and rss < WORDPRESS_TARGETS["rss_mb"]
        )
        rows.append(
            f"| {posts:>7,} posts + {comments:>9,} comments | {seconds:8.1f} s "
            f"| {cpu:8.1f} s | {rate:8,.0f}/s | {rss:7.0f} MB | "
            f"{'met' if met else 'MISSED'} |"
        )
    return rows


def print_wordpress_table(args, rows):
    print(
        f"\nWordPress import ({args.database}, {os.cpu_count()} CPUs; targets under "
        f"{WORDPRESS_TARGETS['seconds']} s and {WORDPRESS_TARGETS['rss_mb']} MB)\n"
    )
    print("| export | wall | CPU | items/s | peak RSS | targets |")
    print("|---|---:|---:|---:|---:|---|")
    for row in rows:
        print(row)


def main():
    parser = argparse.ArgumentParser(
        description=" ".join(__doc__.split("\n\n")[0].split()),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per wrk measure")
    parser.add_argument("--seconds", type=int, default=5, help="length of a wrk run")
    parser.add_argument("--renders", type=int, default=200, help="cache-miss renders")
    parser.add_argument(
        "--post-seconds", type=int, default=10, help="seconds of reply posting"
    )
    parser.add_argument(
        "--visible", type=int, default=20, help="publish and approve runs"
    )
    parser.add_argument(
        "--scale",
        default="1000,100000",
        help="article counts for the scale run, comma-separated ('' to skip)",
    )
    parser.add_argument(
        "--scale-replies", type=int, default=10, help="replies per generated article"
    )
    parser.add_argument(
        "--subscribers", type=int, default=1000, help="subscribers told of a reply"
    )
    parser.add_argument(
        "--approvals", type=int, default=10, help="approvals timed with subscribers"
    )
    parser.add_argument(
        "--only",
        choices=["subscribers"],
        help="run one measure alone (the mail queue: approve with subscribers)",
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--search-queries", type=int, default=200, help="queries per search size"
    )
    parser.add_argument(
        "--only-search",
        action="store_true",
        help="run only the search measure (at the --scale sizes)",
    )
    parser.add_argument(
        "--wordpress",
        default="10000:200000",
        help="posts:comments of each synthetic WordPress export to import, "
        "comma-separated ('' to skip)",
    )
    parser.add_argument(
        "--wordpress-only",
        action="store_true",
        help="only the WordPress import (needs neither wrk nor nginx)",
    )
    args = parser.parse_args()
    wordpress_sizes = [
        tuple(int(n) for n in size.split(":"))
        for size in args.wordpress.split(",")
        if size
    ]
    if args.wordpress_only:
        if args.database == "postgres":
            os.environ.setdefault(
                "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            )
        else:
            os.environ.pop("DATABASE_URL", None)
        work = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
        try:
            print_wordpress_table(args, wordpress_rows(work, wordpress_sizes))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    for tool in () if args.only_search else ("wrk", "nginx"):
        if not shutil.which(tool) and not args.only:
            sys.exit(
                f"bench: {tool} is not installed (apt-get install wrk nginx-light)"
            )
    os.environ.pop("REDIS_URL", None)
    if args.database == "postgres":
        os.environ.setdefault(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
        )
    else:
        os.environ.pop("DATABASE_URL", None)

    work = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
    # The production limits, but for the fill time (the bench types fast) and
    # one proxy in front, so each bench reader has an address of its own.
    limits = {
        "REPLIES_MIN_FILL_SECONDS": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "console",
    }
    rows, notes = [], []
    sizes = [int(n) for n in args.scale.split(",") if n]
    try:
        if args.only_search:
            rows += search_rows(work, sizes, args.search_queries, limits)
            return print_table(args, rows, notes)
        mail_rows, note = approve_with_subscribers_rows(
            work, args.subscribers, args.approvals
        )
        rows += mail_rows
        notes.append(note)
        if args.only:
            print_table(args, rows, notes)
            sys.exit(1 if note.startswith("MISMATCH") else 0)
        with live_server(work / "site", workers=2, **limits) as server:
            story = shell(server, ADD_REPLIES.format(story=STORY, n=200)).strip()
            rows += hot_rows(server, story, args, work)
            rows += miss_rows(server, story, args.renders)
            rows += visible_rows(server, args.visible)
            posting, acknowledged = posting_row(server, story, args.post_seconds)
            rows.append(posting)
            notes.append(check_stored(server, acknowledged, work))
        wordpress = wordpress_rows(work, wordpress_sizes)
        if sizes:
            rows += scale_rows(work, sizes, args, limits)
            rows += search_rows(work, sizes, args.search_queries, limits)
            notes.append(
                f"scale sets: N articles with {args.scale_replies} replies each "
                f"(largest: {sizes[-1] * args.scale_replies:,} replies) plus the "
                f"200-reply article; ratios against {sizes[0]:,} articles; "
                f"{args.renders // 2} renders each"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print_table(args, rows, notes)
    if wordpress:
        print_wordpress_table(args, wordpress)
    if any(note.startswith("MISMATCH") for note in notes):
        sys.exit(1)


def hot_rows(server, story, args, work):
    """Each page hot, beside nginx and a bare WSGI callable serving its bytes."""
    pages = {
        name: page_and_headers(server.url + path)
        for name, path in (("article", story), ("front", "/"))
    }
    static, pid_file = start_nginx(pages, work / "nginx")
    rows = []
    try:
        for name, label, path in (
            ("article", "article, 200 replies, hot", story),
            ("front", "front page, hot", "/"),
        ):
            body, headers = pages[name]
            with bare_wsgi(work / "nginx" / "www" / f"{name}.html", headers, 2) as bare:
                floor = rate_of(bare, args)
            nginx, ours = rate_of(static[name], args), rate_of(server.url + path, args)
            kb = len(body) / 1024
            rows += [
                (f"nginx, the same {name} bytes ({kb:.0f} KB)", *nginx, ""),
                ("bare WSGI callable, same bytes", *floor, "granian's bound"),
                (label, *ours, f"{ours[0] / nginx[0]:.0%} of nginx"),
            ]
    finally:
        subprocess.run(["kill", pid_file.read_text().strip()], check=False)
    return rows


def miss_rows(server, story, renders):
    return [
        (
            f"article miss after an edit ({renders})",
            "",
            *misses(server, story, "article-{pk}", renders),
            "",
        ),
        (
            f"article miss after a reply ({renders})",
            "",
            *misses(server, story, "replies-{pk}", renders),
            "",
        ),
        (
            f"front page, cache miss ({renders} renders)",
            "",
            *misses(server, "/", "listings", renders),
            "",
        ),
    ]


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


def approve_with_subscribers_rows(work, subscribers, approvals):
    """Approve held replies on an article with `subscribers` confirmed subscribers
    through the admin; time each answer, then count the mail the worker sends
    to a real SMTP server on loopback."""
    from broadsheet.background.tests.mailserver import MailServer
    from broadsheet.server.tests.live import Browser

    mail = MailServer()
    mail.start()
    env = {"EMAIL_BACKEND": "smtp", "EMAIL_HOST": "127.0.0.1"}
    env["EMAIL_PORT"] = str(mail.port)
    try:
        with live_server(work / "mail", workers=2, **env) as server:
            warm, ids = shell(
                server,
                SUBSCRIBE.format(
                    story=STORY, subscribers=subscribers, approvals=approvals
                ),
            ).split()
            desk = Browser.signed_in(server.url)
            times = []
            # The first approval compiles templates and opens connections.
            desk.post(
                f"/admin/replies/reply/{warm}/moderate/approve/",
                {"csrfmiddlewaretoken": desk.csrf()},
            )
            for reply_id in ids.split(","):
                start = time.perf_counter()
                answer = desk.post(
                    f"/admin/replies/reply/{reply_id}/moderate/approve/",
                    {"csrfmiddlewaretoken": desk.csrf()},
                )
                times.append((time.perf_counter() - start) * 1000)
                assert answer.status == 302, answer.status
            expected = subscribers * approvals
            started = time.perf_counter()
            while len(mail.mailbox.messages) < expected:
                if time.perf_counter() - started > 1800:
                    break
                time.sleep(0.5)
            drained = time.perf_counter() - started
    finally:
        mail.stop()
    sent = len(mail.mailbox.messages)
    distinct = len(set(mail.mailbox.recipients()))
    note = (
        f"approvals on an article with {subscribers:,} subscribers: {approvals}; "
        f"messages expected {expected:,}, received {sent:,} "
        f"({distinct:,} distinct recipients), the worker took {drained:.0f} s"
    )
    if sent != expected or distinct != subscribers:
        note = "MISMATCH: " + note
    row = (
        f"approve a reply, {subscribers:,} subscribers",
        "",
        percentile(times, 50),
        percentile(times, 99),
        f"{approvals} approvals",
    )
    return [row], note


def posting_row(server, story, seconds):
    per_second, p50, p99, acknowledged = post_replies(server, story, seconds)
    row = (
        f"reply posting, 16 connections, {seconds} s",
        per_second,
        p50,
        p99,
        "replies/s",
    )
    return row, acknowledged


def scale_rows(work, sizes, args, limits):
    """The same misses with each number of articles, and the ratio to the first."""
    results = {
        n: scale_run(work, n, args.scale_replies, args.renders // 2, limits)
        for n in sizes
    }
    first_article, first_front = results[sizes[0]]
    rows = []
    for n, (article, front) in results.items():
        rows.append(
            (
                f"article miss, {n:,} articles",
                "",
                *article,
                f"{article[0] / first_article[0]:.2f}x",
            )
        )
        rows.append(
            (
                f"front page miss, {n:,} articles",
                "",
                *front,
                f"{front[0] / first_front[0]:.2f}x",
            )
        )
    return rows


def print_table(args, rows, notes):
    print(
        f"\nBroadsheet benchmark: {args.database}, {os.cpu_count()} CPUs, "
        f"medians of {args.runs} wrk runs of {args.seconds} s\n"
    )
    print(_row("measure", "req/s", "p50 ms", "p99 ms", "note"))
    print(f"|{'-' * 48}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 16}|")
    for name, rate, p50, p99, note in rows:
        rate = f"{rate:,.0f}" if rate != "" else ""
        print(_row(name, rate, f"{p50:.2f}", f"{p99:.2f}", note))
    print()
    for note in notes:
        print(note)


def _row(name, rate, p50, p99, note):
    return f"| {name:<46} | {rate:>8} | {p50:>7} | {p99:>7} | {note:<14} |"


if __name__ == "__main__":
    main()
