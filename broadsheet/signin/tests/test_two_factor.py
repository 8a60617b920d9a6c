"""Two-factor sign-in for staff: TOTP apps and recovery codes (issue #10)."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import TOTP

from broadsheet.signin.tests.staff import make_staff, sign_in

pytestmark = pytest.mark.django_db
TWO_FACTOR = "/admin/two-factor/"


@pytest.fixture(autouse=True)
def _required_for_editors(settings):
    settings.TWO_FACTOR_ROLES = ["Administrator", "Editor"]


def code(secret: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for secret (a later one: steps_ahead)."""
    key = b32decode(secret.replace(" ", ""))
    return f"{TOTP(key, drift=steps_ahead).token():06d}"


def enrol(client) -> tuple[str, list[str]]:
    """Set up an app from the two-factor page; return its secret and recovery codes."""
    page = client.get(TWO_FACTOR).content.decode()
    assert "<svg" in page
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    shown = client.post(TWO_FACTOR, {"code": code(secret), "next": "/admin/"})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", shown.content.decode())
    return secret, codes


def test_an_editor_without_a_second_factor_is_sent_to_set_one_up(client, editor):
    assert sign_in(client, "editor").status_code == 302
    answer = client.get("/admin/articles/article/")
    assert answer.status_code == 302
    assert answer["Location"].startswith(TWO_FACTOR)
    assert (
        "Your role signs in with two factors" in client.get(TWO_FACTOR).content.decode()
    )


def test_a_moderator_is_not_required_to(client):
    make_staff("moderator", "Moderator")
    sign_in(client, "moderator")
    assert client.get("/admin/").status_code == 200


def test_enrolling_opens_the_admin_and_shows_ten_recovery_codes(client, editor):
    sign_in(client, "editor")
    _, codes = enrol(client)
    assert len(set(codes)) == 10
    assert client.get("/admin/articles/article/").status_code == 200


def test_a_wrong_code_does_not_turn_it_on(client, editor):
    sign_in(client, "editor")
    client.get(TWO_FACTOR)
    answer = client.post(TWO_FACTOR, {"code": "000000"})
    assert "That code is not right" in answer.content.decode()
    assert client.get("/admin/").status_code == 302


def test_with_a_device_the_login_asks_for_the_code(editor):
    first = Client()
    sign_in(first, "editor")
    secret, _ = enrol(first)

    browser = Client()
    without = sign_in(browser, "editor")
    assert without.status_code == 200
    assert "enter the code from your authenticator app" in without.content.decode()
    assert "_auth_user_id" not in browser.session

    right = sign_in(browser, "editor", otp_token=code(secret, steps_ahead=1))
    assert right.status_code == 302
    assert browser.get("/admin/articles/article/").status_code == 200


def test_a_wrong_code_is_refused_and_then_throttled(editor):
    setup = Client()
    sign_in(setup, "editor")
    secret, _ = enrol(setup)

    browser = Client()
    wrong = sign_in(browser, "editor", otp_token=code(secret, steps_ahead=20))
    assert "That code is not right" in wrong.content.decode()
    # django-otp pauses the device after a wrong code: no fast guessing.
    soon = sign_in(browser, "editor", otp_token=code(secret, steps_ahead=1))
    assert "Too many wrong codes" in soon.content.decode()
    assert "_auth_user_id" not in browser.session


def test_a_recovery_code_signs_in_once(editor):
    setup = Client()
    sign_in(setup, "editor")
    _, codes = enrol(setup)

    assert sign_in(Client(), "editor", otp_token=codes[0]).status_code == 302
    again = sign_in(Client(), "editor", otp_token=codes[0])
    assert again.status_code == 200
    assert "has been used already" in again.content.decode()


def test_a_session_without_the_second_factor_is_asked_for_a_code(editor):
    setup = Client()
    sign_in(setup, "editor")
    secret, _ = enrol(setup)

    other = Client()
    other.force_login(editor)  # as a session from before the device was set up
    assert other.get("/admin/").status_code == 302
    assert "Enter a code to continue" in other.get(TWO_FACTOR).content.decode()
    verified = other.post(TWO_FACTOR, {"code": code(secret, 1), "next": "/admin/"})
    assert verified["Location"] == "/admin/"
    assert other.get("/admin/").status_code == 200
