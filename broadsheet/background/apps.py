from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "broadsheet.background"
    verbose_name = "Background work"
