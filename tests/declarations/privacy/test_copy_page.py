"""One copy's page: while it waits it refreshes itself (a Refresh header, no script)
and offers to stop; once made it offers the download; failed, it says why; only whoever
asked sees it (404 for anyone else)."""

from __future__ import annotations

import datetime

import pytest

from declarations import clock
from declarations.choices import ExportState
from tests.declarations.privacy.copy_helpers import ask_own, file_url, page_url
from tests.factories import SubjectAccessCopyFactory

pytestmark = pytest.mark.django_db
DONE = {"state": ExportState.DONE, "file": "2026/11/30/a.zip"}


def test_a_waiting_copy_refreshes_itself_and_offers_to_stop(client, officer):
    copy = SubjectAccessCopyFactory(officer=officer)
    client.force_login(officer.user)
    response = client.get(page_url(copy))
    assert response.status_code == 200
    assert response["Refresh"] == "2"
    html = response.content.decode()
    assert "Your copy is queued" in html
    assert "Stop refreshing this page" in html
    assert "<script>" not in html
    stopped = client.get(page_url(copy) + "?refresh=off")
    assert "Refresh" not in stopped
    assert "Check again" in stopped.content.decode()


def test_a_made_copy_offers_its_download(client, officer):
    client.force_login(officer.user)
    copy = ask_own(client)
    response = client.get(page_url(copy))
    assert "Refresh" not in response
    html = response.content.decode()
    assert "Your copy is ready" in html
    assert f'href="{file_url(copy)}"' in html
    assert 'href="/privacy/your-data/"' in html  # the way back, for their own copy


def test_a_failed_copy_says_why(client, officer):
    copy = SubjectAccessCopyFactory(
        officer=officer, state=ExportState.FAILED, error="The worker stopped."
    )
    client.force_login(officer.user)
    html = client.get(page_url(copy)).content.decode()
    assert "Your copy could not be made" in html
    assert "The worker stopped." in html


@pytest.mark.parametrize(
    ("fields", "hours_left", "heading"),
    [
        ({}, None, "Your copy is queued"),
        ({"state": ExportState.RUNNING}, None, "Your copy is being made"),
        ({"state": ExportState.FAILED}, None, "Your copy could not be made"),
        (DONE, -1, "Your copy has expired"),
        (DONE, 1, "Your copy is ready"),
    ],
)
def test_the_title_and_the_heading_say_the_same_state(client, officer, fields, hours_left, heading):
    if hours_left is not None:
        fields = {**fields, "expires_at": clock.now() + datetime.timedelta(hours=hours_left)}
    copy = SubjectAccessCopyFactory(officer=officer, **fields)
    client.force_login(officer.user)
    html = client.get(page_url(copy)).content.decode()
    assert f"<title>{heading}: {copy.filename} \u2013 Conduct register</title>" in html
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html


@pytest.mark.parametrize("who", ["line_manager", "monitoring_officer", "stranger"])
def test_anyone_else_gets_404(client, officer, who, request):
    copy = SubjectAccessCopyFactory(officer=officer)
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(page_url(copy)).status_code == 404
