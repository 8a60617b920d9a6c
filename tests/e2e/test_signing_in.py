"""Staff two-factor sign-in in the browser: enrol, sign in with a code, recover."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import totp_code as code
from tests.e2e.pages import turn_on_two_factor, violations

pytestmark = pytest.mark.browser
PASSWORD = "an-editors-long-password"
MAKE_EDITOR = """
from django.contrib.auth.models import Group, User
user = User.objects.create_user({name!r}, password={password!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Editor"))
"""


def sign_in(page, name, code=""):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    if code:
        page.get_by_label("Two-factor code").fill(code)
    page.get_by_role("button", name="Log in").click()


def sign_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("Logged out")).to_be_visible()


@pytest.fixture
def an_editor(site):
    name = f"editor-{uuid.uuid4().hex[:6]}"
    site.manage(
        "shell", "--no-imports", "-c", MAKE_EDITOR.format(name=name, password=PASSWORD)
    )
    return name


def enrol(page, name) -> tuple[str, list[str]]:
    """Sign in as a new editor and set up the app; return its secret and codes."""
    sign_in(page, name)
    expect(page.get_by_text("Your role signs in with two factors")).to_be_visible()
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert violations(page) == []  # axe-core, as on every other page type

    def no_violations(codes_page):
        assert violations(codes_page) == []

    secret, recovery = turn_on_two_factor(page, on_codes_page=no_violations)
    expect(page.get_by_role("heading", name="Newsroom")).to_be_visible()
    return secret, recovery


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
