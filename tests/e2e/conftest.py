"""Browser tests: Playwright drives Debian's chromium against the real server.

The server is `broadsheet serve` (granian), started once for the session with
the demo newsroom, the reference article and a moderator account. Chromium is
Debian's package, given to Playwright through executable_path: Playwright's own
browser download does not work here. Without chromium the tests skip with a
reason, except under CI, where a missing browser is an error.
"""

import os
import shutil
from pathlib import Path

import pytest

from broadsheet.server.tests.live import live_server

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = (
    ROOT / "broadsheet" / "articles" / "tests" / "data" / "reference-article.txt"
)
HEADLINE = "Trump and Putin to hold call on ending the war in Ukraine"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MODERATOR = ("moderator", "moderate-me-please")

# The reference article is from March 2025, long past the 14 days replies stay
# open; the newsroom keeps it open, and two readers have answered.
OPEN_REFERENCE_REPLIES = """
from broadsheet.articles.models import Article
from broadsheet.replies.models import Discussion, Reply
from broadsheet.replies.moderation import refresh_reply_count
article = Article.objects.get(section__name="World")
first = Reply.objects.create(
    article=article, name="Marta Novak", email="marta@mail.example",
    status="approved", text="A phone call is a start. The ceasefire list is the part "
    "to watch: humanitarian aid has been promised before.")
Reply.objects.create(
    article=article, parent=first, depth=1, name="Piet de Vries",
    email="piet@mail.example", status="approved",
    text="Agreed. And the security guarantees will decide whether any of it lasts.")
refresh_reply_count(article.pk)
"""

MAKE_MODERATOR = f"""
from django.contrib.auth.models import Group, User
user = User.objects.create_user({MODERATOR[0]!r}, password={MODERATOR[1]!r},
                                is_staff=True, email="desk@newsroom.example")
user.groups.add(Group.objects.get(name="Moderator"))
"""


def chromium_path():
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            "CI is set but chromium is not installed: the browser "
            "tests must run under CI (apt-get install chromium)."
        )
    skip = pytest.mark.skip(
        reason="chromium is not installed (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The running server, with the reference article and a moderator."""
    data = tmp_path_factory.mktemp("site")
    with live_server(
        data,
        workers=2,
        REPLIES_MIN_FILL_SECONDS="1",
        REPLIES_FLOOD_SECONDS="0",
        REPLIES_RATE_LIMIT="1000",
    ) as server:
        server.manage(
            "import-text",
            str(REFERENCE),
            "--headline",
            HEADLINE,
            "--publish",
            "--section",
            "World",
            "--replies",
            "open",  # as the README imports it
        )
        server.manage("shell", "--no-imports", "-c", OPEN_REFERENCE_REPLIES)
        server.manage("shell", "--no-imports", "-c", MAKE_MODERATOR)
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser, site):
    context = browser.new_context(
        base_url=site.url, viewport={"width": 1280, "height": 900}
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
