"""Staff password guessing is cut off per account and per address (issue #10, 7)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from broadsheet.signin.tests.staff import make_staff, sign_in

pytestmark = pytest.mark.django_db


def fail_until_locked(client, usernames, addresses):
    answers = [
        sign_in(client, username, "wrong-guess", address=address).status_code
        for username, address in zip(usernames, addresses, strict=True)
    ]
    assert answers[:-1] == [200] * (len(answers) - 1)
    assert answers[-1] == 429


def test_after_the_limit_the_right_password_is_refused_with_a_clear_page(
    client, editor
):
    limit = settings.LOGIN_FAILURE_LIMIT
    fail_until_locked(client, ["editor"] * limit, ["203.0.113.5"] * limit)

    answer = sign_in(client, "editor")
    assert answer.status_code == 429
    page = answer.content.decode()
    assert "Sign-in paused" in page
    assert f"paused for {settings.LOGIN_LOCKOUT_MINUTES} minutes" in page
    assert '<html lang="en"' in page  # the admin's page, not a bare text
    assert "_auth_user_id" not in client.session


def test_one_account_is_locked_whichever_addresses_the_guesses_come_from(
    client, editor
):
    limit = settings.LOGIN_FAILURE_LIMIT
    addresses = [f"198.51.100.{n}" for n in range(1, limit + 1)]
    fail_until_locked(client, ["editor"] * limit, addresses)
    assert sign_in(client, "editor", address="192.0.2.99").status_code == 429


def test_one_address_is_locked_whichever_accounts_it_guesses(client, editor):
    limit = settings.LOGIN_FAILURE_LIMIT
    names = [f"guess{n}" for n in range(limit)]
    fail_until_locked(client, names, ["203.0.113.5"] * limit)
    assert sign_in(client, "editor", address="203.0.113.5").status_code == 429
    assert sign_in(Client(), "editor", address="192.0.2.99").status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_the_one_locked(settings, editor):
    """TRUSTED_PROXY_COUNT: the same client_ip as the reply limits, not the proxy."""
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()

    def through_proxy(reader_address, username, password):
        return client.post(
            "/admin/login/",
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{reader_address}, ",
        )

    for n in range(settings.LOGIN_FAILURE_LIMIT):
        through_proxy("198.51.100.7", f"guess{n}", "wrong-guess")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.7"
    }
    assert (
        through_proxy("198.51.100.7", "editor", "a-long-right-password").status_code
        == 429
    )
    assert (
        through_proxy("198.51.100.8", "editor", "a-long-right-password").status_code
        == 302
    )


def test_an_administrator_sees_the_lockout_and_lifts_it_in_the_admin(client, editor):
    limit = settings.LOGIN_FAILURE_LIMIT
    fail_until_locked(client, ["editor"] * limit, ["203.0.113.5"] * limit)
    assert sign_in(client, "editor").status_code == 429

    desk = Client()
    desk.force_login(make_staff("chief", is_superuser=True))
    listing = desk.get("/admin/axes/accessattempt/").content.decode()
    assert "editor" in listing and "203.0.113.5" in listing
    attempt = AccessAttempt.objects.get(username="editor")
    lifted = desk.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
    )
    assert lifted.status_code == 302

    assert sign_in(client, "editor").status_code == 302
    assert client.get("/admin/").status_code == 200
