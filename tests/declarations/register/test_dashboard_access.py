"""Who may see the compliance dashboard, the publish page and the published register."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from declarations.register import publishing
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


def test_the_address():
    assert reverse("dashboard") == DASHBOARD


def test_the_monitoring_officer_sees_their_organisations_dashboard(client, monitoring_officer):
    client.force_login(monitoring_officer.user)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert response.context["organisation"] == monitoring_officer.organisation


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_everyone_else_is_refused(client, monitoring_officer, who, request):
    person = request.getfixturevalue(who)
    client.force_login(person.user)

    response = client.get(DASHBOARD)

    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


def test_a_signed_in_user_without_a_staff_record_is_refused(client, monitoring_officer):
    client.force_login(UserFactory(username="no.record"))

    assert client.get(DASHBOARD).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, monitoring_officer):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_monitoring_officer_cannot_see_another_organisations_dashboard(
    client, monitoring_officer, stranger
):
    client.force_login(monitoring_officer.user)

    assert client.get(DASHBOARD, {"organisation": "ecc"}).status_code == 403
    assert client.get(DASHBOARD, {"organisation": "nowhere"}).status_code == 403


def test_a_former_monitoring_officer_is_refused(client, thurrock, director):
    RoleAssignmentFactory(
        officer=director,
        organisation=thurrock,
        role="monitoring_officer",
        valid_from="2020-01-01",
        valid_to="2021-01-01",
    )
    client.force_login(director.user)

    assert client.get(DASHBOARD).status_code == 403


def test_a_monitoring_officer_of_two_organisations_chooses(client, monitoring_officer, stranger):
    RoleAssignmentFactory(
        officer=monitoring_officer, organisation=stranger.organisation, role="monitoring_officer"
    )
    client.force_login(monitoring_officer.user)

    first = client.get(DASHBOARD)
    chosen = client.get(DASHBOARD, {"organisation": "ecc"})

    assert first.context["organisation"].code == "ecc"  # Essex County Council sorts first
    assert chosen.context["organisation"].code == "ecc"
    thurrock = client.get(DASHBOARD, {"organisation": "thurrock"})
    assert thurrock.context["organisation"].code == "thurrock"
    assert 'name="organisation"' in first.content.decode()


def test_a_system_administrator_sees_any_organisation(client, thurrock, stranger):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    assert client.get(DASHBOARD, {"organisation": "thurrock"}).status_code == 200
    assert client.get(DASHBOARD, {"organisation": "ecc"}).status_code == 200


def test_the_dashboard_reads_and_asks_for_its_figures_again_only(client, monitoring_officer):
    # POST asks for the figures to be worked out again (test_dashboard_snapshot.py);
    # nothing else changes anything.
    client.force_login(monitoring_officer.user)

    assert client.put(DASHBOARD).status_code == 405
    assert client.delete(DASHBOARD).status_code == 405


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_everyone_else_cannot_ask_for_the_figures_again(
    client, monitoring_officer, who, request, tasks_in_the_database
):
    client.force_login(request.getfixturevalue(who).user)

    response = client.post(DASHBOARD, {"organisation": "thurrock"})

    assert response.status_code == 403
    assert not DBTaskResult.objects.exists()


def test_a_monitoring_officer_cannot_ask_for_another_organisations_figures(
    client, monitoring_officer, stranger, tasks_in_the_database
):
    client.force_login(monitoring_officer.user)

    assert client.post(DASHBOARD, {"organisation": "ecc"}).status_code == 403
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    "who", [None, "officer", "line_manager", "director", "monitoring_officer", "stranger"]
)
def test_the_published_register_is_open_to_everyone(
    client, thurrock, monitoring_officer, who, request
):
    publishing.publish(thurrock, by=monitoring_officer)
    if who:
        client.force_login(request.getfixturevalue(who).user)

    for url in ("/published/", "/published/thurrock/", "/published/thurrock.csv"):
        assert client.get(url).status_code == 200, url
