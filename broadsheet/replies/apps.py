from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "broadsheet.replies"
    verbose_name = "Reader replies"

    def ready(self):
        from broadsheet.replies import notifications  # noqa: F401  (connects receivers)
