"""HTTPS behind a TLS proxy: Secure cookies, HSTS, the redirect (issue #10, 8)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.replies.tests.posting import post_reply

ROOT = Path(__file__).resolve().parents[3]
BEHIND_TLS_PROXY = {"X-Forwarded-Proto": "https"}
REPLY_COOKIES = ("broadsheet_replies", "broadsheet_reader")


@pytest.fixture
def tls_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.REPLIES_MIN_FILL_SECONDS = 0
    settings.REPLIES_FLOOD_SECONDS = 0


def reply_cookies(client):
    answer = post_reply(client, ArticleFactory(), remember="on")
    assert answer.status_code in (200, 302), answer.content
    return {name: client.cookies[name] for name in REPLY_COOKIES}


@pytest.mark.django_db
def test_reply_cookies_are_secure_behind_a_tls_proxy(settings, tls_proxy):
    settings.SECURE_COOKIES = True
    cookies = reply_cookies(Client(headers=BEHIND_TLS_PROXY))
    assert all(cookie["secure"] for cookie in cookies.values()), cookies


@pytest.mark.django_db
def test_secure_cookies_marks_every_cookie_whatever_the_request(settings, tls_proxy):
    settings.SECURE_COOKIES = True
    client = Client()
    cookies = reply_cookies(client)
    client.get("/admin/login/")
    cookies["csrftoken"] = client.cookies["csrftoken"]
    assert all(cookie["secure"] for cookie in cookies.values()), cookies


@pytest.mark.django_db
def test_without_secure_cookies_plain_http_cookies_are_not_marked(settings, tls_proxy):
    settings.SECURE_COOKIES = False
    cookies = reply_cookies(Client())
    assert not any(cookie["secure"] for cookie in cookies.values())


@pytest.mark.django_db
def test_redirect_and_hsts_follow_the_proxy_header(settings, tls_proxy):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    plain = Client().get("/admin/login/")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    secure = Client(headers=BEHIND_TLS_PROXY).get("/admin/login/")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def production_environment(tmp_path) -> dict:
    """The variables docs/deployment.md sets for production, with a real key."""
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = guide.split("## Production", 1)[1].split("```sh", 1)[1].split("```")[0]
    variables = dict(re.findall(r"^export (\w+)=(\S+)", block, re.M))
    assert {"SECURE_COOKIES", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS"} <= set(
        variables
    )
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)  # the guide says: generate
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "DEBUG")
    }
    return {**environment, **variables, "DATA_DIR": str(tmp_path)}


def test_check_deploy_is_clean_with_the_deployment_guides_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", "check", "--deploy"]
        + ["--fail-level", "WARNING"],
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout + result.stderr


def test_a_proxy_header_that_is_not_a_header_name_stops_start_up(tmp_path):
    environment = production_environment(tmp_path)
    environment["SECURE_PROXY_SSL_HEADER"] = "X-Forwarded-Proto: https"
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER='X-Forwarded-Proto: https'" in result.stderr
