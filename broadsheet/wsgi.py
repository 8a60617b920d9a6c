"""The WSGI application that granian (or any WSGI server) serves."""

import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django_application = get_wsgi_application()

from broadsheet.caching.wsgi import PageCache  # noqa: E402  (needs settings loaded)

application = PageCache(django_application, enabled=settings.PAGE_CACHE)

# What is loaded by now (Django, the apps, the URL map) lives as long as the
# process: set aside from the collector, so a full collection no longer walks
# it. Measured on the article with 200 replies, its slowest collection during
# 600 cache misses fell from 90 ms to 19 ms, at no cost in memory.
gc.freeze()
