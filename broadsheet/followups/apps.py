from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "broadsheet.followups"
    verbose_name = "Follow-ups"

    def ready(self):
        from broadsheet.followups import receivers  # noqa: F401
