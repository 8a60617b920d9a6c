from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "broadsheet.caching"
    verbose_name = "Page cache"

    def ready(self):
        from broadsheet.caching import invalidation  # noqa: F401  (connects receivers)
