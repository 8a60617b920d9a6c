"""What the docs name exists: admin sections and paths, environment variables."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[3]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Variables of the Makefile and the bench, not of the site (docs/development.md).
NOT_SETTINGS = {
    "POSTGRES_TEST_URL",
    "POSTGRES_BENCH_URL",
    "WARNING",
    # boto3's own variables, named where the S3 storage's credentials come from.
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    # Named in docs/search.md: an FTS5 operator, and the search's table of
    # tokenizers (broadsheet/search/languages.py), which a newsroom extends.
    "NEAR",
    "FTS5_TOKENIZERS",
}


def text_of_docs():
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


def admin_sections_named():
    """Every *App → Model* in the docs (a link to an admin section)."""
    joined = re.sub(r"\s+", " ", text_of_docs())
    return sorted(set(re.findall(r"\*([A-Z][\w ]+?) → ([A-Z][\w ]+?)\*", joined)))


def admin_sections():
    return {
        (str(model._meta.app_config.verbose_name), str(model._meta.verbose_name_plural))
        for model in admin.site._registry
    }


def test_the_docs_name_admin_sections():
    assert len(admin_sections_named()) >= 3


@pytest.mark.parametrize(("app", "model"), admin_sections_named())
def test_every_admin_section_named_in_the_docs_exists(app, model):
    sections = {(a.lower(), m.lower()) for a, m in admin_sections()}
    assert (app.lower(), model.lower()) in sections, sorted(admin_sections())


@pytest.mark.parametrize(
    "path", sorted(set(re.findall(r"`(/admin/[^`\s]*)`", text_of_docs())))
)
def test_every_admin_path_named_in_the_docs_resolves(path):
    try:
        resolve(path)
    except Resolver404:
        pytest.fail(f"{path} is named in the docs but is no admin page")


def test_every_environment_variable_named_in_the_docs_is_a_setting():
    configuration = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", configuration, re.M))
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{3,})`", text_of_docs()))
    # Django settings the docs explain (CONTENT_SECURITY_POLICY…) exist as such.
    django_settings = {name for name in named if hasattr(settings, name)}
    assert named - NOT_SETTINGS - documented - django_settings == set()
