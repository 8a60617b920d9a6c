from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "broadsheet.media"
    verbose_name = "Media library"

    def ready(self):
        from broadsheet.media import signals  # noqa: F401
