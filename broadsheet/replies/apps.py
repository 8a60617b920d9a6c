from django.apps import AppConfig


class RepliesConfig(AppConfig):
    name = "broadsheet.replies"
    verbose_name = "Reader replies"

    def ready(self):
        # Importing them connects their receivers.
        from broadsheet.replies import discussions, notifications  # noqa: F401
