"""The app's configuration: its label stays "declarations" whatever the packages inside."""

from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = "Declarations register"

    def ready(self) -> None:
        # Connect the signal receivers: the security log's (sign-in, sign-out, failures,
        # lockouts) and the accounts journey's (the list of a user's sessions).
        from declarations import security_log  # noqa: F401
        from declarations.accounts import signals  # noqa: F401
