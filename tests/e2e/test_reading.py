"""A reader finds the reference article from the front page, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import HEADLINE

pytestmark = pytest.mark.browser


def test_front_page_to_section_to_the_reference_article(page):
    page.goto("/")
    expect(
        page.get_by_role("link", name="Harbour Bridge to close to cars")
    ).to_be_visible()
    page.get_by_role("navigation", name="Sections").get_by_role(
        "link", name="World"
    ).click()
    expect(page.get_by_role("heading", level=1, name="World")).to_be_visible()
    page.get_by_role("link", name=HEADLINE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    dateline = page.locator(".story__meta time").first
    expect(dateline).to_have_text("17 Mar 2025, Mon")
    assert dateline.get_attribute("datetime").startswith("2025-03-17")
    headings = page.locator(".story__body h2").all_inner_texts()
    assert headings == [
        "High-Stakes Diplomacy",
        "Russia’s Stance",
        "Global Reactions",
        "What’s at Stake",
    ]
    checklist = page.locator(".story__body ul.checklist li")
    expect(checklist).to_have_text(
        [
            "Ceasefire negotiations",
            "Humanitarian aid for Ukraine",
            "Long-term security guarantees for the region",
        ]
    )
    expect(page.locator(".story__body")).not_to_contain_text("Leave a Reply")
    expect(page.locator(".story__body")).not_to_contain_text(
        "Required fields are marked"
    )
    replies = page.locator("#replies")
    expect(replies.get_by_role("heading", name="Leave a Reply")).to_be_visible()
    expect(replies).to_contain_text(
        "Your email address will not be published. Required fields are marked *"
    )
    expect(page.get_by_role("link", name="2 replies")).to_be_visible()


def test_page_reads_without_javascript(browser, site):
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Harbour Bridge to close to cars").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harbour Bridge")
    expect(page.locator(".story__body")).to_contain_text("while engineers replace")
    context.close()
