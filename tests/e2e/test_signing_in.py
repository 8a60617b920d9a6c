"""Staff two-factor sign-in in the browser: enrol, sign in with a code, recover."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import enrol, sign_in, sign_out
from tests.e2e.pages import totp_code as code

pytestmark = pytest.mark.browser


def test_an_editor_enrols_then_signs_in_with_a_code_and_a_recovery_code(
    page, an_editor
):
    secret, recovery = enrol(page, an_editor)
    assert len(recovery) == 10
    sign_out(page)

    sign_in(page, an_editor)
    expect(
        page.get_by_text("enter the code from your authenticator app")
    ).to_be_visible()
    sign_in(page, an_editor, code(secret, steps_ahead=1))
    expect(page.get_by_role("heading", name="Newsroom")).to_be_visible()
    sign_out(page)

    sign_in(page, an_editor, recovery[0])
    expect(page.get_by_role("heading", name="Newsroom")).to_be_visible()
    sign_out(page)
    sign_in(page, an_editor, recovery[0])
    expect(page.get_by_text("has been used already")).to_be_visible()


def test_an_editors_article_pages_in_the_admin_run_under_its_policy(page, an_editor):
    """The CSP watcher (conftest) fails this test on any violation."""
    enrol(page, an_editor)
    page.goto("/admin/articles/article/")
    page.get_by_role("link", name="Trump and Putin", exact=False).first.click()
    expect(page.get_by_label("Headline")).to_be_visible()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("Change history", exact=False).first).to_be_visible()
    page.goto("/admin/articles/article/add/")
    expect(page.get_by_label("Headline")).to_be_visible()
    page.get_by_role("link", name="Today").first.click()
    page.goto("/admin/replies/reply/")
    page.goto("/admin/two-factor/")
    expect(page.get_by_text("Two-factor sign-in is on")).to_be_visible()


def test_password_guessing_is_paused_for_that_address_not_for_the_newsroom(
    browser, site, an_editor
):
    """Through the real server and its page cache, behind TRUSTED_PROXY_COUNT=1."""
    guesser = browser.new_context(
        base_url=site.url, extra_http_headers={"X-Forwarded-For": "198.51.100.23"}
    )
    page = guesser.new_page()
    for attempt in range(5):  # the default LOGIN_FAILURE_LIMIT
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(f"guess-{attempt}")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    sign_in(page, an_editor)
    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    guesser.close()

    colleague = browser.new_context(
        base_url=site.url, extra_http_headers={"X-Forwarded-For": "198.51.100.24"}
    )
    desk = colleague.new_page()
    sign_in(desk, an_editor)
    expect(desk.get_by_text("Your role signs in with two factors")).to_be_visible()
    colleague.close()
