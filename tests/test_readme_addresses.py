"""The README's "Addresses": every address it says anyone can open answers without
signing in, and every one it says needs a sign-in sends a stranger to sign in. The lists
are read from the README itself, so they cannot drift from the register."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from declarations.models import WorkerHeartbeat
from declarations.register import publishing

README = Path(__file__).resolve().parent.parent / "README.md"
EMPLOYER = "thurrock"  # what `<employer>` stands for: an employer that has published
ENTRY = "1"  # what `<id>` stands for: sign-in comes first, whether or not it exists


def addresses_in(section: str) -> list[str]:
    """The addresses in backticks in the README's list that follows `section`."""
    text = README.read_text()
    start = text.index(section)
    items = re.match(r"(?:\n\n)?((?:(?:- |  ).*\n)+)", text[start + len(section) :])
    assert items, f"No list follows {section!r} in the README"
    return re.findall(r"`(/[^`\s]*)`", items.group(1))


PUBLIC = addresses_in("Without signing in, anyone can open:")
SIGNED_IN = addresses_in("Everything else asks you to sign in first:")


def test_the_readme_lists_the_public_and_signed_in_addresses():
    assert {"/sign-in/", "/published/", "/published/<employer>/"} <= set(PUBLIC)
    assert {"/", "/register/", "/decisions/", "/account/"} <= set(SIGNED_IN)


@pytest.mark.django_db
@pytest.mark.parametrize("address", PUBLIC)
def test_each_public_address_answers_without_signing_in(client, thurrock, address):
    published = publishing.publish(thurrock, by=None)
    WorkerHeartbeat.objects.create(worker_id="readme")  # a worker seen just now, for /readyz

    # A public `<id>` is one of the employer's publications (a previous version).
    response = client.get(
        address.replace("<employer>", EMPLOYER).replace("<id>", str(published.pk))
    )

    assert response.status_code == 200, address


@pytest.mark.django_db
@pytest.mark.parametrize("address", SIGNED_IN)
def test_each_other_address_asks_a_stranger_to_sign_in(client, thurrock, address):
    response = client.get(address.replace("<employer>", EMPLOYER).replace("<id>", ENTRY))

    assert response.status_code == 302, address
    sign_in_pages = (reverse("login"), reverse("admin-sign-in"))
    assert response["Location"].startswith(sign_in_pages), response["Location"]
