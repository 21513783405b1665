"""Every role against a sensitive entry, of both sensitive kinds (a relationship and a
disclosure), in every place it could show: its entry page, the register pages (in full,
masked or not at all), a search for its officer or counterparty, the exports with and
without the monitoring officer's tick, the published register, the approvals queue and
the dashboard's lists.

The county council's people (ECC, whose line managers keep records the code names):
Owen files it, Leo his line manager is on its route, Dina the director is not, Max is
the monitoring officer, Kay keeps the line managers' records it is in (not the
monitoring officer, not on its route), Ada a system administrator who is not the
monitoring officer, Sam a stranger from another employer, and the public, signed out.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from declarations.choices import Status
from declarations.models import Declaration
from declarations.register import entries, export_jobs, publishing
from tests.declarations.register.export_helpers import body, export_of, export_url, file_url
from tests.declarations.register.sensitive_helpers import KINDS, SECRETS, declared_late, sensitive
from tests.factories import (
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
    entry,
    person,
)

pytestmark = pytest.mark.django_db

GIFT = "Box of chocolates"
NAMED = "ecc-line-manager-records"
ROLES = [
    "officer",
    "line_manager",
    "director",
    "monitoring_officer",
    "keeper",
    "system_administrator",
    "stranger",
    "public",
]
INCLUDE = {export_jobs.INCLUDE_SENSITIVE: export_jobs.INCLUDED}


@pytest.fixture(params=KINDS)
def cast(request, thurrock):
    """ECC's people and one sensitive entry of the kind asked for (late, on Leo's route,
    kept by Kay), beside a gift Kay keeps too."""
    ecc = OrganisationFactory(code="ecc")
    dina = person(ecc, "dina.director", level="director")
    leo = person(ecc, "leo.lead", level="manager", line_manager=dina)
    owen = person(ecc, "owen.officer", line_manager=leo)
    kay = person(ecc, "kay.keeper", level="manager")
    mo = person(ecc, "max.monitor", level="assistant_director")
    RoleAssignmentFactory(officer=mo, organisation=ecc, role="monitoring_officer")
    gift = entry(
        owen, counterparty="Acme", description=GIFT, verdict={"register_keeper": "line_manager"}
    )
    secret = declared_late(sensitive(owen, request.param))
    Declaration.objects.filter(pk__in=[gift.pk, secret.pk]).update(
        register_keeper="line_manager", register_keeper_officer=kay
    )
    counterparty, description = SECRETS[request.param]
    return {
        "organisation": ecc,
        "entry": secret,
        "counterparty": counterparty,
        "description": description,
        "officer": owen.user,
        "line_manager": leo.user,
        "director": dina.user,
        "monitoring_officer": mo.user,
        "keeper": kay.user,
        "system_administrator": UserFactory(username="ada.admin", is_superuser=True, is_staff=True),
        "stranger": person(thurrock, "sam.stranger").user,
        "public": None,
    }


def as_(client, cast, who):
    if cast[who] is not None:
        client.force_login(cast[who])
    return client


def shows_nothing_of_it(response, cast) -> bool:
    text = response.content.decode() if not response.streaming else body(response).decode()
    return cast["counterparty"] not in text and cast["description"] not in text


def register_url(who: str) -> str:
    """The register this role would look in: Kay her records, anyone else the whole one."""
    if who == "keeper":
        return reverse("named-register", args=[NAMED])
    return f"{reverse('register')}?organisation=ecc"


REFUSED = {"public": 302}  # sent to sign in; everyone else who keeps nothing: 403


# --- its entry page ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_its_entry_page_opens_for_the_monitoring_officer_alone(client, cast, who):
    response = as_(client, cast, who).get(reverse("register-entry", args=[cast["entry"].pk]))
    expected = 200 if who == "monitoring_officer" else REFUSED.get(who, 404)
    assert response.status_code == expected
    if expected != 200:
        assert shows_nothing_of_it(response, cast)
    else:
        assert cast["description"] in response.content.decode()


# --- the register pages -------------------------------------------------------------------------

LISTED = {
    "monitoring_officer": "full",
    "system_administrator": "masked",
    "keeper": "masked",
}


def its_row(response, cast):
    for row in response.context["rows"]:
        if isinstance(row, entries.MaskedRow):
            if row.reference == cast["entry"].reference_with_version:
                return row
        elif row.declaration.pk == cast["entry"].pk:
            return row
    return None


@pytest.mark.parametrize("who", ROLES)
def test_the_register_lists_it_in_full_masked_or_not_at_all(client, cast, who):
    response = as_(client, cast, who).get(register_url(who))
    listed = LISTED.get(who, "absent")
    if listed == "absent":
        assert response.status_code == REFUSED.get(who, 403)
        assert shows_nothing_of_it(response, cast)
        return
    assert response.status_code == 200
    row = its_row(response, cast)
    assert response.context["totals"].count == 2  # counted, masked or not
    entry_link = reverse("register-entry", args=[cast["entry"].pk])
    page = response.content.decode()
    if listed == "full":
        assert isinstance(row, entries.Row)
        assert cast["description"] in page and entry_link in page
    else:
        assert isinstance(row, entries.MaskedRow)
        assert shows_nothing_of_it(response, cast)
        assert entry_link not in page


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("search", ["q", "officer", "counterparty"])
def test_a_search_finds_it_for_the_monitoring_officer_alone(client, cast, who, search):
    words = {"q": cast["counterparty"].split()[0], "officer": "Owen"}
    words["counterparty"] = words["q"]
    response = as_(client, cast, who).get(register_url(who), {search: words[search]})
    if who not in LISTED:
        assert response.status_code == REFUSED.get(who, 403)
        return
    assert response.status_code == 200
    found = its_row(response, cast)
    if who == "monitoring_officer":
        assert isinstance(found, entries.Row)
    else:
        assert found is None
        assert cast["entry"].reference not in response.content.decode()


# --- exports ----------------------------------------------------------------------------------


def export_name(who: str) -> tuple[str, list[str]]:
    if who == "keeper":
        return "named-register-export-csv", [NAMED]
    return "register-export-csv", []


def csv_text(client, response) -> str:
    return body(client.get(file_url(export_of(response)))).decode("utf-8")


@pytest.mark.parametrize("who", ROLES)
def test_an_export_without_the_tick_leaves_it_out(client, cast, who):
    name, args = export_name(who)
    response = as_(client, cast, who).post(export_url(name, {"organisation": "ecc"}, args))
    if who not in LISTED:
        assert response.status_code == REFUSED.get(who, 403)
        return
    text = csv_text(client, response)
    assert GIFT in text
    assert cast["description"] not in text and cast["counterparty"] not in text


@pytest.mark.parametrize("who", ROLES)
def test_an_export_with_the_tick_holds_it_for_the_monitoring_officer_alone(client, cast, who):
    name, args = export_name(who)
    response = as_(client, cast, who).post(export_url(name, {"organisation": "ecc"}, args), INCLUDE)
    if who != "monitoring_officer":
        assert response.status_code == REFUSED.get(who, 403)
        return
    rows = list(csv.DictReader(io.StringIO(csv_text(client, response).removeprefix("\ufeff"))))
    assert cast["description"] in {row["Description"] for row in rows}


# --- the published register ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_the_published_register_never_shows_it(client, cast, who):
    Declaration.objects.filter(pk=cast["entry"].pk).update(status=Status.RECORDED)
    publishing.publish(cast["organisation"], minimum_level="staff", by=None)
    response = as_(client, cast, who).get(reverse("published-register", args=["ecc"]))
    assert response.status_code == 200
    assert GIFT in response.content.decode()
    assert shows_nothing_of_it(response, cast)


# --- the approvals queue ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_the_queue_shows_it_to_the_line_manager_on_its_route_alone(client, cast, who):
    response = as_(client, cast, who).get(reverse("decision-queue"))
    if who == "line_manager":
        assert response.status_code == 200
        assert cast["counterparty"] in response.content.decode()
        assert [row.declaration for row in response.context["rows"]] == [cast["entry"]]
    else:
        assert shows_nothing_of_it(response, cast)


# --- the dashboard ------------------------------------------------------------------------------

DASHBOARD = {"monitoring_officer": "full", "system_administrator": "masked"}


@pytest.mark.parametrize("who", ROLES)
def test_the_dashboards_lists_name_it_to_the_monitoring_officer_alone(client, cast, who):
    response = as_(client, cast, who).get(reverse("dashboard"), {"organisation": "ecc"})
    shown = DASHBOARD.get(who)
    if shown is None:
        assert response.status_code in (REFUSED.get(who, 403), 404)
        return
    (row,) = response.context["board"].late
    if shown == "full":
        assert row["reference"] == cast["entry"].reference_with_version
        assert row["officer"] == "Owen Officer"
    else:
        assert (row["reference"], row["officer"], row["url"]) == (
            "A sensitive entry",
            "Not shown",
            "",
        )
        assert shows_nothing_of_it(response, cast)
