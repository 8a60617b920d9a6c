"""axe-core finds no serious or critical problem on any page type."""

from pathlib import Path

import pytest

from tests.e2e.pages import story_path

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


def violations(page):
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: run `npm ci --prefix tests/e2e` (make test does)"
        )
    # Evaluated through the DevTools protocol, not as a <script> in the page,
    # which the page's Content-Security-Policy (rightly) refuses.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'wcag22aa', 'best-practice']}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


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
