"""How long an ended interest or outside work stays published, on the register's settings
page (/register/settings/): only an organisation's monitoring officer changes it (0 to
120 months); each change is written with its history row and goes in the security log;
bad input is refused naming the field and keeping what was typed."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import Organisation, RegisterSettingChange, SecurityEvent
from declarations.register import register_settings as rs

pytestmark = pytest.mark.django_db

URL = "/register/settings/"


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def change(client, months: str = "12", reason: str = "Readers asked", **extra):
    return client.post(
        URL,
        {"form": "publication", "publication-months": months, "publication-reason": reason} | extra,
    )


def months_of(code: str = "thurrock") -> int:
    return Organisation.objects.get(code=code).publication_drop_months


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_it_refuses_everyone_but_the_monitoring_officer(client, request, who):
    someone = request.getfixturevalue(who)
    request.getfixturevalue("monitoring_officer")
    client.force_login(someone.user)

    response = change(client)

    assert response.status_code == 403
    assert months_of() == 6
    assert not RegisterSettingChange.objects.exists()


def test_it_sends_someone_not_signed_in_to_sign_in(client, thurrock):
    response = change(client)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"
    assert months_of() == 6


def test_the_page_shows_the_current_figure(mo_client, thurrock):
    thurrock.publication_drop_months = 9
    thurrock.save()

    page = unescape(mo_client.get(URL).content.decode())

    assert '<p class="govuk-body-l" id="current-publication-months">9 months</p>' in page


def test_a_change_is_made_and_recorded(mo_client, monitoring_officer, thurrock):
    response = change(mo_client, "12", "Readers asked")

    assert response.status_code == 302
    assert months_of() == 12
    [row] = RegisterSettingChange.objects.all()
    assert (row.organisation, row.setting, row.declaration_type) == (
        thurrock,
        "publication_drop_months",
        "",
    )
    assert (row.old_value, row.new_value) == ("6", "12")
    assert (row.changed_by, row.reason) == (monitoring_officer.user, "Readers asked")
    page = unescape(mo_client.get(response["Location"]).content.decode())
    assert "stays in Thurrock Council's published register 12 months" in page
    history = page[page.index('id="history-table"') :]
    assert "Months an ended entry stays published" in history
    assert "6 months" in history and "12 months" in history


@pytest.mark.parametrize("typed", ["0", "1", "120"])
def test_it_may_be_from_0_to_120_months(mo_client, typed):
    assert change(mo_client, typed).status_code == 302
    assert months_of() == int(typed)


@pytest.mark.parametrize(
    ("months", "reason", "field", "message"),
    [
        ("121", "Why", "months", "120 or fewer"),
        ("-1", "Why", "months", "0 or more"),
        ("a year", "Why", "months", "whole number"),
        ("", "Why", "months", "Enter how many months, from 0 to 120"),
        ("6", "Why", "months", "already 6 months"),
        ("12", "", "reason", "Enter why you are changing how long ended entries stay published"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_keeping_what_was_typed(
    mo_client, months, reason, field, message
):
    response = change(mo_client, months, reason)

    assert response.status_code == 400
    assert message in " ".join(response.context["publication_form"].errors[field])
    page = unescape(response.content.decode())
    assert "There is a problem" in page
    assert f'id="id_publication-{field}-error"' in page
    if months:
        assert f'value="{months}"' in page
    if reason:
        assert reason in page
    assert months_of() == 6
    assert not RegisterSettingChange.objects.exists()


def test_the_token_limit_form_still_works_beside_it(mo_client):
    response = mo_client.post(
        URL, {"form": "token-limit", "token_limit_gbp": "40", "reason": "Prices rose"}
    )

    assert response.status_code == 302
    assert Organisation.objects.get(code="thurrock").token_limit_gbp == 40
    assert months_of() == 6


def test_the_security_log_records_the_change(thurrock, monitoring_officer):
    made = rs.change_publication_drop_months(thurrock, 0, monitoring_officer.user, " Why ")

    assert thurrock.publication_drop_months == 0
    assert made.reason == "Why"
    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.REGISTER_SETTING_CHANGED)
    assert event.detail == {
        "setting": "publication_drop_months",
        "old_value": "6",
        "new_value": "0",
    }


def test_the_figure_and_its_record_are_written_together_or_not_at_all(thurrock):
    with pytest.raises(ValueError):
        rs.change_publication_drop_months(thurrock, 3, User(username="ghost"), "Half")

    assert months_of() == 6
    assert not RegisterSettingChange.objects.exists()


def test_each_change_starts_from_the_figure_the_last_one_left(thurrock, monitoring_officer):
    stale = Organisation.objects.get(pk=thurrock.pk)
    rs.change_publication_drop_months(thurrock, 3, monitoring_officer.user, "First")

    second = rs.change_publication_drop_months(stale, 9, monitoring_officer.user, "Second")

    assert (second.old_value, second.new_value) == ("3", "9")
