"""The WSGI application that granian (or any WSGI server) serves."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
django_application = get_wsgi_application()

from broadsheet.caching.wsgi import PageCache  # noqa: E402  (needs settings loaded)

application = PageCache(django_application, enabled=settings.PAGE_CACHE)
