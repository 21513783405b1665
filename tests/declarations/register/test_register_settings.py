"""The register's settings page (/register/settings/) and its service
(declarations/register/register_settings.py): only an organisation's monitoring officer
sees and changes its token limit; each change is recorded with who, when, from, to and
why, in the same transaction; bad input is refused naming the field and keeping what was
typed; the page says what the limit means under the organisation's own code."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.choices import SecurityEventKind
from declarations.models import Organisation, RegisterSettingChange, SecurityEvent
from declarations.register import register_settings as rs
from policies.vocabulary import Employer
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory, person

pytestmark = pytest.mark.django_db

URL = "/register/settings/"


def test_the_url_is_named():
    assert reverse("register-settings") == URL


@pytest.fixture
def mo_client(client, monitoring_officer):
    client.force_login(monitoring_officer.user)
    return client


def change(client, token_limit: str = "30.00", reason: str = "Prices have risen", **extra):
    return client.post(URL, {"token_limit_gbp": token_limit, "reason": reason, **extra})


def limit_of(code: str = "thurrock") -> Decimal:
    return Organisation.objects.get(code=code).token_limit_gbp


def monitoring_officer_of(code: str, username: str):
    organisation = OrganisationFactory(code=code)
    mo = person(organisation, username, "assistant_director")
    RoleAssignmentFactory(officer=mo, organisation=organisation, role="monitoring_officer")
    return mo


# --- who may ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_refuses_everyone_but_the_monitoring_officer(client, request, who, method):
    someone = request.getfixturevalue(who)
    request.getfixturevalue("monitoring_officer")  # Thurrock has one: it is not them
    client.force_login(someone.user)

    response = getattr(client, method)(URL, {"token_limit_gbp": "99.00", "reason": "Mine now"})

    assert response.status_code == 403
    assert "You cannot change the register settings" in response.content.decode()
    assert limit_of() == Decimal("25.00")
    assert not RegisterSettingChange.objects.exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCESS_DENIED)
    assert (event.user, event.path) == (someone.user, URL)


def test_it_refuses_a_system_administrator_who_is_no_monitoring_officer(client, thurrock):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    assert change(client).status_code == 403
    assert limit_of() == Decimal("25.00")


def test_it_refuses_a_monitoring_officer_whose_role_has_ended(client, monitoring_officer):
    monitoring_officer.roles.update(valid_to=datetime.date(2021, 1, 1))
    client.force_login(monitoring_officer.user)

    assert client.get(URL).status_code == 403


def test_it_refuses_another_organisations_monitoring_officer(client, monitoring_officer):
    ecc_mo = monitoring_officer_of("ecc", "eve.monitor")
    client.force_login(ecc_mo.user)

    response = change(client, organisation="thurrock")

    assert response.status_code == 403
    assert limit_of("thurrock") == Decimal("25.00")
    assert limit_of("ecc") == Decimal("25.00")


def test_it_sends_someone_not_signed_in_to_sign_in(client, thurrock):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_the_navigation_offers_it_to_the_monitoring_officer_only(client, officer, mo_client):
    assert 'href="/register/settings/"' in mo_client.get("/policies/").content.decode()

    client.force_login(officer.user)
    assert 'href="/register/settings/"' not in client.get("/policies/").content.decode()


# --- what the page says -----------------------------------------------------------------


def test_it_shows_the_current_limit_and_where_thurrocks_code_uses_it(mo_client, thurrock):
    thurrock.token_limit_gbp = Decimal("40.00")
    thurrock.save()

    response = mo_client.get(URL)

    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "£40.00" in page
    assert "thurrock:14.5" in page
    assert "changes no verdict" not in page
    assert "No change to the register settings has been recorded." in page


@pytest.mark.parametrize(
    ("employer", "applies", "clause", "words"),
    [
        (Employer.OPCC, True, "15.4", "token (or nominal) value"),
        (Employer.THURROCK, True, "14.5", "token (or nominal) value"),
        (Employer.ESSEX_PROBATION, True, "7.4", "token (or nominal) value"),
        (Employer.COUNTY_COUNCIL, False, "10.2", "fixes its own figure, £25.00"),
        (Employer.ECC, False, None, "has no token exception"),
    ],
)
def test_it_says_what_the_limit_means_under_the_organisations_own_code(
    employer, applies, clause, words
):
    use = rs.token_limit_use(employer)

    assert use.applies is applies
    assert words in use.words
    if clause is None:
        assert use.clauses == ()
    else:
        assert clause in [quoted.clause for quoted in use.clauses]
        assert all(quoted.paragraphs for quoted in use.clauses)  # each quoted from the code


@pytest.mark.parametrize(
    ("code", "words"),
    [("county-council", "fixes its own figure, £25.00"), ("ecc", "has no token exception")],
)
def test_the_page_says_when_the_setting_changes_nothing_under_its_code(client, code, words):
    client.force_login(monitoring_officer_of(code, "max.monitor").user)

    page = unescape(client.get(URL).content.decode())

    assert words in page


def test_a_monitoring_officer_of_two_organisations_chooses_which(client, monitoring_officer):
    ecc = OrganisationFactory(code="ecc")
    RoleAssignmentFactory(officer=monitoring_officer, organisation=ecc)
    client.force_login(monitoring_officer.user)

    response = change(client, "12.00", organisation="ecc")

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?organisation=ecc"
    assert (limit_of("ecc"), limit_of("thurrock")) == (Decimal("12.00"), Decimal("25.00"))
    assert "Essex County Council" in client.get(response["Location"]).content.decode()


# --- changing it --------------------------------------------------------------------------


def test_a_change_is_made_and_recorded_with_who_from_to_and_why(mo_client, monitoring_officer):
    response = change(mo_client, "30", "Prices have risen")

    assert response.status_code == 302
    assert limit_of() == Decimal("30.00")
    [row] = RegisterSettingChange.objects.all()
    assert row.organisation.code == "thurrock"
    assert row.setting == "token_limit_gbp"
    assert (row.old_value, row.new_value) == ("25.00", "30.00")
    assert row.changed_by == monitoring_officer.user
    assert row.reason == "Prices have risen"
    page = unescape(mo_client.get(response["Location"]).content.decode())
    assert "token limit is now £30.00" in page
    assert "Mona Monitoring" in page
    assert "Prices have risen" in page


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("30.5", "30.50"), ("£1,000", "1000.00"), (" 0.01 ", "0.01"), ("9999999999.99", None)],
)
def test_money_is_read_as_people_type_it(mo_client, typed, expected):
    response = change(mo_client, typed)

    assert response.status_code == 302
    assert limit_of() == Decimal(expected or typed)


@pytest.mark.parametrize(
    ("token_limit", "reason", "field", "message"),
    [
        ("", "Why not", "token_limit_gbp", "Enter the new token limit"),
        ("0", "Why not", "token_limit_gbp", "must be more than £0.00"),
        ("0.00", "Why not", "token_limit_gbp", "must be more than £0.00"),
        ("-5", "Why not", "token_limit_gbp", "must be more than £0.00"),
        ("abc", "Why not", "token_limit_gbp", "Enter the token limit as an amount"),
        ("NaN", "Why not", "token_limit_gbp", "Enter the token limit as an amount"),
        ("Infinity", "Why not", "token_limit_gbp", "Enter the token limit as an amount"),
        ("25.001", "Why not", "token_limit_gbp", "no more than 2 decimal places"),
        ("10000000000", "Why not", "token_limit_gbp", "£9,999,999,999.99 or less"),
        ("1e400", "Why not", "token_limit_gbp", "£9,999,999,999.99 or less"),
        ("25.00", "Why not", "token_limit_gbp", "already £25.00"),
        ("30.00", "", "reason", "Enter why you are changing the token limit"),
        ("30.00", "   ", "reason", "Enter why you are changing the token limit"),
        ("30.00", "x" * 2001, "reason", "2000 characters or fewer"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_keeping_what_was_typed(
    mo_client, token_limit, reason, field, message
):
    response = change(mo_client, token_limit, reason)

    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = unescape(response.content.decode())
    assert "There is a problem" in page
    assert f'id="id_{field}-error"' in page
    if token_limit.strip():
        assert f'value="{token_limit}"' in page
    if reason.strip():
        assert reason in page
    assert limit_of() == Decimal("25.00")
    assert not RegisterSettingChange.objects.exists()


def test_the_history_is_newest_first_and_bounded(mo_client, monitoring_officer, thurrock):
    for pence in range(rs.HISTORY_SHOWN + 2):
        rs.change_token_limit(
            thurrock, Decimal("30.00") + Decimal(pence) / 100, monitoring_officer.user, "Step"
        )

    changes = mo_client.get(URL).context["changes"]

    assert len(changes) == rs.HISTORY_SHOWN
    assert changes[0].new_value == format(thurrock.token_limit_gbp, ".2f")
    assert [c.pk for c in changes] == sorted((c.pk for c in changes), reverse=True)


def test_the_page_costs_the_same_queries_however_long_the_history(
    mo_client, monitoring_officer, thurrock
):
    rs.change_token_limit(thurrock, Decimal("30.00"), monitoring_officer.user, "One")
    with CaptureQueriesContext(connection) as one:
        mo_client.get(URL)
    for pence in range(5):
        rs.change_token_limit(
            thurrock, Decimal("40.00") + Decimal(pence) / 100, monitoring_officer.user, "More"
        )

    with CaptureQueriesContext(connection) as six:
        mo_client.get(URL)

    assert len(six) == len(one)


# --- the service --------------------------------------------------------------------------


def test_the_change_and_its_record_are_written_together_or_not_at_all(thurrock):
    never_saved = User(username="ghost")

    with pytest.raises(ValueError):
        rs.change_token_limit(thurrock, Decimal("30.00"), never_saved, "Half a change")

    assert limit_of() == Decimal("25.00")
    assert not RegisterSettingChange.objects.exists()


def test_the_service_leaves_the_organisation_holding_the_new_figure(thurrock, monitoring_officer):
    made = rs.change_token_limit(thurrock, Decimal("31"), monitoring_officer.user, " Why ")

    assert thurrock.token_limit_gbp == Decimal("31.00")
    assert thurrock.register_settings().token_limit_gbp == Decimal("31.00")
    assert (made.old_value, made.new_value, made.reason) == ("25.00", "31.00", "Why")


def test_each_change_starts_from_the_figure_the_last_one_left(thurrock, monitoring_officer):
    stale = Organisation.objects.get(pk=thurrock.pk)
    rs.change_token_limit(thurrock, Decimal("30.00"), monitoring_officer.user, "First")

    second = rs.change_token_limit(stale, Decimal("35.00"), monitoring_officer.user, "Second")

    assert (second.old_value, second.new_value) == ("30.00", "35.00")


def test_the_service_refuses_what_the_form_refuses(thurrock, monitoring_officer):
    with pytest.raises(rs.SettingRefused) as refused:
        rs.change_token_limit(thurrock, Decimal("0"), monitoring_officer.user, "Why")
    assert refused.value.field == "token_limit_gbp"

    with pytest.raises(rs.SettingRefused) as refused:
        rs.change_token_limit(thurrock, Decimal("30"), monitoring_officer.user, "")
    assert refused.value.field == "reason"


def test_the_record_cannot_be_changed_or_deleted(thurrock, monitoring_officer):
    made = rs.change_token_limit(thurrock, Decimal("30.00"), monitoring_officer.user, "Why")

    with pytest.raises(PermissionError):
        made.save()
    with pytest.raises(PermissionError):
        made.delete()
    with pytest.raises(PermissionError):
        RegisterSettingChange.objects.update(reason="Rewritten")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE declarations_registersettingchange SET reason = 'Rewritten' WHERE id = %s",
        "DELETE FROM declarations_registersettingchange WHERE id = %s",
    ],
)
def test_the_database_refuses_to_rewrite_the_record(thurrock, monitoring_officer, statement):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    made = rs.change_token_limit(thurrock, Decimal("30.00"), monitoring_officer.user, "Why")

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [made.pk])


def test_the_security_log_records_each_change_without_the_reason(thurrock, monitoring_officer):
    rs.change_token_limit(thurrock, Decimal("30.00"), monitoring_officer.user, "Prices rose")

    [event] = SecurityEvent.objects.filter(kind=SecurityEventKind.REGISTER_SETTING_CHANGED)
    assert event.user == monitoring_officer.user
    assert event.organisation == thurrock
    assert event.detail == {
        "setting": "token_limit_gbp",
        "old_value": "25.00",
        "new_value": "30.00",
    }
