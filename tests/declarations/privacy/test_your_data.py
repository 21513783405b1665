"""'Your data': an officer sees what the register holds about them and makes a copy of
it (POST, then the copy's page); asking is logged (SUBJECT_ACCESS_REQUESTED, ids only);
a second copy while one is waiting is refused with the reason; someone with no staff
record gets 403; the account page links to it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from declarations import clock
from declarations.choices import ExportState, SecurityEventKind
from declarations.models import SecurityEvent, SubjectAccessCopy
from tests.declarations.privacy.copy_helpers import YOUR_DATA, ask_own, copy_of, page_url
from tests.factories import SubjectAccessCopyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_page_says_what_the_register_holds_and_offers_a_copy(client, officer):
    client.force_login(officer.user)
    response = client.get(YOUR_DATA)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Your data</h1>' in html
    assert "every declaration you made" in html
    assert "Make a copy of your data" in html
    assert "You have not asked for a copy of your data." in html
    assert "no-store" in response["Cache-Control"]


def test_asking_makes_a_copy_and_sends_its_page(client, officer):
    client.force_login(officer.user)
    response = client.post(YOUR_DATA)
    copy = copy_of(response)
    assert response["Location"] == page_url(copy)
    assert (copy.officer, copy.requested_by, copy.state) == (
        officer,
        officer.user,
        ExportState.DONE,
    )
    assert copy.filename.startswith("subject-access-thurrock-")
    html = client.get(YOUR_DATA).content.decode()
    assert reverse("privacy-copy-file", args=[copy.pk]) in html


def test_asking_is_logged_with_ids_not_names(client, officer):
    client.force_login(officer.user)
    copy = ask_own(client)
    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.SUBJECT_ACCESS_REQUESTED)
    assert event.user == officer.user
    assert event.organisation == officer.organisation
    assert event.detail == {
        "officer": officer.pk,
        "requested_by": officer.user.pk,
        "for_themselves": True,
        "copy": str(copy.pk),
    }


def test_a_second_copy_while_one_is_waiting_is_refused(client, officer, tasks_in_the_database):
    client.force_login(officer.user)
    ask_own(client)
    response = client.post(YOUR_DATA)
    assert response.status_code == 429
    html = response.content.decode()
    assert "already waiting or being made" in html
    assert "govuk-error-summary" in html
    assert SubjectAccessCopy.objects.count() == 1
    assert (
        SecurityEvent.objects.filter(kind=SecurityEventKind.SUBJECT_ACCESS_REQUESTED).count() == 1
    )


def test_a_finished_copy_does_not_stop_a_new_one(client, officer):
    client.force_login(officer.user)
    ask_own(client)
    ask_own(client)
    assert SubjectAccessCopy.objects.filter(officer=officer).count() == 2


def _ready(**fields) -> SubjectAccessCopy:
    """A finished copy, not yet expired: the page lists its file by name."""
    return SubjectAccessCopyFactory(
        state=ExportState.DONE,
        file=f"2026/11/30/{fields['filename']}",
        expires_at=clock.now() + datetime.timedelta(hours=1),
        **fields,
    )


def test_it_lists_only_the_copies_of_themselves_they_asked_for(client, officer, monitoring_officer):
    _ready(officer=officer, filename="mine.zip")
    _ready(officer=officer, requested_by=monitoring_officer.user, filename="the-mos.zip")
    client.force_login(officer.user)
    html = client.get(YOUR_DATA).content.decode()
    assert "Your copies, newest first" in html
    assert "Download mine.zip" in html
    assert "the-mos.zip" not in html


def test_the_page_has_a_back_link_to_the_account_page(client, officer):
    client.force_login(officer.user)
    html = client.get(YOUR_DATA).content.decode()
    assert f'<a href="{reverse("account")}" class="govuk-back-link">' in html


def test_someone_with_no_staff_record_is_refused(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(YOUR_DATA).status_code == 403
    assert client.post(YOUR_DATA).status_code == 403
    assert not SubjectAccessCopy.objects.exists()


def test_the_anonymous_are_sent_to_sign_in(client, officer):
    response = client.post(YOUR_DATA)
    assert response.status_code == 302
    assert "next=" in response.url
    assert not SubjectAccessCopy.objects.exists()


def test_the_account_page_links_to_it(client, officer):
    client.force_login(officer.user)
    html = client.get(reverse("account")).content.decode()
    assert f'href="{YOUR_DATA}"' in html


def test_the_monitoring_officer_is_pointed_to_the_other_officers_page(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    html = client.get(YOUR_DATA).content.decode()
    assert 'href="/privacy/subject-access/"' in html
