"""Single sign-on through each employer's identity provider (OpenID Connect)."""
