from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "broadsheet.pages"
    verbose_name = "Pages and navigation"
