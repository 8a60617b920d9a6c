"""Reader search profiled in-process (#13): the bench's queries against an
existing site, without HTTP, with the CPU time of each stage.

    DATA_DIR=site [DATABASE_URL=…] python -m bench.search_profile [COUNT]

Prints p50 / p99 of CPU and wall time per query for the whole results page
(Django's test client: middleware, view, template), `find()` (the engine, the
articles, the snippets) and the engine's search alone. CPU time is what a
shared machine's load inflates least: compare two versions of the code on the
same site by alternating runs. Make the site once with `broadsheet setup` and
`broadsheet generate-data --articles 100000 --replies 0`.
"""

import os
import random
import sys
import time
import urllib.parse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import percentile  # noqa: E402
from broadsheet.articles.models import Section  # noqa: E402
from broadsheet.search.engines import Filters, engine  # noqa: E402
from broadsheet.search.query import read_query  # noqa: E402
from broadsheet.search.results import find  # noqa: E402
from broadsheet.server.generated_text import (  # noqa: E402
    PEOPLE,
    PLACES,
    TOPICS,
    VOCABULARY,
)


def searches(count):
    """The queries of bench/search.py (same kinds, same seed)."""
    rng = random.Random(13)
    sections = list(Section.objects.values_list("pk", "slug"))
    kinds = [
        lambda: rng.choice(VOCABULARY[:5]),
        lambda: rng.choice(VOCABULARY[-30:]),
        lambda: rng.choice(PEOPLE).split()[-1],
        lambda: '"' + rng.choice(TOPICS) + '"',
        lambda: rng.choice(PLACES) + " " + rng.choice(TOPICS).split()[0],
        lambda: rng.choice(TOPICS).split()[0][:5] + "*",
        lambda: rng.choice(TOPICS).split()[0] + " -" + rng.choice(PLACES),
        lambda: "zeppelin" + str(rng.randrange(10**6)),
    ]
    found = []
    for n in range(count):
        words, section = rng.choice(kinds)(), rng.choice(sections + [None] * 3)
        found.append((words, section, "newest" if n % 5 == 4 else "relevance"))
    return found


def main(count):
    client = Client(HTTP_HOST="127.0.0.1")
    index, now = engine(), timezone.now()

    def page(words, section, order):
        params = {
            "q": words,
            "order": order,
            **({"section": section[1]} if section else {}),
        }
        assert (
            client.get("/search/?" + urllib.parse.urlencode(params)).status_code == 200
        )

    def whole(words, section, order):
        find(read_query(words), Filters(section_id=section and section[0]), order=order)

    def alone(words, section, order):
        filters = Filters(section_id=section and section[0])
        index.search(
            read_query(words), filters, order=order, offset=0, limit=11, now=now
        )

    queries = searches(count)
    for query in queries[:20]:  # templates loaded, connection open
        page(*query)
    for name, stage in (("page", page), ("find", whole), ("search", alone)):
        cpu, wall = [], []
        for query in queries:
            started, used = time.perf_counter(), time.process_time()
            stage(*query)
            cpu.append((time.process_time() - used) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        cpu50, cpu99 = percentile(cpu, 50), percentile(cpu, 99)
        wall50, wall99 = percentile(wall, 50), percentile(wall, 99)
        print(
            f"{name:7s} cpu p50 {cpu50:6.2f} p99 {cpu99:6.2f}"
            f" | wall p50 {wall50:6.2f} p99 {wall99:6.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
