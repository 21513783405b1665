"""Downloading a copy: whoever asked, while they still may have it, and nobody else
(404: the officer it is about included, when the monitoring officer asked); logged as
SUBJECT_ACCESS_DOWNLOADED; never cached; not made yet 404; past its time 410."""

from __future__ import annotations

import datetime

import pytest

from declarations import clock
from declarations.choices import ExportState, SecurityEventKind
from declarations.models import RoleAssignment, SecurityEvent, SubjectAccessCopy
from tests.declarations.privacy.copy_helpers import (
    ask_for,
    ask_own,
    body,
    copy_of,
    data_of,
    file_url,
    unzip,
)
from tests.factories import SubjectAccessCopyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mos_copy(client, monitoring_officer, officer):
    """A copy of the officer's data the monitoring officer asked for, made."""
    client.force_login(monitoring_officer.user)
    return copy_of(ask_for(client, officer))


def test_the_officer_downloads_their_own_copy(client, officer):
    client.force_login(officer.user)
    copy = ask_own(client)
    response = client.get(file_url(copy))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{copy.filename}"'
    assert "no-store" in response["Cache-Control"]
    assert int(response["Content-Length"]) == copy.size_bytes
    assert data_of(unzip(body(response)))["officer_id"] == officer.pk


def test_the_monitoring_officer_downloads_the_copy_and_it_is_logged(
    client, mos_copy, monitoring_officer, officer
):
    response = client.get(file_url(mos_copy))
    assert response.status_code == 200
    files = unzip(body(response))
    assert data_of(files)["profile"]["name"] == "Olive Officer"
    assert "Asked for by: Mona Monitoring (monitoring officer)" in files["README.txt"]
    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.SUBJECT_ACCESS_DOWNLOADED)
    assert event.user == monitoring_officer.user
    assert event.detail == {
        "officer": officer.pk,
        "requested_by": monitoring_officer.user.pk,
        "copy": str(mos_copy.pk),
    }


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_anyone_else_gets_404(client, mos_copy, who, request):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(file_url(mos_copy)).status_code == 404
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SUBJECT_ACCESS_DOWNLOADED)


def test_a_system_administrator_gets_404(client, mos_copy):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(file_url(mos_copy)).status_code == 404


def test_a_monitoring_officer_who_has_left_the_role_gets_404(client, mos_copy, monitoring_officer):
    RoleAssignment.objects.filter(officer=monitoring_officer).update(
        valid_to=clock.today() - datetime.timedelta(days=1)
    )
    assert client.get(file_url(mos_copy)).status_code == 404
    [denied] = SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED)
    assert denied.path == file_url(mos_copy)


def test_a_copy_not_made_yet_is_not_found(client, officer):
    copy = SubjectAccessCopyFactory(officer=officer)
    client.force_login(officer.user)
    response = client.get(file_url(copy))
    assert response.status_code == 404
    assert "This copy is not ready" in response.content.decode()


def test_a_failed_copy_says_why(client, officer):
    copy = SubjectAccessCopyFactory(officer=officer, state=ExportState.FAILED, error="It broke.")
    client.force_login(officer.user)
    response = client.get(file_url(copy))
    assert response.status_code == 404
    assert "It broke." in response.content.decode()


def test_a_copy_past_its_time_is_gone(client, officer):
    client.force_login(officer.user)
    copy = ask_own(client)
    SubjectAccessCopy.objects.filter(pk=copy.pk).update(
        expires_at=clock.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(file_url(copy))
    assert response.status_code == 410
    assert "This copy has been deleted" in response.content.decode()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SUBJECT_ACCESS_DOWNLOADED)
