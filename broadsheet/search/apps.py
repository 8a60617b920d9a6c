from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "broadsheet.search"
    verbose_name = "Reader search"

    def ready(self):
        from broadsheet.search import receivers  # noqa: F401
