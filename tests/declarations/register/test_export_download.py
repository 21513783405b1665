"""Downloading an export's file: the person who asked, while they still keep that
register, and nobody else (404, a colleague who keeps the same register included, and
the person who asked once they no longer keep it: one ACCESS_DENIED in the security
log), never cached; a file not made yet is 404, one past its time 410 with a page
saying so and offering to make it again."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from declarations import clock
from declarations.choices import ExportState, SecurityEventKind
from declarations.models import Export, RoleAssignment, SecurityEvent
from tests.declarations.register.export_helpers import (
    an_export,
    ask,
    body,
    export_of,
    file_url,
)
from tests.factories import OfficerFactory, RoleAssignmentFactory, UserFactory, entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(client, monitoring_officer, officer):
    """A CSV export the monitoring officer asked for, made (immediate backend)."""
    entry(officer, counterparty="Acme Supplies Ltd")
    client.force_login(monitoring_officer.user)
    return export_of(ask(client, "register-export-csv"))


def test_the_person_who_asked_downloads_it_and_reads_it_back(client, made, officer):
    response = client.get(file_url(made))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{made.filename}"'
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert [row["Counterparty"] for row in rows] == ["Acme Supplies Ltd"]
    assert int(response["Content-Length"]) == made.size_bytes


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_anyone_else_gets_404(client, made, who, request):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(file_url(made)).status_code == 404


def test_a_colleague_who_keeps_the_same_register_gets_404(client, made, thurrock):
    colleague = OfficerFactory(organisation=thurrock, user=UserFactory(username="mo.colleague"))
    RoleAssignmentFactory(officer=colleague, organisation=thurrock, role="monitoring_officer")
    client.force_login(colleague.user)
    assert client.get(reverse("register")).status_code == 200  # a keeper all the same
    assert client.get(file_url(made)).status_code == 404


def test_the_anonymous_are_sent_to_sign_in(client, made):
    client.logout()
    response = client.get(file_url(made))
    assert response.status_code == 302
    assert "next=" in response.url


def test_a_file_not_made_yet_is_not_found(client, monitoring_officer, tasks_in_the_database):
    client.force_login(monitoring_officer.user)
    export = export_of(ask(client, "register-export-csv"))
    response = client.get(file_url(export))
    assert response.status_code == 404
    assert "This file is not ready" in response.content.decode()


def test_a_file_past_its_time_is_gone(client, made):
    Export.objects.filter(pk=made.pk).update(expires_at=clock.now() - datetime.timedelta(minutes=1))
    response = client.get(file_url(made))
    assert response.status_code == 410
    assert "This file has been deleted" in response.content.decode()


def test_a_failed_export_has_no_file(client, monitoring_officer, thurrock):
    failed = an_export(
        monitoring_officer.user,
        thurrock,
        title="Register",
        filename="register.csv",
        state=ExportState.FAILED,
        error="You no longer keep this register, so the export was not made.",
    )
    client.force_login(monitoring_officer.user)
    response = client.get(file_url(failed))
    assert response.status_code == 404
    assert "You no longer keep this register" in response.content.decode()


def _end_role(monitoring_officer) -> None:
    RoleAssignment.objects.filter(officer=monitoring_officer).update(
        valid_to=clock.today() - datetime.timedelta(days=1)
    )


def test_someone_who_no_longer_keeps_the_register_gets_404(client, made, monitoring_officer):
    _end_role(monitoring_officer)
    response = client.get(file_url(made))
    assert response.status_code == 404
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT_DOWNLOADED).exists()


def test_that_refusal_is_one_access_denied_event(client, made, monitoring_officer):
    _end_role(monitoring_officer)
    client.get(file_url(made))
    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED)
    assert event.user == monitoring_officer.user
    assert event.path == file_url(made)  # which export
    assert event.detail == {"status": 404, "method": "GET"}


def test_a_keeper_who_moved_to_another_register_gets_404(
    client, made, monitoring_officer, stranger
):
    _end_role(monitoring_officer)
    RoleAssignmentFactory(
        officer=monitoring_officer, organisation=stranger.organisation, role="monitoring_officer"
    )
    assert client.get(reverse("register")).status_code == 200  # a keeper, of another register
    assert client.get(file_url(made)).status_code == 404


def test_a_director_who_still_keeps_his_register_downloads_it(client, director, officer):
    entry(officer)
    client.force_login(director.user)
    slug = f"thurrock-director-{director.pk}"
    export = export_of(ask(client, "named-register-export-csv", args=[slug]))
    assert client.get(file_url(export)).status_code == 200


def test_a_file_past_its_time_offers_to_make_it_again(client, made):
    Export.objects.filter(pk=made.pk).update(expires_at=clock.now() - datetime.timedelta(minutes=1))
    html = client.get(file_url(made)).content.decode()
    again = f"{reverse('register-export-csv')}?organisation=thurrock"
    assert f'<form method="post" action="{again}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'href="{reverse("register")}?organisation=thurrock"' in html
