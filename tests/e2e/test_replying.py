"""Replying as a reader, and approving as a moderator, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import (
    MODERATOR,
    field,
    fill_reply,
    reply_to_first_reply,
    story_path,
    unique,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def story(site):
    return story_path(site, "harbour-bridge")


def test_empty_reply_shows_errors_focuses_the_summary_and_keeps_the_text(page, story):
    page.goto(story)
    page.get_by_role("button", name="Post Reply").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("#id_comment-error")).to_contain_text(
        "Please write your comment."
    )
    expect(page.locator("#id_name-error")).to_contain_text("Please give your name.")
    expect(page.locator("#id_email-error")).to_contain_text("Please give your email")

    field(page, "Comment").fill("Half-written thoughts on the ferry.")
    field(page, "Email").fill("not an address")
    page.get_by_role("button", name="Post Reply").click()
    expect(field(page, "Comment")).to_have_value("Half-written thoughts on the ferry.")
    expect(field(page, "Email")).to_have_value("not an address")
    expect(page.locator("#id_email-error")).to_contain_text("valid email address")
    summary.get_by_role("link", name="Please give your name.").click()
    expect(field(page, "Name")).to_be_focused()


def test_held_reply_is_seen_by_its_author_only_until_a_moderator_approves(
    page, browser, site, story
):
    text = unique("The ferry timetable works for me")
    page.goto(story)
    fill_reply(page, text)
    page.get_by_role("button", name="Post Reply").click()
    mine = page.locator(".reply", has_text=text)
    expect(mine).to_contain_text("Your reply is awaiting moderation.")

    stranger = browser.new_context(base_url=site.url)
    other = stranger.new_page()
    other.goto(story)
    expect(other.get_by_text(text)).to_have_count(0)

    moderator = browser.new_context(base_url=site.url)
    desk = moderator.new_page()
    desk.goto("/admin/")
    desk.get_by_label("Username").fill(MODERATOR[0])
    desk.get_by_label("Password").fill(MODERATOR[1])
    desk.get_by_role("button", name="Log in").click()
    desk.goto("/admin/replies/reply/?status=pending")
    desk.get_by_role("row", name=text[:40]).get_by_role("checkbox").check()
    desk.get_by_role("combobox", name="Action").select_option("approve")
    desk.get_by_role("button", name="Go").click()
    expect(desk.get_by_text("approved", exact=False).first).to_be_visible()

    other.reload()
    expect(other.get_by_text(text)).to_be_visible()
    page.reload()
    expect(mine).not_to_contain_text("awaiting moderation")
    for context in (stranger, moderator):
        context.close()


def test_replying_to_a_reply_with_javascript_moves_the_form(page, story):
    page.goto(story)
    first = page.locator(".reply").first
    name = reply_to_first_reply(page)
    expect(page.locator("#reply-title")).to_contain_text(f"Replying to {name}")
    assert first.locator("#respond").count() == 1
    page.locator("#reply-title").get_by_role("link", name="Cancel").click()
    expect(page.locator("#reply-title")).to_have_text("Leave a Reply")
    assert first.locator("#respond").count() == 0


def test_replying_to_a_reply_without_javascript(browser, site, story):
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(story)
    name = reply_to_first_reply(page)
    expect(page.locator("#reply-title")).to_contain_text(f"Replying to {name}")
    text = unique("Answering without scripts")
    fill_reply(page, text)
    page.get_by_role("button", name="Post Reply").click()
    nested = page.locator(".thread--nested .reply", has_text=text)
    expect(nested).to_contain_text("Your reply is awaiting moderation.")
    context.close()


def test_remembered_details_fill_the_form_next_time(page, story):
    page.goto(story)
    fill_reply(page, unique("Remember me"), name="Rem Ember", email="rem@mail.example")
    page.get_by_label("Save my name, email, and website").check()
    page.get_by_role("button", name="Post Reply").click()
    page.goto(story)
    expect(field(page, "Name")).to_have_value("Rem Ember")
    expect(field(page, "Email")).to_have_value("rem@mail.example")
    expect(page.get_by_label("Save my name, email, and website")).to_be_checked()


def test_details_are_forgotten_when_the_box_is_left_unticked(page, story):
    page.goto(story)
    fill_reply(page, unique("Forget me"), name="Fleeting")
    page.get_by_role("button", name="Post Reply").click()
    page.goto(story)
    expect(field(page, "Name")).to_have_value("")


def test_the_form_is_timed_from_when_the_browser_showed_it(page, story):
    """The page is cached and shared; its script fetches a token of its own."""
    rendered = re.search(
        r'name="started" value="([^"]+)"', page.goto(story).text()
    ).group(1)
    expect(page.locator("input[name=started]")).not_to_have_value(rendered)
