"""Live coverage in the browser: the reference article stays open in a
reader's browser while an editor posts two entries through the admin.

A server of its own (not the session's `site`, whose reference article the
screenshots show as it is), polling every second, where editors sign in with
a password alone.
"""

import urllib.request

import pytest
from playwright.sync_api import expect

from broadsheet.articles.tests.reference import REFERENCE
from broadsheet.server.tests.live import live_server
from tests.e2e.pages import HEADLINE, nu_checker_errors, violations

pytestmark = pytest.mark.browser
REFERENCE_PATH = (
    "/2025/03/17/trump-and-putin-to-hold-call-on-ending-the-war-in-ukraine/"
)
EDITOR = ("live-desk", "a-long-live-desk-password")
COVER_THE_REFERENCE = f"""
from django.contrib.auth.models import Group, User
from broadsheet.articles.models import Article, Author
from broadsheet.live.models import LiveCoverage
user = User.objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r},
                                is_staff=True, email="desk@newsroom.example")
user.groups.add(Group.objects.get(name="Editor"))
Author.objects.create(name="Olena Kovalenko", slug="olena-kovalenko", user=user)
article = Article.objects.get(headline={HEADLINE!r})
print(LiveCoverage.objects.create(article=article).pk)
"""

ADD_PINNED_KEY_EVENT = """
from broadsheet.live.models import Entry, LiveCoverage
Entry.objects.create(coverage=LiveCoverage.objects.get(), headline="What we know",
    text="- The call is *scheduled*\\n- Aid is on the list", is_pinned=True,
    is_key_event=True)
"""

NO_SCRIPT = "Read without a script, after a reload."
ADD_ENTRY = """
from broadsheet.live.models import Entry, LiveCoverage
Entry.objects.create(coverage=LiveCoverage.objects.get(), text={text!r})
"""


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    with live_server(
        tmp_path_factory.mktemp("live"),
        workers=1,
        LIVE_POLL_SECONDS="1",
        TWO_FACTOR_ROLES="",
    ) as server:
        server.manage(
            "import-text", str(REFERENCE), "--headline", HEADLINE, "--publish"
        )
        coverage = server.manage("shell", "--no-imports", "-c", COVER_THE_REFERENCE)
        server.coverage = int(coverage.strip())
        yield server


def post_entry(desk, text, *, headline="", key_event=False, another=False):
    desk.get_by_label("Headline").fill(headline)
    desk.get_by_label("Text").fill(text)
    desk.get_by_label("Key event").set_checked(key_event)
    button = "Save and add another" if another else "Save"
    desk.get_by_role("button", name=button, exact=True).click()
    expect(desk.locator(".messagelist")).to_contain_text("was added successfully")


def test_entries_posted_in_the_admin_appear_without_a_reload(browser, newsroom):
    reader_context = browser.new_context(
        base_url=newsroom.url, viewport={"width": 1280, "height": 900}
    )
    reader = reader_context.new_page()
    reader.set_default_timeout(10_000)
    reader.goto(REFERENCE_PATH)
    expect(reader.get_by_role("heading", name="Live updates")).to_be_visible()
    expect(reader.get_by_text("The first update will appear here.")).to_be_visible()
    # The reader is reading the article's body, below the updates.
    reading = reader.locator(".story__body p").nth(2)
    reading.evaluate("(p) => p.scrollIntoView()")
    top = reading.evaluate("(p) => p.getBoundingClientRect().top")
    reader.evaluate("window.notReloaded = true")

    desk_context = browser.new_context(base_url=newsroom.url)
    desk = desk_context.new_page()
    desk.set_default_timeout(10_000)
    desk.goto("/admin/login/")
    desk.get_by_label("Username").fill(EDITOR[0])
    desk.get_by_label("Password").fill(EDITOR[1])
    desk.get_by_role("button", name="Log in").click()
    desk.goto(f"/admin/live/entry/add/?coverage={newsroom.coverage}")
    post_entry(
        desk,
        "Vladimir Putin and Donald Trump are **on the line**, the Kremlin says.",
        headline="The call begins",
        key_event=True,
        another=True,
    )
    post_entry(desk, "Dmitry Peskov says the call is going well.")

    entries = reader.locator("#live-entries .entry")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("Peskov says the call is going well")
    expect(entries.nth(1)).to_contain_text("on the line")
    expect(entries.nth(1)).to_contain_text("By Olena Kovalenko")
    summary = reader.get_by_role("navigation", name="Key events")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(reader.locator("#live-announcer")).to_contain_text("new update")
    assert reader.evaluate("window.notReloaded") is True
    # What the reader was reading has not moved on the screen.
    moved = reading.evaluate("(p) => p.getBoundingClientRect().top") - top
    assert abs(moved) <= 1, f"the paragraph being read moved by {moved}px"

    summary.get_by_role("link", name="The call begins").click()
    expect(reader).to_have_url(
        f"{newsroom.url}{REFERENCE_PATH}#" + (entries.nth(1).get_attribute("id"))
    )
    assert violations(reader) == []
    for context in (reader_context, desk_context):
        context.close()


def test_the_live_article_passes_the_nu_checker(newsroom, tmp_path):
    newsroom.manage("shell", "--no-imports", "-c", ADD_PINNED_KEY_EVENT)
    page = urllib.request.urlopen(newsroom.url + REFERENCE_PATH).read()
    assert b"entry--pinned entry--key" in page
    (tmp_path / "live-article.html").write_bytes(page)
    assert nu_checker_errors(tmp_path) == ""


def test_without_javascript_a_reload_shows_new_entries(browser, newsroom):
    context = browser.new_context(base_url=newsroom.url, java_script_enabled=False)
    reader = context.new_page()
    reader.goto(REFERENCE_PATH)
    expect(reader.get_by_role("heading", name="Live updates")).to_be_visible()
    newsroom.manage("shell", "--no-imports", "-c", ADD_ENTRY.format(text=NO_SCRIPT))
    reader.reload()
    expect(reader.locator("#live-entries")).to_contain_text(NO_SCRIPT)
    context.close()
