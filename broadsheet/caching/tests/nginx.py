"""nginx started for a test or the bench, on a free port, as its own process:

    with nginx_in_front(app.url, files, work) as url:  # examples/nginx/...conf
    with nginx_serving(folder, work) as url:  # the same files, nginx alone

Both load Debian's Brotli module when it is installed (BROTLI_MODULE).
"""

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

from broadsheet.server.tests.live import free_port

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "nginx" / "broadsheet.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
MAIN = """
{modules}
pid {work}/nginx.pid;
error_log {work}/error.log;
worker_processes {workers};
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/site.conf;
}}
"""
# nginx alone: the same page files, the same file-serving directives, the
# same headers (the example's add_header lines), and nothing else.
ALONE = """
server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{
        types {{ }}
        default_type "text/html; charset=utf-8";
        gzip_static on;
        gzip_vary on;
        {brotli}
        {headers}
        try_files ${{uri}}index.html =404;
    }}
}}
"""


def nginx_path() -> str | None:
    """The nginx binary (Debian puts it in /usr/sbin, off a plain user's PATH)."""
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )


@contextlib.contextmanager
def nginx_in_front(app_url, files, work, workers=1):
    """The example configuration, pointed at this app server and page folder."""
    config = EXAMPLE.read_text()
    port = free_port()
    for old, new in [
        ("server 127.0.0.1:8000;", f"server {app_url.removeprefix('http://')};"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("root /var/cache/broadsheet/pages;", f"root {files}/pages;"),
    ] + (
        [("# brotli_static on;", "brotli_static on;")] if BROTLI_MODULE.exists() else []
    ):
        assert old in config, f"{EXAMPLE} no longer says {old!r}"
        config = config.replace(old, new)
    with _running(config, work, workers):
        yield f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def nginx_serving(root, work, workers=1):
    """nginx alone, serving <path>index.html (and its .gz, .br) under root."""
    port = free_port()
    brotli = "brotli_static on;" if BROTLI_MODULE.exists() else ""
    headers = "\n".join(
        line.strip()
        for line in EXAMPLE.read_text().splitlines()
        if line.strip().startswith("add_header")
    )
    site = ALONE.format(port=port, root=root, brotli=brotli, headers=headers)
    with _running(site, work, workers):
        yield f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def _running(site, work, workers):
    work.mkdir(parents=True)
    (work / "site.conf").write_text(site)
    modules = f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else ""
    main = MAIN.format(modules=modules, work=work, workers=workers)
    (work / "nginx.conf").write_text(main)
    subprocess.run(
        [nginx_path(), "-e", str(work / "error.log"), "-c", str(work / "nginx.conf")],
        check=True,
        capture_output=True,
    )
    try:
        yield
    finally:
        subprocess.run(["kill", (work / "nginx.pid").read_text().strip()], check=False)
