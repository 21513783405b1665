"""The accounts journey: signing in (locally with a second factor, or through an
employer's identity provider), passwords, sessions and the security settings a user
manages for themselves."""

from declarations.accounts.sessions import end_all_sessions

__all__ = ["end_all_sessions"]
