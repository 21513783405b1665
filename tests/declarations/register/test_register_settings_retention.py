"""How long entries are kept, on the register's settings page (/register/settings/):
only an organisation's monitoring officer changes a type's retention period (1 to
privacy.MAX_YEARS years); each change writes the period and its history row together,
with the type, and goes in the security log; bad input is refused naming the field and
keeping what was typed."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from declarations import privacy
from declarations.choices import SecurityEventKind
from declarations.models import RegisterSettingChange, RetentionPeriod, SecurityEvent
from declarations.register import register_settings as rs
from tests.factories import OrganisationFactory, RoleAssignmentFactory, person

pytestmark = pytest.mark.django_db

URL = "/register/settings/"


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def change(client, kind: str = "gift", years: str = "10", reason: str = "Audit asked", **extra):
    return client.post(
        URL,
        {
            "form": "retention",
            "retention-type": kind,
            "retention-years": years,
            "retention-reason": reason,
            **extra,
        },
    )


def years_of(kind: str = "gift", code: str = "thurrock") -> int:
    return privacy.years_of(OrganisationFactory(code=code), kind)


# --- who may ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_it_refuses_everyone_but_the_monitoring_officer(client, request, who):
    someone = request.getfixturevalue(who)
    request.getfixturevalue("monitoring_officer")
    client.force_login(someone.user)

    response = change(client)

    assert response.status_code == 403
    assert years_of() == privacy.DEFAULT_YEARS
    assert not RetentionPeriod.objects.exists()
    assert not RegisterSettingChange.objects.exists()


def test_it_sends_someone_not_signed_in_to_sign_in(client, thurrock):
    response = change(client)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"
    assert not RetentionPeriod.objects.exists()


def test_it_refuses_another_organisations_monitoring_officer(client, monitoring_officer, thurrock):
    ecc = OrganisationFactory(code="ecc")
    ecc_mo = person(ecc, "eve.monitor", "assistant_director")
    RoleAssignmentFactory(officer=ecc_mo, organisation=ecc, role="monitoring_officer")
    client.force_login(ecc_mo.user)

    response = change(client, organisation="thurrock")

    assert response.status_code == 403
    assert not RetentionPeriod.objects.exists()


# --- what the page says -----------------------------------------------------------------


def test_the_page_lists_every_type_with_its_period_and_says_what_starts_the_clock(
    mo_client, thurrock
):
    RetentionPeriod.objects.create(organisation=thurrock, type="interest", years=12)

    page = unescape(mo_client.get(URL).content.decode())

    table = page[
        page.index('id="retention-table"') : page.index(
            "</table>", page.index('id="retention-table"')
        )
    ]
    for label in ("Gift", "Hospitality", "Interest", "Outside work", "Relationship", "Disclosure"):
        assert label in table
    interest = table[table.index('id="retention-interest"') :]
    assert interest.index("12 years") < interest.index("</tr>")
    assert "(the default)" not in interest[: interest.index("</tr>")]
    gift = table[table.index('id="retention-gift"') :]
    assert "6 years (the default)" in gift[: gift.index("</tr>")]
    assert f"keeps each entry for this many years {privacy.CLOCK_WORDS}" in page
    assert "deleted for good" in page[page.index('id="retention-warning"') :]


# --- changing it --------------------------------------------------------------------------


def test_a_change_is_made_and_recorded_with_the_type(mo_client, monitoring_officer, thurrock):
    response = change(mo_client, "outside_work", "8", "Matches the HR schedule")

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?organisation=thurrock"
    assert years_of("outside_work") == 8
    assert years_of("gift") == privacy.DEFAULT_YEARS
    [row] = RegisterSettingChange.objects.all()
    assert (row.organisation, row.setting, row.declaration_type) == (
        thurrock,
        "retention_years",
        "outside_work",
    )
    assert (row.old_value, row.new_value) == ("6", "8")
    assert (row.changed_by, row.reason) == (monitoring_officer.user, "Matches the HR schedule")
    page = unescape(mo_client.get(response["Location"]).content.decode())
    assert "now keeps outside work entries for 8 years" in page
    history = page[page.index('id="history-table"') :]
    assert "Retention period: Outside work" in history
    assert "6 years" in history and "8 years" in history


def test_a_second_change_updates_the_one_row_and_starts_from_the_last_figure(mo_client, thurrock):
    change(mo_client, "gift", "10")
    change(mo_client, "gift", "3", "Shorter after all")

    assert RetentionPeriod.objects.get(organisation=thurrock, type="gift").years == 3
    assert RetentionPeriod.objects.count() == 1
    latest = RegisterSettingChange.objects.order_by("-id").first()
    assert (latest.old_value, latest.new_value) == ("10", "3")


@pytest.mark.parametrize(("typed", "kept"), [("1", 1), ("99", 99), (" 7 ", 7)])
def test_the_period_may_be_from_1_to_99_years(mo_client, typed, kept):
    assert change(mo_client, years=typed).status_code == 302
    assert years_of() == kept


@pytest.mark.parametrize(
    ("kind", "years", "reason", "field", "message"),
    [
        ("gift", "0", "Why", "years", "at least 1 year"),
        ("gift", "-1", "Why", "years", "at least 1 year"),
        ("gift", "100", "Why", "years", "99 years or fewer"),
        ("gift", "1.5", "Why", "years", "whole number"),
        ("gift", "six", "Why", "years", "whole number"),
        ("gift", "", "Why", "years", "Enter how many years, from 1 to 99"),
        ("gift", "6", "Why", "years", "Gift entries are already kept for 6 years"),
        ("", "10", "Why", "type", "Select the type of declaration"),
        ("parking", "10", "Why", "type", "Select the type of declaration"),
        ("gift", "10", "", "reason", "Enter why you are changing how long entries are kept"),
        ("gift", "10", "  ", "reason", "Enter why you are changing how long entries are kept"),
        ("gift", "10", "x" * 2001, "reason", "2000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_keeping_what_was_typed(
    mo_client, kind, years, reason, field, message
):
    response = change(mo_client, kind, years, reason)

    assert response.status_code == 400
    form = response.context["retention_form"]
    assert message in " ".join(form.errors[field])
    page = unescape(response.content.decode())
    assert "There is a problem" in page
    assert f'href="#id_retention-{field}"' in page  # the summary links to the field
    assert f'id="id_retention-{field}-error"' in page
    if years.strip():
        assert f'value="{years}"' in page
    if reason.strip():
        assert reason in page
    if kind == "gift":
        assert '<option value="gift" selected>' in page
    assert not RetentionPeriod.objects.exists()
    assert not RegisterSettingChange.objects.exists()


def test_a_refused_retention_change_leaves_the_other_forms_empty(mo_client):
    response = change(mo_client, years="100")

    assert not response.context["form"].is_bound
    assert not response.context["publication_form"].is_bound


def test_a_post_naming_no_known_form_changes_nothing(mo_client, thurrock):
    response = mo_client.post(URL, {"form": "everything", "retention-years": "9"})

    assert response.status_code == 400
    assert not RegisterSettingChange.objects.exists()


# --- the service --------------------------------------------------------------------------


def test_the_security_log_records_the_change_with_its_type(thurrock, monitoring_officer):
    rs.change_retention_years(thurrock, "relationship", 2, monitoring_officer.user, "Why")

    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.REGISTER_SETTING_CHANGED)
    assert event.user == monitoring_officer.user
    assert event.organisation == thurrock
    assert event.detail == {
        "setting": "retention_years",
        "old_value": "6",
        "new_value": "2",
        "declaration_type": "relationship",
    }


def test_the_period_and_its_record_are_written_together_or_not_at_all(thurrock):
    with pytest.raises(ValueError):
        rs.change_retention_years(thurrock, "gift", 10, User(username="ghost"), "Half")

    assert not RetentionPeriod.objects.exists()
    assert not RegisterSettingChange.objects.exists()


def test_the_service_refuses_what_the_form_refuses(thurrock, monitoring_officer):
    for kind, years, reason, field in [
        ("gift", 0, "Why", "years"),
        ("gift", privacy.MAX_YEARS + 1, "Why", "years"),
        ("parking", 5, "Why", "type"),
        ("gift", 5, " ", "reason"),
    ]:
        with pytest.raises(rs.SettingRefused) as refused:
            rs.change_retention_years(thurrock, kind, years, monitoring_officer.user, reason)
        assert refused.value.field == field
    assert not RetentionPeriod.objects.exists()


def test_each_organisation_keeps_its_own_periods(thurrock, monitoring_officer):
    ecc = OrganisationFactory(code="ecc")

    rs.change_retention_years(thurrock, "gift", 9, monitoring_officer.user, "Why")

    assert years_of("gift", "thurrock") == 9
    assert years_of("gift", "ecc") == privacy.DEFAULT_YEARS
    assert [row.years for row in privacy.periods_for(ecc)] == [privacy.DEFAULT_YEARS] * 6
