"""A reader follows a developing story: the story page, its timeline, the box
on an article, following by email; every page valid (Nu) and accessible (axe)."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import HEADLINE, fetch, nu_checker_errors, violations

pytestmark = pytest.mark.browser

STORY = "/stories/ceasefire-talks/"
REFERENCE = "/2025/03/17/trump-and-putin-to-hold-call-on-ending-the-war-in-ukraine/"
# The reference article and a follow-up written for this test, in one story.
MAKE_STORY = """
from datetime import timedelta
from broadsheet.articles.models import Article, Section
from broadsheet.stories.models import Story, StoryArticle
reference = Article.objects.get(section__name="World")
follow_up = Article.objects.create(
    headline="Leaders agree to a second call", slug="leaders-agree-to-a-second-call",
    dek="Aides say the first call covered aid and a partial ceasefire.",
    body="The two leaders spoke for two hours.", section=reference.section,
    status="published", published_at=reference.published_at + timedelta(days=1))
story, _ = Story.objects.get_or_create(
    slug="ceasefire-talks", defaults={"name": "Ceasefire talks",
    "description": "Every step towards a ceasefire in Ukraine."})
for article in (reference, follow_up):
    StoryArticle.objects.get_or_create(story=story, article=article)
"""


@pytest.fixture(scope="module")
def story(site):
    site.manage("shell", "--no-imports", "-c", MAKE_STORY)
    return site


def test_a_reader_reads_the_timeline_both_ways_without_javascript(browser, story):
    context = browser.new_context(base_url=story.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(STORY)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ceasefire talks")
    timeline = page.locator(".timeline__headline")
    expect(timeline).to_have_text(["Leaders agree to a second call", HEADLINE])
    expect(page.locator(".timeline__item .dateline").last).to_have_text(
        "17 Mar 2025, Mon"
    )
    page.get_by_role("link", name="Oldest first").click()
    expect(timeline).to_have_text([HEADLINE, "Leaders agree to a second call"])
    page.get_by_role("link", name=HEADLINE).click()
    box = page.get_by_role("complementary", name="Ceasefire talks")
    expect(
        box.get_by_role("link", name="Leaders agree to a second call")
    ).to_be_visible()
    box.get_by_role("link", name="Ceasefire talks").click()
    expect(page).to_have_url(re.compile(re.escape(STORY) + "$"))
    context.close()


def test_a_reader_follows_the_story_and_confirms_by_email(page, story, tmp_path):
    page.goto(STORY)
    page.get_by_label("Your email address").fill("Reader.One@Mail.Example")
    page.get_by_role("button", name="Follow by email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    link = confirmation_link(Path(story.env["DATA_DIR"]) / "mail")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confirm following this story"
    )
    assert violations(page) == []
    (tmp_path / "confirm.html").write_bytes(fetch(link))  # opening it again: no harm
    assert nu_checker_errors(tmp_path) == ""
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You are following this story"
    )


def test_an_address_that_is_not_one_is_explained_in_place(page, story):
    page.goto(STORY)
    page.get_by_label("Your email address").fill("not an address")
    page.get_by_role("button", name="Follow by email").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Please give a valid email address"
    )
    expect(page.get_by_label("Your email address")).to_have_value("not an address")


def confirmation_link(mail_dir: Path, seconds=20) -> str:
    """The confirmation link mailed to reader.one@mail.example (by the worker)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
            text = message.read_text(encoding="utf-8")
            if "To: reader.one@mail.example" in text:
                found = re.search(r"https?://\S+/stories/following/confirm/\S+/", text)
                if found:
                    return found.group(0)
        time.sleep(0.25)
    pytest.fail(f"no confirmation mail in {mail_dir} after {seconds} s")


PAGES = {
    "story": STORY,
    "story-oldest-first": STORY + "?order=oldest",
    "story-index": "/stories/",
    "article-in-a-story": REFERENCE,
    "follow": STORY + "follow/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["story", "story-index", "article-in-a-story"])
def test_story_pages_have_no_serious_accessibility_violations(
    browser, story, name, scheme
):
    context = browser.new_context(base_url=story.url, color_scheme=scheme)
    page = context.new_page()
    page.goto(PAGES[name])
    assert violations(page) == []
    context.close()


def test_story_pages_have_no_html_errors(story, tmp_path):
    for name, path in PAGES.items():
        (tmp_path / f"{name}.html").write_bytes(fetch(story.url + path))
    assert nu_checker_errors(tmp_path) == ""


BANNER_ON = """
from broadsheet.stories.models import Banner, Story
Banner.objects.create(text="Live: leaders speak again", story=Story.objects.get(
    slug="ceasefire-talks"))
"""
BANNER_OFF = """
from broadsheet.stories.models import Banner
for banner in Banner.objects.all():
    banner.delete()
"""


def test_the_breaking_news_banner_is_valid_accessible_and_comes_down(
    browser, story, tmp_path
):
    story.manage("shell", "--no-imports", "-c", BANNER_ON)
    try:
        context = browser.new_context(base_url=story.url)
        page = context.new_page()
        page.goto("/")
        banner = page.get_by_role("complementary", name="Breaking news")
        banner.get_by_role("link", name="Live: leaders speak again").click()
        expect(page).to_have_url(re.compile(re.escape(STORY) + "$"))
        assert violations(page) == []
        (tmp_path / "front-with-banner.html").write_bytes(fetch(story.url + "/"))
        assert nu_checker_errors(tmp_path) == ""
    finally:
        story.manage("shell", "--no-imports", "-c", BANNER_OFF)
    page.goto("/")
    expect(page.get_by_role("complementary", name="Breaking news")).to_have_count(0)
    context.close()
