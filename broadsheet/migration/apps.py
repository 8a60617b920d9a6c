from django.apps import AppConfig


class MigrationConfig(AppConfig):
    name = "broadsheet.migration"
    verbose_name = "WordPress migration"
