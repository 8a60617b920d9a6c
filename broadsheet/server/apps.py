from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "broadsheet.server"
    verbose_name = "Server"
