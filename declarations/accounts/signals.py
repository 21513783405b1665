"""Receivers for Django's sign-in signals that belong to the accounts journey
(sessions-and-headers work fills this in). Connected in declarations/apps.py."""
