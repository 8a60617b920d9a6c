"""Hot pages: the 200-reply article and the front page, served from the page
cache, beside nginx and a bare WSGI callable serving the same bytes."""

import subprocess

from bench.common import page_and_headers, rate_of
from bench.references import bare_wsgi, start_nginx


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
