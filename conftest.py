"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs collectstatic to have run; tests render templates
    # without it. Everything else is the production configuration.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    yield
    from django.core.cache import cache

    from broadsheet import generation

    cache.clear()
    generation.advance()  # pages this process holds in memory are gone too


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory):
    # Images drawn by tests (the demo newsroom's too) never land in ./data/media.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
