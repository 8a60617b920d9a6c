"""The references each hot page is measured against in the same run: nginx
serving the very same bytes, and a bare WSGI callable returning them."""

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import HERE
from broadsheet.server.tests.live import free_port

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
