from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "broadsheet.live"
    verbose_name = "Live coverage"
