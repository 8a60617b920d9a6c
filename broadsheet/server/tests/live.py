"""Run the real production server (`broadsheet serve`) for tests, on a free port.

    with live_server(tmp_path) as server:
        urllib.request.urlopen(server.url + "/")

The server gets its own DATA_DIR (SQLite) or, when the test run itself uses
PostgreSQL, a fresh database on the same server, dropped afterwards.
"""

import contextlib
import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

import dj_database_url
import psycopg
import pytest

CLI = [sys.executable, "-m", "broadsheet.cli"]


@dataclass
class LiveServer:
    url: str
    env: dict
    process: subprocess.Popen
    cwd: str | None = None

    def manage(self, *args, timeout=120) -> str:
        """Run a `broadsheet` command against the server's database; return stdout."""
        result = subprocess.run(
            [*CLI, *args],
            env=self.env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx answers back as HTTPError, so a test can read Location."""

    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar=None):
    """A urllib opener that keeps cookies in jar (if given) and follows no redirect."""
    handlers = [NoRedirect]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def scratch_database(tmp_path):
    """The DATABASE_URL for a server of our own: none (SQLite) or a new PG database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield None
        return
    config = dj_database_url.parse(url)
    name = f"broadsheet_live_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextlib.contextmanager
def live_server(tmp_path, workers=2, cwd=None, **env):
    """Set up a site (migrations, demo content) and serve it until the block
    ends; `cwd`: the folder the server runs in (granian imports the application
    from its working directory first)."""
    with scratch_database(tmp_path) as database_url:
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        environment.update(
            DATA_DIR=str(tmp_path), BROADSHEET_ADMIN_PASSWORD="pw-for-test", **env
        )
        if database_url:
            environment["DATABASE_URL"] = database_url
        subprocess.run(
            [*CLI, "setup"],
            env=environment,
            cwd=cwd,
            check=True,
            capture_output=True,
            timeout=300,
        )
        port = free_port()
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), "--workers", str(workers)],
            env=environment,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        server = LiveServer(f"http://127.0.0.1:{port}", environment, process, cwd)
        try:
            wait_for(server.url + "/", process)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def another_server(server, workers=1):
    """A second server process on the same database and cache as `server`."""
    port = free_port()
    process = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--workers", str(workers)],
        env=server.env,
        cwd=server.cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
        yield LiveServer(f"http://127.0.0.1:{port}", server.env, process, server.cwd)
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for(url, process, seconds=30):
    """Return the first answer from url; fail with the server's output if none comes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited early:\n{process.stdout.read()}")
        try:
            return urllib.request.urlopen(url, timeout=2)
        except OSError:
            time.sleep(0.2)
    process.terminate()
    pytest.fail(f"server did not answer {url}:\n{process.communicate(timeout=5)[0]}")


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = opener(self.jar)

    def get(self, path):
        return self.opener.open(self.base + path, timeout=10).read().decode()

    def post(self, path, data):
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(data).encode()
        )
        try:
            return self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as answer:
            return answer

    @classmethod
    def signed_in(cls, base, username="admin", password="pw-for-test"):
        """A desk signed in to the admin with a password (TWO_FACTOR_ROLES="")."""
        desk = cls(base)
        desk.get("/admin/login/")
        desk.post(
            "/admin/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": desk.csrf(),
                "next": "/admin/",
            },
        )
        return desk

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")
