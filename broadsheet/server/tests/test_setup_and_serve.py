import subprocess
import sys
import urllib.request
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from broadsheet.articles.models import Article, Section
from broadsheet.server.tests.live import live_server


@pytest.fixture
def static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    return settings.STATIC_ROOT


def setup():
    out = StringIO()
    call_command("setup", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_setup_adds_demo_content_and_prints_the_admin_password_once(
    static_root, client
):
    first = setup()
    assert "demo: 7 created" in first
    assert Section.objects.count() == 3
    password = first.split("password ")[1].split()[0]
    signed_in = client.post(
        "/admin/login/", {"username": "admin", "password": password}
    )
    assert signed_in.status_code == 302, signed_in.content
    assert client.get("/admin/auth/user/").status_code == 200
    assert (static_root / "broadsheet" / "site.css").exists()

    second = setup()
    assert password not in second
    assert "exists already" in second
    assert "demo" not in second
    assert Article.objects.count() == 7


@pytest.mark.django_db
def test_setup_takes_the_admin_password_from_the_environment(static_root, monkeypatch):
    monkeypatch.setenv("BROADSHEET_ADMIN_PASSWORD", "correct horse battery")
    out = setup()
    assert "correct horse battery" not in out
    assert User.objects.get(username="admin").check_password("correct horse battery")


@pytest.mark.django_db
def test_demo_twice_adds_nothing_the_second_time():
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("demo", stdout=out)
    assert "0 created, 7 skipped; 0 replies added" in out.getvalue()


def test_broadsheet_serve_runs_the_production_server(tmp_path):
    with live_server(tmp_path, workers=1) as server:
        front = urllib.request.urlopen(server.url + "/")
        assert "Harbour Bridge to close to cars" in front.read().decode()
        assert front.headers["Server"] != "WSGIServer"  # not Django's runserver
        css = urllib.request.urlopen(server.url + "/static/broadsheet/site.css")
        assert css.status == 200


def test_cli_maps_dashed_names_to_commands():
    result = subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", "import-text", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "--publish" in result.stdout
