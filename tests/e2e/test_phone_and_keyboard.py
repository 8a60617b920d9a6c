"""Phones and keyboards: no sideways scrolling, big tap targets, a sane tab order."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import field, story_path

pytestmark = pytest.mark.browser

TAP_TARGETS = (
    ".sections-nav a, .respond button, .reply__actions a, .tags a, .pagination a"
)


@pytest.fixture
def phone(browser, site):
    context = browser.new_context(
        base_url=site.url,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/", "/section/city/", "story", "/no-such-page/"])
def test_no_horizontal_scrolling_at_375_pixels(phone, site, path):
    phone.goto(story_path(site, "harbour-bridge") if path == "story" else path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} is {width}px wide"


def test_tap_targets_are_at_least_44_pixels_and_the_form_is_usable(phone, site):
    phone.goto(story_path(site, "harbour-bridge"))
    small = phone.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.textContent.trim(), e.getBoundingClientRect().height])
            .filter(([, height]) => height < 44)""",
        TAP_TARGETS,
    )
    assert small == []
    for name in ("Comment", "Name", "Email", "Website"):
        box = field(phone, name).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300, name
    field(phone, "Comment").fill("Typed on a phone.")
    expect(field(phone, "Comment")).to_have_value("Typed on a phone.")


def test_skip_link_comes_first_and_jumps_to_the_content(page, site):
    page.goto(story_path(site, "harbour-bridge"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_form_controls_are_reached_in_reading_order_with_a_visible_focus(page, site):
    page.goto(story_path(site, "harbour-bridge"))
    field(page, "Comment").focus()
    order = []
    for _ in range(7):
        order.append(
            page.evaluate(
                "() => document.activeElement.name"
                " || document.activeElement.textContent.trim()"
            )
        )
        outline = page.evaluate(
            "() => getComputedStyle(document.activeElement).outlineStyle"
        )
        assert outline not in ("none", ""), order[-1]
        page.keyboard.press("Tab")
    assert order == [
        "comment",
        "name",
        "email",
        "website",
        "remember",
        "notify",
        "Post Reply",
    ]


def test_every_link_and_control_is_keyboard_reachable(page, site):
    page.goto(story_path(site, "harbour-bridge"))
    count = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, textarea')]
            .filter(e => e.offsetParent !== null && e.tabIndex >= 0)
            .map((e, i) => e.dataset.order = i).length"""
    )
    reached = []
    for _ in range(count + 5):
        page.keyboard.press("Tab")
        index = page.evaluate("() => document.activeElement.dataset.order")
        if index is not None and int(index) not in reached:
            reached.append(int(index))
    assert sorted(reached) == list(range(count))
    assert reached == sorted(reached), "tab order differs from reading order"
