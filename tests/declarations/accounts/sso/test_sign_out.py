"""Signing out of a single sign-on session ends the register's session only (the
provider's own session stays, as documented)."""

from __future__ import annotations

from django.urls import reverse


def test_signing_out_ends_the_registers_session(
    client, officer, thurrock_sso, subject, sign_in_with_sso
):
    sign_in_with_sso(subject, email=officer.user.email)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302
