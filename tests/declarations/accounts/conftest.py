import pytest


@pytest.fixture
def signed_in(client, officer):
    """The officer's client, signed in."""
    client.force_login(officer.user)
    return client
