"""Fixtures shared by every app's tests: each changes one thing from production."""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs collectstatic to have run; tests render
    # templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_when_enqueued(settings):
    # So a test sees the mail in mailoutbox; the worker's own tests
    # (broadsheet/background/tests) use the database queue, as production does.
    settings.TASKS = {
        "default": {
            "BACKEND": "broadsheet.background.tests.backends.ImmediateUnlessDeferred"
        }
    }


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    # Staff tests sign in with force_login, which has no second factor; the tests
    # of the requirement (broadsheet/signin/tests) set TWO_FACTOR_ROLES themselves.
    settings.TWO_FACTOR_ROLES = []


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    """Each test starts with an empty cache in memory, and leaves no page behind
    in this process's page cache (a purge generation of its own)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    yield
    from django.core.cache import cache

    from broadsheet import generation

    cache.clear()
    generation.advance()


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory):
    # Images drawn by tests (the demo newsroom's too) never land in ./data/media.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
