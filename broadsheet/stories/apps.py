from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "broadsheet.stories"
    verbose_name = "Stories and the breaking-news banner"

    def ready(self):
        from broadsheet.stories import following  # noqa: F401  (connects receivers)
