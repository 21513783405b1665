"""The navigation (declarations/context_processors.py) offers each person only what they
may use: every item shown opens, every item hidden refuses, and no link on a page it
leads to answers 403. Asked of each member of the cast, a chief executive, and a Thurrock
director who keeps a register of their own."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from declarations.context_processors import NAVIGATION
from tests.factories import open_for, person

# Exports are gated as their pages are, and the PDF is slow to draw.
NOT_FOLLOWED = re.compile(r"/export\.|/static/|^/published/")


@pytest.fixture
def chief_executive(thurrock, director):
    """Cy, Thurrock's chief executive, to whom Dana reports."""
    chief = person(thurrock, "cy.chief", "chief_executive")
    director.line_manager = chief
    director.save()
    return chief


@pytest.fixture
def everyone(officer, line_manager, director, monitoring_officer, stranger, chief_executive):
    """The cast with something on their routes: Olive's gift waits for Lee."""
    open_for(officer)
    return {
        "officer": officer,
        "line_manager": line_manager,
        "director": director,
        "monitoring_officer": monitoring_officer,
        "stranger": stranger,
        "chief_executive": chief_executive,
    }


def signed_in(someone) -> Client:
    client = Client()
    client.force_login(someone.user)
    return client


def navigation_of(client: Client) -> dict[str, str]:
    """Label -> address of each item the navigation offers."""
    return {item.label: item.url for item in client.get(reverse("home")).context["navigation"]}


def links_on(client: Client, address: str) -> set[str]:
    """The addresses a page links to, each once (a filter or sort in a query string asks
    nothing new of who may see the page)."""
    content = client.get(address).content.decode()
    found = {link.split("?")[0] for link in re.findall(r'href="(/[^"#?]*)', content)}
    return {link for link in found if not NOT_FOLLOWED.search(link)}


CAST = ["officer", "line_manager", "director", "monitoring_officer", "stranger", "chief_executive"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", CAST)
def test_every_item_offered_opens_and_every_item_hidden_refuses(everyone, who):
    client = signed_in(everyone[who])
    offered = navigation_of(client)

    for label, name, _, _ in NAVIGATION:
        status = client.get(reverse(name)).status_code
        if label in offered:
            assert status == 200, f"{who} is offered {label}, which answers {status}"
        else:
            assert status == 403, f"{who} is not offered {label}, which answers {status}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", CAST)
def test_no_link_on_a_page_the_navigation_leads_to_answers_403(everyone, who):
    client = signed_in(everyone[who])

    linked = {link for page in navigation_of(client).values() for link in links_on(client, page)}

    refused = {link for link in linked if client.get(link).status_code == 403}

    assert refused == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("officer", False),
        ("stranger", False),
        ("line_manager", True),
        ("director", True),
        ("monitoring_officer", True),
        ("chief_executive", True),
    ],
)
def test_for_your_decision_is_offered_to_those_a_route_could_ask(everyone, who, offered):
    client = signed_in(everyone[who])

    assert ("For your decision" in navigation_of(client)) is offered
    assert (client.get(reverse("decision-delegate")).status_code == 200) is offered


@pytest.mark.django_db
def test_a_director_who_keeps_a_register_is_led_to_it(everyone, director):
    client = signed_in(director)

    offered = navigation_of(client)

    assert "Register" not in offered
    assert offered["Registers you keep"] == reverse("named-register-list")
    own = reverse("named-register", args=[f"thurrock-director-{director.pk}"])
    assert own in links_on(client, offered["Registers you keep"])
    assert client.get(own).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["line_manager", "chief_executive"])
def test_line_managers_and_chief_executives_are_not_offered_the_register(everyone, who):
    offered = navigation_of(signed_in(everyone[who]))

    assert {"Register", "Dashboard", "Publish", "Security log"}.isdisjoint(offered)
