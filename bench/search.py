"""Reader search at each scale size (#13): queries, indexing, reindex."""

import json

from bench.common import percentile, shell
from broadsheet.server.tests.live import live_server

# The bench's queries (SEARCHES, in the server's shell): ~200 of eight kinds,
# with a section filter on one in four and newest-first on one in five.
SEARCHES = """
import random
from broadsheet.articles.models import Section
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
"""
# Reader search (#13): ~200 varied queries, each first fetched cold (a page
# cache miss: the engine, the rendering, everything; after a warm-up of the
# server's workers), then again hot (a hit);
# the engine alone timed in-process; indexing one article; a whole reindex.
SEARCH = (
    SEARCHES
    + """
import io, json, time, urllib.parse, urllib.request
from django.core.management import call_command
from broadsheet.articles.models import Article
from broadsheet.search.engines import Filters
from broadsheet.search.indexing import index_articles
from broadsheet.search.query import read_query
from broadsheet.search.results import find

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

# A server worker's first pages load its templates and open its database
# (100 ms or more): warm each worker first, on addresses no measure fetches,
# so that "cold" is a page-cache miss, not a process's first request.
for n, search in enumerate(searches[:20]):
    fetch(url(f"warm-{{n}}", *search))
cold = [fetch(url(n, *search)) for n, search in enumerate(searches)]
hot = [fetch(url(n, *search)) for n, search in enumerate(searches)]
assert {{cache for _, cache in cold}} == {{"MISS"}}, "cold"
engine = []
for words, section, order in searches[:20]:  # this process's first searches
    find(read_query(words), Filters(section_id=section and section[0]), order=order)
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
)
# The pages of the bench's queries, each once (a cache miss), from another
# process: their times in ms.
PAGES = (
    SEARCHES
    + """
import json, time, urllib.parse, urllib.request
times = []
for n, (words, section, order) in enumerate(searches[{start}:{stop}]):
    params = {{"q": words, "order": order, "n": "{tag}-" + str(n)}}
    if section:
        params["section"] = section[1]
    address = {base!r} + "/search/?" + urllib.parse.urlencode(params)
    started = time.perf_counter()
    with urllib.request.urlopen(address) as answer:
        answer.read()
    assert answer.headers["X-Cache"] == "MISS", answer.headers["X-Cache"]
    times.append((time.perf_counter() - started) * 1000)
print(json.dumps(times))
"""
)


def search_rows(work, sizes, count, limits):
    """Reader search at each number of articles (#13): queries, indexing, reindex."""
    rows, first = [], None
    for size in sizes:
        with live_server(work / f"search-{size}", workers=2, **limits) as server:
            generated_site(server, size)
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


def generated_site(server, size):
    """Fill a live server's site with `size` generated articles (no replies)."""
    server.manage(
        "generate-data", "--articles", str(size), "--replies", "0",
        "--verbosity", "0", timeout=3600,
    )  # fmt: skip


def page_times(server, tag, start, stop, count):
    """The times in ms of the results pages of the bench's queries start to
    stop (of `count`), each a cache miss (`tag` makes their addresses new)."""
    code = PAGES.format(count=count, start=start, stop=stop, tag=tag, base=server.url)
    return json.loads(shell(server, code))
