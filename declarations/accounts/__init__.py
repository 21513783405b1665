"""The accounts journey: signing in (locally with a second factor, or through an
employer's identity provider), passwords, sessions and the security settings a user
manages for themselves."""

__all__: list[str] = []
