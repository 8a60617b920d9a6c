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


def run_check(tmp_path, *command, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "broadsheet.cli", *(command or ["check"])],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


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


def test_debug_zero_means_off_and_a_secret_key_is_generated_once(tmp_path):
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
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    run_check(tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_models_and_migrations_agree():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "broadsheet.cli",
            "makemigrations",
            "--check",
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout
