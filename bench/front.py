"""nginx in front (examples/nginx/broadsheet.conf, PAGE_FILES_DIR): the hot
article and front page sent by nginx from Broadsheet's page files, against
nginx serving the same files alone; the bytes each encoding sends; and
Broadsheet's own compressed hits against nginx's gzip_static and
brotli_static on the same pre-compressed bytes."""

import dataclasses
import statistics
import time
import urllib.request

from bench.common import wrk
from broadsheet.caching.tests.nginx import BROTLI_MODULE, nginx_in_front, nginx_serving
from broadsheet.server.tests.live import another_server

CODINGS = {"identity": (), "gzip": ("Accept-Encoding: gzip",)}
if BROTLI_MODULE.exists():
    CODINGS["br"] = ("Accept-Encoding: br",)


def nginx_rows(server, story, args, work):
    """Rows for both pages: bytes by encoding, then each topology's rate."""
    files = work / "page-files"
    files.mkdir()
    for folder in (work, files):
        folder.chmod(0o755)  # nginx's workers run as another user
    # A server of the same site that also writes page files.
    writer = dataclasses.replace(
        server, env={**server.env, "PAGE_FILES_DIR": str(files)}
    )
    rows = []
    with (
        another_server(writer, workers=2) as app,
        nginx_in_front(app.url, files, work / "nginx-front", workers=2) as front,
    ):
        host = front.removeprefix("http://")
        with nginx_serving(files / "pages" / host, work / "nginx-alone", 2) as alone:
            for name, path in (("article", story), ("front page", "/")):
                _kept_as_file(front + path, files / "pages" / (host + path))
                rows += _byte_rows(name, app.url + path, host)
                rows += _rate_rows(name, path, args, app.url, front, alone)
    return rows


def _kept_as_file(url, folder):
    deadline = time.monotonic() + 10
    while not (folder / "index.html").exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: {url} was never written as a file")
        urllib.request.urlopen(url).read()
        time.sleep(0.05)


def _byte_rows(name, url, host):
    sizes = []
    for coding, headers in CODINGS.items():
        request = urllib.request.Request(
            url, headers=dict(h.split(": ") for h in (*headers, f"Host: {host}"))
        )
        with urllib.request.urlopen(request) as answer:
            sizes.append(f"{coding} {len(answer.read()) / 1024:.1f}")
    return [(f"{name}: KB sent by encoding", "", "", "", ", ".join(sizes))]


def _rate_rows(name, path, args, app, front, alone):
    rows = []
    for coding, headers in CODINGS.items():
        # Broadsheet answering itself, to the Host its pages were kept under.
        urls = {
            "alone": (alone + path, headers),
            "front": (front + path, headers),
            "ours": (app + path, (*headers, f"Host: {front[7:]}")),
        }
        # Interleaved, run by run, the order reversed every other run: the
        # machine's load drifts between runs, and a ratio is taken within
        # each run (the median of those), so the drift between runs cancels.
        runs = {which: [] for which in urls}
        for number in range(args.runs):
            order = list(urls) if number % 2 == 0 else list(urls)[::-1]
            for which in order:
                url, sent = urls[which]
                runs[which].append(wrk(url, args.seconds, headers=sent)[1:])
        reference, topology, ours = (
            tuple(statistics.median(r[i] for r in runs[which]) for i in range(3))
            for which in urls
        )
        rows += [
            (f"nginx alone, {name} file ({coding})", *reference, ""),
            (
                f"nginx in front, {name} file ({coding})",
                *topology,
                f"{_paired(runs['front'], runs['alone']):.0%} of alone",
            ),
            (
                f"Broadsheet hot, {name} ({coding})",
                *ours,
                f"{_paired(runs['ours'], runs['alone']):.0%} of nginx",
            ),
        ]
    return rows


def _paired(measured, reference) -> float:
    """The median of the runs' ratios of requests/s, each run's to its
    reference's in the same round."""
    pairs = zip(measured, reference, strict=True)
    return statistics.median(m[0] / r[0] for m, r in pairs)
