"""Browser tests: Playwright drives Debian's chromium against the real server.

The server is `broadsheet serve` (granian), started once for the session with
the demo newsroom, the reference article and a moderator account. Chromium is
Debian's package, given to Playwright through executable_path: Playwright's own
browser download does not work here. Without chromium the tests skip with a
reason, except under CI, where a missing browser is an error.

Every browser context a test opens watches for Content-Security-Policy
violations (the `securitypolicyviolation` event and chromium's console
messages), and a test in which any page broke the policy fails.
"""

import os
import shutil
import uuid
from pathlib import Path

import pytest

from broadsheet.articles.tests.reference import REFERENCE
from broadsheet.server.tests.live import live_server
from tests.e2e.pages import HEADLINE, MAKE_EDITOR, MODERATOR, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
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

# The reference article is from March 2025, long past the 14 days replies stay
# open; the newsroom keeps it open, and two readers have answered.
OPEN_REFERENCE_REPLIES = """
from broadsheet.articles.models import Article
from broadsheet.replies.models import Discussion, Reply
article = Article.objects.get(section__name="World")
first = Reply.objects.create(
    article=article, name="Marta Novak", email="marta@mail.example",
    status="approved", text="A phone call is a start. The ceasefire list is the part "
    "to watch: humanitarian aid has been promised before.")
Reply.objects.create(
    article=article, parent=first, name="Piet de Vries",
    email="piet@mail.example", status="approved",
    text="Agreed. And the security guarantees will decide whether any of it lasts.")
Discussion.recount(article.pk)
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
        # As behind one proxy: a test signs in "from" other addresses.
        TRUSTED_PROXY_COUNT="1",
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


CSP_VIOLATIONS = []
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation({
        page: document.location.href,
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
        sample: event.sample,
    });
});
"""


def watch_for_csp_violations(context):
    context.expose_binding(
        "__cspViolation", lambda source, found: CSP_VIOLATIONS.append(found)
    )
    context.add_init_script(REPORT_VIOLATIONS)
    context.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and CSP_VIOLATIONS.append(message.text)
        ),
    )
    return context


class WatchedBrowser:
    """The browser, whose every new context reports CSP violations to the test."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        return watch_for_csp_violations(self._browser.new_context(**options))

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def _no_csp_violations():
    CSP_VIOLATIONS.clear()
    yield
    if CSP_VIOLATIONS:
        pytest.fail(f"Content-Security-Policy violations: {CSP_VIOLATIONS}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS
        )
        yield WatchedBrowser(browser)
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


@pytest.fixture
def an_editor(site):
    name = f"editor-{uuid.uuid4().hex[:6]}"
    site.manage(
        "shell", "--no-imports", "-c", MAKE_EDITOR.format(name=name, password=PASSWORD)
    )
    return name
