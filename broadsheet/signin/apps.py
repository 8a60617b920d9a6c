from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "broadsheet.signin"
    verbose_name = "Staff sign-in"
