"""nginx in front, serving kept pages as files (examples/nginx/broadsheet.conf),
against the real `broadsheet serve`: a kept page is sent by nginx alone, a purge
deletes its files, personal requests reach Broadsheet, and kept pages are still
served while Broadsheet is down.

Runs the example configuration itself; skips when nginx is not installed,
except under CI, where nginx is required (the Makefile's browser-deps installs it).
"""

import gzip
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from django.conf import settings

from broadsheet.caching.middleware import personal_cookies
from broadsheet.caching.tests.nginx import BROTLI_MODULE, nginx_in_front, nginx_path
from broadsheet.server.tests.live import Browser, live_server

# Made per response, by whichever server answers.
OWN = {
    "date", "server", "connection", "keep-alive", "transfer-encoding", "etag",
    "last-modified", "content-length", "accept-ranges", "x-cache",
    # A header nginx cannot send per file: the CDN behind nginx is told by
    # PURGE_WEBHOOK_URL, not by this header.
    "surrogate-key",
}  # fmt: skip


@pytest.fixture
def nginx():
    if nginx_path():
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but nginx is not installed (make browser-deps)")
    pytest.skip("nginx is not installed (apt-get install nginx-light)")


def fetch(url, **headers):
    """(status, headers, body) of a GET, without following redirects."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers, answer.read()


def comparable(headers) -> dict:
    """The headers both servers must send alike, a policy's directives as a set
    (django-csp writes them in no fixed order)."""
    named = {n.lower(): v for n, v in headers.items() if n.lower() not in OWN}
    policy = named.pop("content-security-policy", "")
    return {**named, "csp": {part.strip() for part in policy.split(";")}}


def read_until_written(url, path):
    """Read url until its page file is there: a page is written after it is
    sent, and a URL's first render is kept only if nothing was purged while
    it rendered (the worker's start-up purges, on a new site)."""
    deadline = time.monotonic() + 5
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never written"
        fetch(url)
        time.sleep(0.05)


@pytest.fixture
def files():
    """PAGE_FILES_DIR: a folder nginx's workers, another user, may read."""
    folder = Path(tempfile.mkdtemp(prefix="broadsheet-page-files-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_nginx_serves_kept_pages_and_broadsheet_purges_them(tmp_path, nginx, files):
    env = {
        "PAGE_FILES_DIR": str(files),
        "REPLIES_MIN_FILL_SECONDS": "0",
        "REPLIES_FLOOD_SECONDS": "0",
        "TWO_FACTOR_ROLES": "",
        "TRUSTED_PROXY_COUNT": "1",
    }
    with (
        live_server(tmp_path / "site", workers=1, **env) as app,
        nginx_in_front(app.url, files, tmp_path / "nginx") as front,
    ):
        host = front.removeprefix("http://")
        story = re.search(
            r'href="(/\d{4}/\d\d/\d\d/harbour-bridge[^"]*)"',
            fetch(front + "/")[2].decode(),
        ).group(1)
        page_file = files / "pages" / (host + story) / "index.html"

        # A miss reaches Broadsheet through nginx and leaves the page's files.
        status, missed, _ = fetch(front + story)
        assert (status, missed["X-Cache"]) == (200, "MISS")
        read_until_written(front + story, page_file)
        # What Broadsheet itself now sends from its cache, to this Host.
        status, kept, rendered = fetch(app.url + story, Host=host)
        assert (status, kept["X-Cache"]) == (200, "HIT")
        assert {p.name for p in page_file.parent.iterdir()} == {
            "index.html",
            "index.html.gz",
            "index.html.br",
        }
        assert not list(files.rglob(".tmp-*"))

        # Then nginx answers alone, with the page's bytes and headers.
        status, served, body = fetch(front + story)
        assert (status, served["X-Cache"], body) == (200, "HIT, file", rendered)
        assert served["Content-Type"] == "text/html; charset=utf-8"
        assert comparable(served) == comparable(kept), (
            "examples/nginx/broadsheet.conf's headers drifted from Broadsheet's"
        )
        status, zipped, body = fetch(front + story, **{"Accept-Encoding": "gzip"})
        assert zipped["Content-Encoding"] == "gzip" and zipped["X-Cache"] == "HIT, file"
        assert gzip.decompress(body) == rendered
        assert "Accept-Encoding" in zipped["Vary"]
        if BROTLI_MODULE.exists():
            status, squeezed, body = fetch(front + story, **{"Accept-Encoding": "br"})
            assert squeezed["Content-Encoding"] == "br"
            assert brotli.decompress(body) == rendered
        # A query string is Broadsheet's to answer (thread pages, searches).
        assert fetch(front + story + "?replies-page=1")[1]["X-Cache"] != "HIT, file"

        # Personal requests go to Broadsheet: a reply author's cookie...
        reader = Browser(front)
        page = reader.get(story)
        hidden = dict(
            re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page)
        )
        action = re.search(r'action="(/replies/post/\d+/)"', page).group(1)
        text = "Read through nginx, purged by key."
        answer = reader.post(
            action,
            {**hidden, "comment": text, "name": "Ada", "email": "ada@mail.example"},
        )
        assert answer.status == 302, answer.read()[:500]
        assert {c.name for c in reader.jar} & set(personal_cookies())
        assert text in reader.get(story)  # held, shown to its author alone
        assert text.encode() not in fetch(front + story)[2]
        assert page_file.exists()  # a held reply purges nothing
        # ...and a staff session.
        desk = Browser.signed_in(front)
        assert settings.SESSION_COOKIE_NAME in {c.name for c in desk.jar}
        staff = desk.opener.open(front + story, timeout=10)
        assert staff.headers["X-Cache"] != "HIT, file"
        assert staff.headers["Cache-Control"].startswith("private")

        # Approving the reply purges the article: its files go, the next
        # reader gets a fresh render, and then the new file.
        reply_id = answer.headers["Location"].rsplit("-", 1)[1]
        approved = desk.post(
            f"/admin/replies/reply/{reply_id}/moderate/approve/",
            {"csrfmiddlewaretoken": desk.csrf()},
        )
        assert approved.status == 302
        assert not page_file.exists()
        status, headers, body = fetch(front + story)
        assert headers["X-Cache"] == "MISS" and text.encode() in body
        read_until_written(front + story, page_file)
        assert text.encode() in page_file.read_bytes()

        # An edit purges it too; the front page, which shows no reply, was
        # kept through the approval and goes with the edit (it lists the dek).
        front_file = files / "pages" / host / "index.html"
        read_until_written(front + "/", front_file)
        app.manage(
            "shell",
            "--no-imports",
            "-c",
            "from broadsheet.articles.models import Article\n"
            "a = Article.objects.get(import_ref='demo:harbour-bridge.md')\n"
            "a.dek = 'Edited while nginx was watching.'\n"
            "a.save()\n",
        )
        assert not page_file.exists() and not front_file.exists()
        status, headers, body = fetch(front + story)
        assert headers["X-Cache"] == "MISS"
        assert b"Edited while nginx was watching." in body
        read_until_written(front + story, page_file)

        # With Broadsheet down, kept pages are still served.
        app.process.terminate()
        app.process.wait(timeout=15)
        status, headers, body = fetch(front + story)
        assert (status, headers["X-Cache"]) == (200, "HIT, file")
        assert b"Edited while nginx was watching." in body
        assert fetch(front + story + "?replies-page=1")[0] == 502  # never a file
