from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "broadsheet.syndication"
    verbose_name = "Feeds and discovery"
