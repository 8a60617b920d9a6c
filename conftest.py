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
    # Staff tests sign in with force_login, which has no second factor; the tests
    # of the requirement (broadsheet/signin/tests) set TWO_FACTOR_ROLES themselves.
    settings.TWO_FACTOR_ROLES = []
    yield
    from django.core.cache import cache

    from broadsheet import generation

    cache.clear()
    generation.advance()  # pages this process holds in memory are gone too
