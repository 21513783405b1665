"""The app's configuration: its label stays "declarations" whatever the packages inside."""

from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = "Declarations register"
