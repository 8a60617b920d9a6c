"""A reader types in the masthead's search box and finds the reference article."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import HEADLINE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "words",
    ["Peskov", "ceasefire negotiations", '"constructive dialogue"', "guarantee"],
)
def test_the_masthead_search_finds_the_reference_article(page, words):
    page.goto("/section/city/")
    box = page.get_by_role("search").get_by_label("Search Broadsheet")
    box.fill(words)
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Search results for “{words}”"
    )
    result = page.get_by_role("link", name=HEADLINE)
    expect(result).to_be_visible()
    expect(page.locator(".search-result mark").first).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)


def test_search_works_without_javascript(browser, site):
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Search Broadsheet").fill("Peskov")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=HEADLINE)).to_be_visible()
    context.close()


def test_a_search_without_a_match_says_what_to_try(page):
    page.goto("/search/?q=zeppelin")
    expect(
        page.get_by_role("heading", name="Nothing matched “zeppelin”")
    ).to_be_visible()
    expect(page.get_by_text("Check the spelling")).to_be_visible()


def test_a_misspelt_search_offers_the_spelling_that_finds(page):
    page.goto("/")
    box = page.get_by_role("search").get_by_label("Search Broadsheet")
    box.fill("Peskof ceasfire")
    box.press("Enter")
    expect(page.get_by_text("Did you mean")).to_be_visible()
    page.get_by_role("link", name="peskov ceasefire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Search results for “peskov ceasefire”"
    )
    expect(page.get_by_role("link", name=HEADLINE)).to_be_visible()


@pytest.mark.parametrize(
    "words", ["ＰＥＳＫＯＶ", "Pes\u00adkov", "\ufeffPeskov\u200b"]
)
def test_a_query_pasted_with_invisible_or_wide_letters_finds_it(page, words):
    page.goto("/")
    box = page.get_by_role("search").get_by_label("Search Broadsheet")
    box.fill(words)
    box.press("Enter")
    expect(page.get_by_role("link", name=HEADLINE)).to_be_visible()
