"""Content-Security-Policy and Permissions-Policy on every response (issue #10)."""

import json
import logging
import re

import pytest
from django.test import Client

from broadsheet.articles.tests.factories import ArticleFactory
from broadsheet.caching.tests.wsgi_client import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def an_article(db):
    return ArticleFactory(headline="Harbour Bridge to close")


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_public_pages_forbid_inline_scripts_framing_and_plugins(client, an_article):
    policy = directives(
        client.get(an_article.get_absolute_url())["Content-Security-Policy"]
    )
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["report-uri"] == ["/security/csp-report/"]


@pytest.mark.parametrize(
    "path",
    ["/", "ARTICLE", "/feed/", "/sitemap.xml", "/no-such-page/", "/admin/login/"],
)
def test_every_response_carries_both_policies(client, an_article, path):
    path = an_article.get_absolute_url() if path == "ARTICLE" else path
    answer = client.get(path)
    assert "frame-ancestors 'none'" in answer["Content-Security-Policy"]
    assert "camera=()" in answer["Permissions-Policy"]
    assert "geolocation=()" in answer["Permissions-Policy"]


def test_a_page_from_the_page_cache_keeps_the_policies(an_article):
    url = an_article.get_absolute_url()
    status, first, _ = get(url)
    status, again, _ = get(url)
    assert again["X-Cache"] == "HIT"
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "script-src 'self'" in again["Content-Security-Policy"]
    assert again["Permissions-Policy"] == first["Permissions-Policy"]


def test_public_pages_hold_no_inline_script_only_json_ld_data(client, an_article):
    for path in ("/", an_article.get_absolute_url(), "/replies/privacy/"):
        page = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag or 'type="application/ld+json"' in tag, tag


def test_the_report_url_is_a_setting(client, an_article, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "report-uri": ["https://reports.example.org/csp"],
        }
    }
    header = client.get("/")["Content-Security-Policy"]
    assert directives(header)["report-uri"] == ["https://reports.example.org/csp"]


REPORT = {
    "csp-report": {
        "document-uri": "https://news.example.org/",
        "violated-directive": "script-src-elem",
        "blocked-uri": "inline",
    }
}


def send_report(client, report=REPORT, address="198.51.100.4"):
    return client.post(
        "/security/csp-report/",
        json.dumps(report),
        content_type="application/csp-report",
        REMOTE_ADDR=address,
    )


def test_a_violation_report_is_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="broadsheet.security.csp"):
        assert send_report(client).status_code == 204
    assert "script-src-elem" in caplog.text and "news.example.org" in caplog.text


def test_reports_are_limited_per_address(client, settings):
    settings.CSP_REPORTS_PER_MINUTE = 3
    answers = [send_report(client).status_code for _ in range(4)]
    assert answers == [204, 204, 204, 429]
    assert send_report(client, address="198.51.100.5").status_code == 204


def test_a_report_that_is_not_json_is_refused_and_get_is_not_allowed(client):
    bad = client.post("/security/csp-report/", "{", content_type="application/json")
    assert bad.status_code == 400
    assert Client().get("/security/csp-report/").status_code == 405


def test_the_admin_has_its_own_policy_still_without_inline_scripts(client, an_article):
    admin = directives(client.get("/admin/login/")["Content-Security-Policy"])
    public = directives(client.get("/")["Content-Security-Policy"])
    assert admin["style-src-attr"] == ["'unsafe-inline'"]
    assert "style-src-attr" not in public
    assert admin["script-src"] == public["script-src"] == ["'self'"]
