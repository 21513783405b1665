"""The monitoring officer's subject-access page: find an officer of their organisation
(or seconded to it) by staff number, confirm, make a copy; errors name the field and
keep what was typed; the copies they asked for, newest first, at most 50. Anyone who is
not a monitoring officer today gets 403, and nobody gets a copy of an officer of
another organisation (403), whatever the form says."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from declarations import clock
from declarations.choices import ExportState, SecurityEventKind
from declarations.models import SecurityEvent, SubjectAccessCopy
from declarations.privacy import subject_access_jobs
from tests.declarations.privacy.copy_helpers import SUBJECT_ACCESS, ask_for, copy_of
from tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    SubjectAccessCopyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def find(client, staff_number: str):
    return client.post(SUBJECT_ACCESS, {"action": "find", "staff_number": staff_number})


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def test_it_finds_an_officer_by_staff_number_and_asks_to_confirm(mo_client, officer):
    response = find(mo_client, f" {officer.staff_number} ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Is this the officer?" in html
    assert "Olive Officer" in html
    assert f'name="officer" value="{officer.pk}"' in html
    assert "Make a copy of Olive Officer\u2019s data" in html
    assert not SubjectAccessCopy.objects.exists()  # not until confirmed


def test_confirming_makes_the_copy_and_logs_it(mo_client, monitoring_officer, officer):
    copy = copy_of(ask_for(mo_client, officer))
    assert (copy.officer, copy.requested_by, copy.state) == (
        officer,
        monitoring_officer.user,
        ExportState.DONE,
    )
    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.SUBJECT_ACCESS_REQUESTED)
    assert event.user == monitoring_officer.user
    assert event.detail["officer"] == officer.pk
    assert event.detail["for_themselves"] is False
    assert "Olive" not in str(event.detail)


def test_an_empty_staff_number_is_an_error_naming_the_field(mo_client):
    response = find(mo_client, "")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the staff number of the officer" in html
    assert 'href="#id_staff_number"' in html
    assert "<title>Error: " in html


def test_an_unknown_staff_number_is_an_error_keeping_what_was_typed(mo_client):
    response = find(mo_client, "NOBODY-42")
    assert response.status_code == 400
    html = response.content.decode()
    assert "No officer with that staff number" in html
    assert 'value="NOBODY-42"' in html


def test_an_officer_of_another_organisation_is_not_found(mo_client, stranger):
    response = find(mo_client, stranger.staff_number)
    assert response.status_code == 400
    assert "Sam Stranger" not in response.content.decode()


def test_an_officer_seconded_to_the_organisation_is_found(mo_client, thurrock, stranger):
    stranger.seconded_to = thurrock
    stranger.save()
    assert "Sam Stranger" in find(mo_client, stranger.staff_number).content.decode()
    assert copy_of(ask_for(mo_client, stranger)).officer == stranger


def test_a_forged_request_for_another_organisations_officer_is_refused(mo_client, stranger):
    assert ask_for(mo_client, stranger).status_code == 403
    assert ask_for(mo_client, type("Nobody", (), {"pk": 0})()).status_code == 403
    assert mo_client.post(SUBJECT_ACCESS, {"action": "make", "officer": "x"}).status_code == 403
    assert not SubjectAccessCopy.objects.exists()


def test_a_second_copy_of_the_same_officer_while_one_waits_is_refused(
    mo_client, officer, tasks_in_the_database
):
    copy_of(ask_for(mo_client, officer))
    response = ask_for(mo_client, officer)
    assert response.status_code == 429
    assert "already waiting or being made" in response.content.decode()
    assert SubjectAccessCopy.objects.count() == 1


def test_it_lists_the_copies_they_asked_for_newest_first_at_most_50(
    mo_client, monitoring_officer, officer, line_manager
):
    older = SubjectAccessCopyFactory(
        officer=line_manager, requested_by=monitoring_officer.user, filename="older.zip"
    )
    SubjectAccessCopy.objects.filter(pk=older.pk).update(
        requested_at=clock.now() - datetime.timedelta(days=1)
    )
    SubjectAccessCopyFactory(
        officer=officer, requested_by=monitoring_officer.user, filename="newer.zip"
    )
    SubjectAccessCopyFactory(officer=officer, filename="the-officers-own.zip")
    html = mo_client.get(SUBJECT_ACCESS).content.decode()
    assert html.index("Olive Officer") < html.index("Lee Manager")
    assert "the-officers-own" not in html
    assert subject_access_jobs.LIST_LIMIT == 50
    for _ in range(51):
        SubjectAccessCopyFactory(officer=officer, requested_by=monitoring_officer.user)
    html = mo_client.get(SUBJECT_ACCESS).content.decode()
    assert html.count('<tr class="govuk-table__row">') == 1 + 50


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_anyone_who_is_not_a_monitoring_officer_is_refused(client, who, request, officer):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(SUBJECT_ACCESS).status_code == 403
    assert find(client, officer.staff_number).status_code == 403
    assert ask_for(client, officer).status_code == 403
    assert not SubjectAccessCopy.objects.exists()


def test_a_system_administrator_without_a_staff_record_is_refused(client, officer):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(SUBJECT_ACCESS).status_code == 403
    assert ask_for(client, officer).status_code == 403


def test_another_organisations_monitoring_officer_is_refused_our_officer(client, officer):
    other = OfficerFactory(organisation=OrganisationFactory(code="ecc"))
    RoleAssignmentFactory(officer=other, organisation=other.organisation)
    client.force_login(other.user)
    assert client.get(SUBJECT_ACCESS).status_code == 200
    assert find(client, officer.staff_number).status_code == 400
    assert ask_for(client, officer).status_code == 403


def test_the_register_page_links_to_it_for_the_monitoring_officer(mo_client):
    html = mo_client.get(reverse("register")).content.decode()
    assert f'href="{SUBJECT_ACCESS}"' in html
