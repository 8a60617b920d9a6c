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
    # Background tasks run as they are enqueued (Django's test backend), so a
    # test sees the mail in mailoutbox; the worker's own tests
    # (broadsheet/background/tests) use the database queue, as production does.
    settings.TASKS = {
        "default": {
            "BACKEND": "broadsheet.background.tests.backends.ImmediateUnlessDeferred"
        }
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    yield
    from django.core.cache import cache

    from broadsheet import generation

    cache.clear()
    generation.advance()  # pages this process holds in memory are gone too
