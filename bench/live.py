"""Live coverage: how soon a posted entry reaches a polling reader, and what
thousands of open pages polling the entries' JSON cost the server.

- Entry to visible: an entry is saved (as the admin saves it: the model's
  save, committed, purged) and the JSON a reader polls is read until it shows
  the entry; N times, p50 and p99.
- Polling readers: R readers each asking every S seconds is R/S requests a
  second, sent at that fixed rate over keep-alive connections while an editor
  posts an entry every 5 seconds (each post purges the JSON). The server's
  processes' CPU time over the run (from /proc: `broadsheet serve`, granian and
  its workers, the task worker) is printed as a share of one core.
"""

import http.client
import json
import os
import subprocess
import threading
import time
import urllib.parse
import urllib.request

from bench.common import STORY, percentile, shell
from broadsheet.server.tests.live import CLI

COVER = """
from broadsheet.articles.models import Article
from broadsheet.live.models import LiveCoverage
article = Article.objects.get(import_ref={story!r})
LiveCoverage.objects.get_or_create(article=article)
print(article.pk)
"""

VISIBLE = """
import json, time, urllib.request
from broadsheet.live.models import Entry, LiveCoverage

def shows(url, marker):
    return marker in urllib.request.urlopen(url).read().decode()

coverage = LiveCoverage.objects.get(pk={article})
times = []
for n in range({count}):
    marker = f"Bench entry {{n}} {{time.time_ns()}}"
    shows({url!r}, marker)  # the JSON is cached without the new entry
    start = time.perf_counter()
    Entry.objects.create(coverage=coverage, text=marker)  # committed and purged
    while not shows({url!r}, marker):
        if time.perf_counter() - start > 10:
            break
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps(times))
"""

KEEP_POSTING = """
import time
from broadsheet.live.models import Entry, LiveCoverage
coverage = LiveCoverage.objects.get(pk={article})
for n in range({count}):
    time.sleep(5)
    Entry.objects.create(coverage=coverage, text=f"Posted under load, {{n}}.")
"""


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and every descendant, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        # After the name: state ppid ... utime (field 14) stime (15), 1-based.
        children.setdefault(int(fields[1]), []).append(int(entry))
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += times.get(current, 0.0)
        todo += children.get(current, [])
    return total


def poll_at_rate(url, rate, seconds, threads=8):
    """GET url `rate` times a second for `seconds`; return (latencies ms, errors)."""
    parts = urllib.parse.urlsplit(url)
    latencies, errors = [], []
    start = time.perf_counter() + 0.2

    def reader(offset):
        connection = http.client.HTTPConnection(parts.hostname, parts.port)
        due = start + offset / rate
        while due < start + seconds:
            time.sleep(max(0.0, due - time.perf_counter()))
            began = time.perf_counter()
            try:
                connection.request("GET", parts.path)
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    errors.append(answer.status)
            except OSError as error:
                errors.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port)
            latencies.append((time.perf_counter() - began) * 1000)
            due += threads / rate
        connection.close()

    workers = [threading.Thread(target=reader, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, errors


def live_rows(server, posts, readers, every, seconds):
    """The table's rows and a note for the live-coverage figures."""
    article = int(shell(server, COVER.format(story=STORY)).strip())
    url = f"{server.url}/live/{article}/entries.json"
    times = json.loads(
        shell(server, VISIBLE.format(article=article, url=url, count=posts))
    )
    rate = readers / every
    urllib.request.urlopen(url).read()  # cached before the clock starts
    poster = subprocess.Popen(
        [
            *CLI,
            "shell",
            "--no-imports",
            "-c",
            KEEP_POSTING.format(article=article, count=max(1, seconds // 5)),
        ],
        env=server.env,
        stdout=subprocess.DEVNULL,
    )
    before, began = cpu_seconds(server.process.pid), time.perf_counter()
    latencies, errors = poll_at_rate(url, rate, seconds)
    used = cpu_seconds(server.process.pid) - before
    wall = time.perf_counter() - began
    poster.wait(timeout=60)
    share = 100 * used / wall
    rows = [
        (
            f"live entry to visible in its JSON ({posts} times)",
            "",
            percentile(times, 50),
            percentile(times, 99),
            "OK: p99 < 2 s" if percentile(times, 99) < 2000 else "OVER 2 s",
        ),
        (
            f"live JSON, {readers:,} readers every {every} s",
            len(latencies) / wall,
            percentile(latencies, 50),
            percentile(latencies, 99),
            f"{share:.1f}% of a core",
        ),
    ]
    note = (
        f"live polling: {len(latencies):,} requests in {wall:.1f} s at a fixed "
        f"{rate:,.0f}/s, an entry posted every 5 s; server CPU {used:.2f} s = "
        f"{share:.1f}% of one core ({'OK: under 20%' if share < 20 else 'OVER 20%'})"
        + (f"; {len(errors)} errors: {errors[:3]}" if errors else "")
    )
    if errors:
        note = "MISMATCH " + note
    return rows, note
