"""axe-core finds no serious or critical problem on any page type."""

import pytest

from tests.e2e.pages import story_path, violations

pytestmark = pytest.mark.browser
PAGES = {
    "front page": "/",  # illustrated: the demo stories have pictures (#14)
    "static page": "/about/",
    "nested static page": "/about/ethics/",
    "article with replies": "story",
    "section page": "/section/city/",
    "author page": "/author/maya-lindqvist/",
    "404 page": "/no-such-page/",
    "admin login": "/admin/login/",
    "privacy page": "/replies/privacy/",
    "search results": "/search/?q=ceasefire+negotiations",
    "search without a match": "/search/?q=zeppelin",
    "search with a suggestion": "/search/?q=ceasfire+negotiatons",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(browser, site, name, scheme):
    context = browser.new_context(base_url=site.url, color_scheme=scheme)
    page = context.new_page()
    path = PAGES[name]
    page.goto(story_path(site, "harbour-bridge") if path == "story" else path)
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_with_form_errors_has_no_serious_violations(browser, site, scheme):
    context = browser.new_context(base_url=site.url, color_scheme=scheme)
    page = context.new_page()
    page.goto(story_path(site, "harbour-bridge"))
    page.get_by_role("button", name="Post Reply").click()
    page.locator("#error-summary").wait_for()
    assert violations(page) == []
    context.close()
