"""The monitoring officer's subject-access page: find an officer employed by their
organisation by staff number, confirm (whether and when they left), make a copy; errors
name the field and keep what was typed; the copies they asked for, newest first, up to
the limit. Anyone who is not a monitoring officer today gets 403, and nobody gets a copy
of an officer of another organisation (403), not even one seconded to theirs, whatever
the form says."""

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


def test_the_host_monitoring_officer_is_refused_an_officer_seconded_to_them(
    mo_client, thurrock, stranger
):
    """The copy is the employer's whole record (relationships, disclosures, sessions,
    addresses): only the employer's monitoring officer may have it."""
    stranger.seconded_to = thurrock
    stranger.save()
    response = find(mo_client, stranger.staff_number)
    assert response.status_code == 400
    assert "Sam Stranger" not in response.content.decode()
    assert ask_for(mo_client, stranger).status_code == 403
    assert not SubjectAccessCopy.objects.exists()


def test_the_employers_monitoring_officer_finds_their_officer_seconded_elsewhere(
    mo_client, officer, stranger
):
    officer.seconded_to = stranger.organisation
    officer.save()
    assert "Is this the officer?" in find(mo_client, officer.staff_number).content.decode()
    assert copy_of(ask_for(mo_client, officer)).officer == officer


def test_the_confirm_step_says_the_officer_has_not_left(mo_client, officer):
    html = find(mo_client, officer.staff_number).content.decode()
    assert "Left on</dt>" in html
    assert "Has not left" in html


def test_the_confirm_step_says_when_a_leaver_left(mo_client, officer):
    officer.left_on = clock.today() - datetime.timedelta(days=10)
    officer.active = False
    officer.save()
    html = find(mo_client, officer.staff_number).content.decode()
    assert "Left on</dt>" in html
    assert f"{officer.left_on:%-d %B %Y}" in html
    assert "can no longer sign in" in html


def test_the_confirm_step_says_when_an_officer_will_leave(mo_client, officer):
    officer.left_on = clock.today() + datetime.timedelta(days=10)
    officer.save()
    html = find(mo_client, officer.staff_number).content.decode()
    assert "Leaves on</dt>" in html
    assert "can no longer sign in" not in html


def test_the_page_gives_the_one_month_deadline(mo_client):
    html = mo_client.get(SUBJECT_ACCESS).content.decode()
    assert "without undue delay and in any event within one month" in html
    assert "article 12(3)" in html


def test_the_page_has_a_back_link_to_the_register(mo_client):
    html = mo_client.get(SUBJECT_ACCESS).content.decode()
    assert f'<a href="{reverse("register")}" class="govuk-back-link">' in html


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


def _ready(**fields) -> SubjectAccessCopy:
    """A finished copy, not yet expired: its page lists its file by name."""
    return SubjectAccessCopyFactory(
        state=ExportState.DONE,
        file=f"2026/11/30/{fields['filename']}",
        expires_at=clock.now() + datetime.timedelta(hours=1),
        **fields,
    )


def test_it_lists_the_copies_they_asked_for_newest_first(
    mo_client, monitoring_officer, officer, line_manager
):
    older = _ready(officer=line_manager, requested_by=monitoring_officer.user, filename="older.zip")
    SubjectAccessCopy.objects.filter(pk=older.pk).update(
        requested_at=clock.now() - datetime.timedelta(days=1)
    )
    _ready(officer=officer, requested_by=monitoring_officer.user, filename="newer.zip")
    _ready(officer=officer, filename="the-officers-own.zip")
    html = mo_client.get(SUBJECT_ACCESS).content.decode()
    assert "Download newer.zip" in html
    assert "Download older.zip" in html
    assert html.index("newer.zip") < html.index("older.zip")
    assert "the-officers-own.zip" not in html


def test_it_lists_at_most_the_limit_of_copies(mo_client, monitoring_officer, officer):
    limit = subject_access_jobs.LIST_LIMIT
    for _ in range(limit + 1):
        SubjectAccessCopyFactory(officer=officer, requested_by=monitoring_officer.user)
    html = mo_client.get(SUBJECT_ACCESS).content.decode()
    assert html.count('<tr class="govuk-table__row">') == 1 + limit


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
