import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def variables_read_by_the_code():
    pattern = re.compile(r'(?:env_\w+\(|os\.environ(?:\.get)?[\(\[])"([A-Z_]+)"')
    names = set()
    for path in (ROOT / "broadsheet").rglob("*.py"):
        if "tests" not in path.parts:
            names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names - {"DJANGO_SETTINGS_MODULE"}


def variables_documented():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([A-Z_]+)` \|", text, re.M))


def test_every_environment_variable_is_documented_and_no_more():
    assert variables_read_by_the_code() == variables_documented()


def broadsheet(*command, **options):
    """`broadsheet COMMAND` in a process of its own (options: subprocess.run's)."""
    return subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *command],
        capture_output=True,
        text=True,
        timeout=60,
        **options,
    )


def run_check(tmp_path, *command, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(DATA_DIR=str(tmp_path), **env)
    return broadsheet(*(command or ["check"]), env=environment)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("PORT", "eighty", "PORT='eighty' is not a whole number"),
        ("ARTICLES_PER_PAGE", "0", "ARTICLES_PER_PAGE='0' must be at least 1"),
        (
            "SITE_URL",
            "news.example.org",
            "SITE_URL='news.example.org' must be an absolute",
        ),
        ("DATABASE_URL", "mongodb://x/y", "DATABASE_URL"),
    ],
)
def test_a_wrong_value_stops_start_up_naming_the_variable(
    tmp_path, name, value, message
):
    result = run_check(tmp_path, **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_zero_means_off(tmp_path):
    show_debug = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
    )
    result = run_check(tmp_path, *show_debug, DEBUG="0")
    assert result.stdout.strip() == "False", result.stderr
    assert run_check(tmp_path, *show_debug).stdout.strip() == "False"
    assert run_check(tmp_path, *show_debug, DEBUG="yes").stdout.strip() == "True"


def test_setup_keeps_a_secret_key_once(tmp_path):
    assert run_check(tmp_path, "setup", "--no-demo").returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    run_check(tmp_path, "setup", "--no-demo")
    assert (tmp_path / "secret_key").read_text() == key


@pytest.mark.parametrize(
    "command", [["--help"], ["help", "import-text"], ["check"], ["serve", "--help"]]
)
def test_help_and_read_only_commands_write_nothing(tmp_path, command):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATA_DIR")
    }
    result = broadsheet(*command, env=environment, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_site_url_follows_port_unless_set(tmp_path):
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SITE_URL)",
    )
    assert run_check(tmp_path, *show, PORT="8123").stdout.strip() == (
        "http://127.0.0.1:8123"
    )
    set_url = run_check(
        tmp_path, *show, PORT="8123", SITE_URL="https://news.example.org/"
    )
    assert set_url.stdout.strip() == "https://news.example.org"


def test_models_and_migrations_agree():
    result = broadsheet("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout


def test_the_embedded_database_runs_with_its_settings(tmp_path):
    """SQLite as the site opens it: WAL, NORMAL sync, a busy wait, mapped reads."""
    show_pragmas = (
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print([c.execute(f'PRAGMA {name}').fetchone()[0] for name in "
        "('journal_mode', 'synchronous', 'busy_timeout', 'mmap_size')])",
    )
    result = run_check(tmp_path, *show_pragmas)
    assert result.stdout.strip() == "['wal', 1, 10000, 268435456]", result.stderr


PREPARED_COUNT = """
from django.db import connection
with connection.cursor() as cursor:
    for n in range(8):
        cursor.execute("SELECT %s::int + 1", [n])
    cursor.execute("SELECT count(*) FROM pg_prepared_statements")
    print(cursor.fetchone()[0])
"""


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="prepared statements are PostgreSQL's",
)
@pytest.mark.parametrize(("value", "prepared"), [(None, True), ("false", False)])
def test_postgresql_prepares_repeated_statements_unless_told_not_to(
    tmp_path, value, prepared
):
    environment = {**os.environ, "DATA_DIR": str(tmp_path)}
    environment.pop("DATABASE_PREPARED_STATEMENTS", None)
    if value is not None:
        environment["DATABASE_PREPARED_STATEMENTS"] = value
    result = broadsheet("shell", "--no-imports", input=PREPARED_COUNT, env=environment)
    assert result.returncode == 0, result.stderr
    assert (int(result.stdout) > 0) is prepared
