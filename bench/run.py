"""Broadsheet's benchmark: `make bench`. Starts its own servers on loopback,
measures, prints a table of medians with ratios to nginx serving the same
bytes in the same run, and stops everything.

Needs wrk and nginx (Debian packages; `make bench` installs them as root).
The machine is shared and noisy: read the medians and the ratios, not one run.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from broadsheet.server.tests.live import free_port, live_server, opener  # noqa: E402

ADD_REPLIES = """
from broadsheet.articles.models import Article
from broadsheet.replies.models import Reply
from broadsheet.replies.moderation import refresh_reply_count
article = Article.objects.get(import_ref="demo:harbour-bridge.md")
Reply.objects.bulk_create([Reply(article=article, name=f"Reader {n}",
    email=f"r{n}@mail.example", text=f"Reply number {n}, with a few words in it.",
    status="approved", text_html=f"<p>Reply number {n}, with a few words in it.</p>")
    for n in range({n})])
refresh_reply_count(article.pk)
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
    location / {{ default_type text/html; }}
  }}
}}
"""


def wrk(url, seconds, connections=16, header=None):
    """Requests/s and p50/p99 latency in ms from one wrk run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"bench: {url} did not answer every request with 2xx:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, _latency(out, "50%"), _latency(out, "99%")


def _latency(out, label):
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def median_of(runs, measure):
    results = [measure() for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def nginx_for(body: bytes, root: Path):
    (root / "www").mkdir(parents=True)
    # nginx's workers run as an unprivileged user: they must be able to read it.
    for folder in (root.parent, root, root / "www"):
        folder.chmod(0o755)
    (root / "www" / "article.html").write_bytes(body)
    port = free_port()
    (root / "nginx.conf").write_text(NGINX_CONF.format(root=root, port=port))
    subprocess.run(["nginx", "-c", str(root / "nginx.conf")], check=True)
    return f"http://127.0.0.1:{port}/article.html", root / "nginx.pid"


def render_times(url, count):
    """Cache-miss renders: a staff-session cookie sends every request to Django."""
    times = []
    for _ in range(count):
        request = urllib.request.Request(url, headers={"Cookie": "sessionid=bench"})
        start = time.perf_counter()
        urllib.request.urlopen(request).read()
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 50), percentile(times, 99)


def post_replies(server, story, clients, seconds):
    page = urllib.request.urlopen(server.url + story).read().decode()
    action = re.search(r'action="(/replies/post/\d+/)"', page).group(1)
    hidden = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
    )
    deadline = time.monotonic() + seconds

    def client(number):
        acknowledged, latencies, n = [], [], 0
        while time.monotonic() < deadline:
            text = f"Bench client {number} reply {n}"
            body = urllib.parse.urlencode(
                {
                    **hidden,
                    "comment": text,
                    "name": f"B{number}",
                    "email": f"b{number}-{n}@mail.example",
                }
            ).encode()
            start = time.perf_counter()
            try:
                opener().open(server.url + action, body)
            except urllib.error.HTTPError as answer:
                if answer.code == 302:
                    acknowledged.append(text)
            latencies.append((time.perf_counter() - start) * 1000)
            n += 1
        return acknowledged, latencies

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    acknowledged = [t for a, _ in results for t in a]
    latencies = [x for _, lat in results for x in lat]
    stored = server.manage(
        "shell",
        "--no-imports",
        "-c",
        "from broadsheet.replies.models import Reply; print(Reply.objects"
        ".filter(name__startswith='B', text__startswith='Bench').count())",
    )
    return acknowledged, latencies, int(stored)


def row(name, rps, p50, p99, ratio):
    return f"| {name:<44} | {rps:>9} | {p50:>7} | {p99:>7} | {ratio:>8} |"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per load test (median)"
    )
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument(
        "--replies", type=int, default=200, help="replies on the article"
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(
                f"bench: {tool} is not installed (apt-get install wrk nginx-light)"
            )

    work = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
    limits = {
        "REPLIES_MIN_FILL_SECONDS": "0",
        "REPLIES_FLOOD_SECONDS": "0",
        "REPLIES_RATE_LIMIT": "100000",
        "EMAIL_BACKEND": "console",
    }
    with live_server(work / "site", workers=2, **limits) as server:
        server.manage("shell", "--no-imports", "-c", ADD_REPLIES.format(n=args.replies))
        front = urllib.request.urlopen(server.url + "/").read().decode()
        story = re.search(
            r'href="(/\d{4}/\d\d/\d\d/harbour-bridge[^"]*)"', front
        ).group(1)
        article_bytes = urllib.request.urlopen(server.url + story).read()
        static_url, pid_file = nginx_for(article_bytes, work / "nginx")
        try:
            rows = []
            nginx = median_of(args.runs, lambda: wrk(static_url, args.seconds))
            rows.append(("nginx, the same article bytes as a file", *nginx, 1.0))
            for name, path in (
                ("article, 200 replies, hot", story),
                ("front page, hot", "/"),
            ):
                urllib.request.urlopen(server.url + path).read()
                result = median_of(
                    args.runs, lambda p=path: wrk(server.url + p, args.seconds)
                )
                rows.append((name, *result, result[0] / nginx[0]))
            p50, p99 = render_times(server.url + story, 200)
            acknowledged, latencies, stored = post_replies(server, story, 16, 10)
        finally:
            subprocess.run(["kill", pid_file.read_text().strip()], check=False)

    print(
        f"\nBroadsheet benchmark ({args.runs} runs each, medians; "
        f"{os.cpu_count()} CPUs)\n"
    )
    print(row("measure", "req/s", "p50 ms", "p99 ms", "vs nginx"))
    print(f"|{'-' * 46}|{'-' * 11}|{'-' * 9}|{'-' * 9}|{'-' * 10}|")
    for name, rps, p50_, p99_, ratio in rows:
        print(row(name, f"{rps:.0f}", f"{p50_:.2f}", f"{p99_:.2f}", f"{ratio:.0%}"))
    print(
        row(
            "article, cache miss (200 renders, over HTTP)",
            "",
            f"{p50:.2f}",
            f"{p99:.2f}",
            "",
        )
    )
    print(
        row(
            "reply posting, 16 clients, 10 s",
            f"{len(acknowledged) / 10:.0f}",
            f"{percentile(latencies, 50):.2f}",
            f"{percentile(latencies, 99):.2f}",
            "",
        )
    )
    print(
        f"\nreplies acknowledged: {len(acknowledged)}, stored: {stored}, "
        f"distinct acknowledged: {len(set(acknowledged))}"
    )
    shutil.rmtree(work, ignore_errors=True)
    if stored != len(acknowledged):
        sys.exit("bench: acknowledged and stored replies differ")


if __name__ == "__main__":
    main()
