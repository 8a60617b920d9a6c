from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "broadsheet.security"
    verbose_name = "Security"
