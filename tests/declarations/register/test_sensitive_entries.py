"""Sensitive entries (policies.vocabulary.SENSITIVE_TYPES: disclosures) are seen by the
officer who filed one, the people on its route and the monitoring officer of its
organisation (and of the host, for an officer seconded in): nobody else, on any page.

The whole cast walks against one disclosure: Olive files it, her line manager Lee is
on its route, Dana (a director, keeper of the directors' register) is not, Mona is the
monitoring officer, Sid is an approver of another team, Sam a stranger from another
employer, and Ada a system administrator who is not the monitoring officer. Never
published; left out of every export unless the monitoring officer asks for them.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.urls import reverse

from declarations import clock
from declarations.approvals import delegation, routing
from declarations.choices import SecurityEventKind, Status
from declarations.models import (
    Declaration,
    Disclosure,
    Export,
    Officer,
    RoleAssignment,
    SecurityEvent,
)
from declarations.register import entries, export_jobs, named, publishing, sensitive
from declarations.register import queries as reg
from policies.vocabulary import SENSITIVE_TYPES, DeclarationType, DisclosureKind
from tests.declarations.register.export_helpers import (
    ask,
    body,
    download,
    export_of,
    export_url,
    file_url,
)
from tests.factories import (
    DeclarationFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
    entry,
    make_verdict,
    person,
)

pytestmark = pytest.mark.django_db

SECRET = "Charged with careless driving"
GIFT = "Box of chocolates"


def disclose(officer: Officer, route=("line_manager",), **fields: Any) -> Declaration:
    """A disclosure by `officer`, submitted, its route opened (to acknowledge)."""
    verdict = make_verdict("declare", route, register_keeper="director", citations=[])
    fields.setdefault("status", Status.AWAITING_ACKNOWLEDGEMENT)
    declaration = DeclarationFactory(
        officer=officer,
        type=DeclarationType.DISCLOSURE,
        counterparty="Essex Police",
        description=SECRET,
        verdict=verdict,
        **fields,
    )
    Disclosure.objects.create(
        declaration=declaration, disclosure_kind=DisclosureKind.CRIMINAL_CHARGE
    )
    if fields["status"] != Status.RECORDED:
        routing.open_route(declaration, verdict, actor=officer.user)
    return declaration


@pytest.fixture
def cast(thurrock, officer, line_manager, director, monitoring_officer, stranger):
    """Everyone, with Olive's disclosure (on Lee's route) and Olive's gift beside it."""
    sid = person(thurrock, "sid.approver", level="manager", line_manager=director)
    person(thurrock, "tom.team", line_manager=sid)
    admin = UserFactory(username="ada.admin", is_superuser=True, is_staff=True)
    gift = entry(officer, counterparty="Acme", description=GIFT)
    disclosure = disclose(officer)
    return {
        "disclosure": disclosure,
        "gift": gift,
        "officer": officer.user,
        "line_manager": line_manager.user,
        "director": director.user,
        "monitoring_officer": monitoring_officer.user,
        "stranger": stranger.user,
        "other_approver": sid.user,
        "system_administrator": admin,
    }


def as_(client, user):
    client.force_login(user)
    return client


def listed(response) -> list[str]:
    return [row.description for row in response.context["page"].rows]


def denials() -> int:
    return SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED).count()


def csv_descriptions(response) -> list[str]:
    text = body(response).decode("utf-8").removeprefix("\ufeff")
    return sorted(row["Description"] for row in csv.DictReader(io.StringIO(text)))


# --- who may see it ---------------------------------------------------------------------------

EVERYONE = [
    ("officer", True),
    ("line_manager", True),
    ("monitoring_officer", True),
    ("director", False),
    ("stranger", False),
    ("other_approver", False),
    ("system_administrator", False),
]


@pytest.mark.parametrize(("who", "sees"), EVERYONE)
def test_only_the_officer_their_route_and_the_monitoring_officer_may_see_it(cast, who, sees):
    assert sensitive.may_see_sensitive(cast[who], cast["disclosure"]) is sees


@pytest.mark.parametrize(("who", "_"), EVERYONE)
def test_everyone_may_see_what_is_not_sensitive(cast, who, _):
    assert sensitive.may_see_sensitive(cast[who], cast["gift"]) is True


def test_the_rule_is_coded_against_the_set_of_sensitive_types(cast):
    kept = Declaration.objects.without_sensitive().values_list("type", flat=True)
    assert set(kept).isdisjoint(SENSITIVE_TYPES)
    assert set(kept) == {"gift"}  # all but Olive's disclosure


def test_a_delegate_of_the_line_manager_is_on_the_route(cast, thurrock, line_manager):
    stand_in = person(thurrock, "della.delegate", level="manager")
    today = clock.today()
    delegation.delegate(line_manager, stand_in, today, today, "On leave")
    assert sensitive.may_see_sensitive(stand_in.user, cast["disclosure"])


def test_the_host_organisations_monitoring_officer_sees_a_secondees_disclosure(
    cast, thurrock, monitoring_officer
):
    ecc = OrganisationFactory(code="opcc")
    host_mo = person(ecc, "hana.host", level="assistant_director")
    RoleAssignmentFactory(officer=host_mo, organisation=ecc, role="monitoring_officer")
    seconded = person(thurrock, "sean.seconded")
    seconded.seconded_to = ecc
    seconded.save()
    disclosure = disclose(seconded, route=(), status=Status.RECORDED)
    assert disclosure.host_organisation == ecc
    assert sensitive.may_see_sensitive(host_mo.user, disclosure)
    assert sensitive.may_see_sensitive(monitoring_officer.user, disclosure)
    other = disclose(person(thurrock, "nina.notseconded"), route=(), status=Status.RECORDED)
    assert not sensitive.may_see_sensitive(host_mo.user, other)


# --- the whole register -----------------------------------------------------------------------


def test_the_monitoring_officers_register_lists_it(client, cast):
    response = as_(client, cast["monitoring_officer"]).get(reverse("register"))
    assert response.status_code == 200
    assert sorted(listed(response)) == sorted([GIFT, SECRET])
    assert response.context["totals"].count == 2


def test_the_monitoring_officer_can_filter_by_the_sensitive_type(client, cast):
    response = as_(client, cast["monitoring_officer"]).get(
        reverse("register"), {"type": "disclosure"}
    )
    assert listed(response) == [SECRET]


def test_the_monitoring_officers_search_finds_it(client, cast):
    response = as_(client, cast["monitoring_officer"]).get(reverse("register"), {"q": "police"})
    assert listed(response) == [SECRET]


def test_a_system_administrator_who_is_not_the_monitoring_officer_sees_it_masked(client, cast):
    as_(client, cast["system_administrator"])
    page = client.get(reverse("register"), {"organisation": "thurrock"})
    assert page.status_code == 200
    shown = page.context["rows"]
    assert [row.declaration.description for row in shown if isinstance(row, entries.Row)] == [GIFT]
    assert [type(row) for row in shown].count(entries.MaskedRow) == 1
    assert page.context["totals"].count == 2
    assert SECRET not in page.content.decode()
    by_type = client.get(reverse("register"), {"organisation": "thurrock", "type": "disclosure"})
    assert [type(row) for row in by_type.context["rows"]] == [entries.MaskedRow]
    assert listed(client.get(reverse("register"), {"q": "police"})) == []


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_no_one_else_sees_the_whole_register(client, cast, who):
    before = denials()
    assert as_(client, cast[who]).get(reverse("register")).status_code == 403
    assert denials() == before + 1


def test_whole_register_leaves_them_out_unless_the_monitoring_officer_lists_it(cast, thurrock):
    mo, admin = cast["monitoring_officer"], cast["system_administrator"]
    assert reg.whole_register(mo, thurrock).filter(type="disclosure").exists()
    assert not reg.whole_register(mo, thurrock, sensitive=False).filter(type="disclosure").exists()
    assert not reg.whole_register(admin, thurrock).filter(type="disclosure").exists()


# --- named registers --------------------------------------------------------------------------


def test_the_directors_register_never_lists_it(client, cast, director):
    disclosure = cast["disclosure"]
    Declaration.objects.filter(pk=disclosure.pk).update(register_keeper_officer=director)
    response = as_(client, director.user).get(
        reverse("named-register", args=[f"thurrock-director-{director.pk}"]), {"q": "police"}
    )
    assert response.status_code == 200
    assert listed(response) == []
    assert response.context["totals"].count == 0


@pytest.fixture
def ecc_records(db):
    """ECC's line managers' records (any type the line manager keeps): a disclosure and a
    gift, both recorded as kept by Lena, who is not the monitoring officer."""
    ecc = OrganisationFactory(code="ecc")
    lena = person(ecc, "lena.lead", level="manager")
    owen = person(ecc, "owen.ecc", line_manager=lena)
    mo = person(ecc, "max.monitor", level="assistant_director")
    RoleAssignmentFactory(officer=mo, organisation=ecc, role="monitoring_officer")
    kept = {"register_keeper": "line_manager"}
    gift = entry(owen, counterparty="Police Federation", description=GIFT, verdict=kept)
    disclosure = disclose(owen, route=(), status=Status.RECORDED)
    Declaration.objects.filter(pk__in=[gift.pk, disclosure.pk]).update(
        register_keeper="line_manager", register_keeper_officer=lena
    )
    return {"lena": lena, "mo": mo, "gift": gift, "disclosure": disclosure}


def test_a_register_line_managers_keep_lists_it_masked_and_never_finds_it(client, ecc_records):
    as_(client, ecc_records["lena"].user)
    url = reverse("named-register", args=["ecc-line-manager-records"])
    response = client.get(url)
    assert [type(row) for row in response.context["rows"]].count(entries.MaskedRow) == 1
    assert response.context["totals"].count == 2
    assert SECRET not in response.content.decode()
    assert listed(client.get(url, {"q": "police"})) == [GIFT]
    assert [type(row) for row in client.get(url, {"type": "disclosure"}).context["rows"]] == [
        entries.MaskedRow
    ]


def test_the_monitoring_officer_sees_it_in_full_in_a_register_line_managers_keep(
    client, ecc_records
):
    as_(client, ecc_records["mo"].user)
    url = reverse("named-register", args=["ecc-line-manager-records"])
    response = client.get(url)
    assert sorted(listed(response)) == sorted([GIFT, SECRET])
    assert not any(isinstance(row, entries.MaskedRow) for row in response.context["rows"])
    assert sorted(listed(client.get(url, {"q": "police"}))) == sorted([GIFT, SECRET])


def test_no_named_register_exports_or_opens_it(ecc_records):
    """Its page lists it (`listed`); what it exports and opens (`declarations`) never."""
    for register in named.named_registers(ecc_records["mo"].user):
        assert not register.declarations.filter(type__in=list(SENSITIVE_TYPES)).exists()


# --- the entry page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("monitoring_officer", 200),
        ("system_administrator", 404),
        ("director", 404),
        ("line_manager", 404),
        ("officer", 404),
        ("stranger", 404),
        ("other_approver", 404),
    ],
)
def test_the_entry_page_opens_for_the_monitoring_officer_alone(client, cast, who, status):
    """Only the monitoring officer keeps a register that lists it; everyone else, a system
    administrator keeping every register included, finds it in no register they keep
    (404, as any entry they may not open, so nobody learns which entries are sensitive).
    Each refusal is logged."""
    before = denials()
    response = as_(client, cast[who]).get(reverse("register-entry", args=[cast["disclosure"].pk]))
    assert response.status_code == status
    assert denials() == before + (status != 200)
    if status != 200:
        assert SECRET not in response.content.decode()


def test_a_keeper_who_is_not_the_monitoring_officer_cannot_open_it(client, ecc_records):
    url = reverse("register-entry", args=[ecc_records["disclosure"].pk])
    assert as_(client, ecc_records["lena"].user).get(url).status_code == 404
    gift_url = reverse("register-entry", args=[ecc_records["gift"].pk])
    assert client.get(gift_url).status_code == 200
    assert as_(client, ecc_records["mo"].user).get(url).status_code == 200


# --- never published --------------------------------------------------------------------------


def test_it_is_never_published(client, cast, thurrock, monitoring_officer):
    recorded = disclose(cast["disclosure"].officer, route=(), status=Status.RECORDED)
    assert recorded not in publishing.publishable_declarations(thurrock, "staff")
    publishing.publish(thurrock, minimum_level="staff", by=monitoring_officer)
    page = client.get(reverse("published-register", args=["thurrock"])).content.decode()
    assert GIFT in page
    assert SECRET not in page
    assert not set(publishing.PUBLISHED_TYPES) & SENSITIVE_TYPES


# --- exports ----------------------------------------------------------------------------------

INCLUDE = {export_jobs.INCLUDE_SENSITIVE: export_jobs.INCLUDED}


def test_an_export_leaves_it_out_unless_asked(client, cast):
    response = download(as_(client, cast["monitoring_officer"]), "register-export-csv")
    assert csv_descriptions(response) == [GIFT]
    event = SecurityEvent.objects.get(kind=SecurityEventKind.REGISTER_EXPORTED)
    assert "sensitive_entries" not in event.detail


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_monitoring_officer_can_ask_for_it_in_every_format(client, cast, fmt):
    as_(client, cast["monitoring_officer"])
    export = export_of(client.post(export_url(f"register-export-{fmt}"), INCLUDE))
    export.refresh_from_db()
    assert export.rows_total == 2
    assert "-with-sensitive-entries-" in export.filename
    assert export.title.endswith("(includes sensitive entries)")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.REGISTER_EXPORTED)
    assert event.detail["sensitive_entries"] == "included"
    assert SECRET not in str(event.detail)
    assert client.get(file_url(export)).status_code == 200


def test_the_included_csv_holds_it(client, cast):
    as_(client, cast["monitoring_officer"])
    export = export_of(client.post(export_url("register-export-csv"), INCLUDE))
    assert csv_descriptions(client.get(file_url(export))) == sorted([GIFT, SECRET])


def test_without_the_option_every_format_leaves_it_out(client, cast):
    as_(client, cast["monitoring_officer"])
    for fmt in ("csv", "xlsx", "pdf"):
        export = export_of(ask(client, f"register-export-{fmt}"))
        export.refresh_from_db()
        assert export.rows_total == 1
        assert "sensitive" not in export.filename


def test_a_link_cannot_ask_for_it(client, cast):
    """Only the form's checkbox asks: the query string's is dropped, never stored."""
    as_(client, cast["monitoring_officer"])
    export = export_of(ask(client, "register-export-csv", INCLUDE))
    export.refresh_from_db()
    assert export.rows_total == 1
    assert export_jobs.INCLUDE_SENSITIVE not in export.query


def test_the_option_is_offered_to_the_monitoring_officer_alone(client, cast):
    as_(client, cast["monitoring_officer"])
    assert (
        "Include sensitive entries (relationships and disclosures)"
        in client.get(export_url("register-export-csv")).content.decode()
    )
    register_page = client.get(reverse("register"))
    assert register_page.context["offer_sensitive"]
    assert 'id="register-sensitive"' in register_page.content.decode()
    as_(client, cast["system_administrator"])
    thurrock = {"organisation": "thurrock"}
    ask_page = client.get(export_url("register-export-csv", thurrock))
    assert "Include sensitive entries" not in ask_page.content.decode()
    register_page = client.get(reverse("register"), thurrock)
    assert not register_page.context["offer_sensitive"]
    assert 'id="register-sensitive"' not in register_page.content.decode()


def test_anyone_else_asking_for_it_is_refused(client, cast):
    as_(client, cast["system_administrator"])
    before = denials()
    response = client.post(export_url("register-export-csv", {"organisation": "thurrock"}), INCLUDE)
    assert response.status_code == 403
    assert denials() == before + 1
    assert not Export.objects.exists()


def test_a_named_register_export_never_holds_it(client, ecc_records):
    as_(client, ecc_records["lena"].user)
    slug = "ecc-line-manager-records"
    response = download(client, "named-register-export-csv", args=[slug])
    assert csv_descriptions(response) == [GIFT]
    refused = client.post(export_url("named-register-export-csv", args=[slug]), INCLUDE)
    assert refused.status_code == 403


def test_making_it_again_asks_for_it_again_by_the_form(cast):
    export = Export.objects.create(
        requested_by=cast["monitoring_officer"],
        organisation=cast["disclosure"].organisation,
        register=export_jobs.WHOLE_REGISTER,
        format="csv",
        query={"type": ["disclosure"], **{export_jobs.INCLUDE_SENSITIVE: ["yes"]}},
        title="t",
        filename="f.csv",
    )
    again = export_jobs.again_urls(export)
    assert again[export_jobs.INCLUDE_SENSITIVE] == "yes"
    assert "sensitive" not in again["make"] and "sensitive" not in again["register"]


def test_the_monitoring_officer_who_leaves_the_role_gets_no_file(client, cast, monitoring_officer):
    as_(client, cast["monitoring_officer"])
    export = export_of(client.post(export_url("register-export-csv"), INCLUDE))
    RoleAssignment.objects.filter(officer=monitoring_officer).delete()
    assert client.get(file_url(export)).status_code == 404


# --- approvals --------------------------------------------------------------------------------


def test_the_line_manager_on_the_route_sees_it_in_the_queue(client, cast):
    response = as_(client, cast["line_manager"]).get(reverse("decision-queue"))
    assert response.status_code == 200
    assert [row.declaration for row in response.context["rows"]] == [cast["disclosure"]]
    assert "Disclosure: Essex Police" in response.content.decode()


@pytest.mark.parametrize("who", ["director", "other_approver", "monitoring_officer"])
def test_an_approver_not_on_the_route_has_no_row_for_it(client, cast, who):
    response = as_(client, cast[who]).get(reverse("decision-queue"))
    assert "Essex Police" not in response.content.decode()


def step_url(cast) -> str:
    step = cast["disclosure"].approval_steps.get()
    return reverse("decision-detail", args=[step.pk])


def test_the_line_manager_opens_its_decision_page(client, cast):
    response = as_(client, cast["line_manager"]).get(step_url(cast))
    assert response.status_code == 200
    assert SECRET in response.content.decode()


@pytest.mark.parametrize("who", ["officer", "director", "stranger", "other_approver"])
def test_anyone_else_is_refused_its_decision_page(client, cast, who):
    before = denials()
    response = as_(client, cast[who]).get(step_url(cast))
    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    assert denials() == before + 1


def test_the_line_manager_can_acknowledge_it(client, cast):
    response = as_(client, cast["line_manager"]).post(
        step_url(cast), {"decision": "acknowledge", "reason": ""}
    )
    assert response.status_code == 302
    cast["disclosure"].refresh_from_db()
    assert cast["disclosure"].status == Status.RECORDED


# --- the dashboard ------------------------------------------------------------------------------


def declared_late(declaration: Declaration) -> Declaration:
    """As if declared a week after its deadline (the columns submission copies)."""
    Declaration.objects.filter(pk=declaration.pk).update(
        late=True, deadline=declaration.declared_on - datetime.timedelta(days=7)
    )
    return declaration


def late_rows(client, user, organisation) -> list[dict[str, Any]]:
    response = as_(client, user).get(reverse("dashboard"), {"organisation": organisation.code})
    assert response.status_code == 200
    return response.context["board"].late


def test_the_dashboard_lists_a_late_disclosure_for_the_monitoring_officer(
    client, thurrock, officer, monitoring_officer
):
    late = declared_late(disclose(officer))

    (row,) = late_rows(client, monitoring_officer.user, thurrock)

    assert row["reference"] == late.reference_with_version
    assert row["officer"] == officer.full_name
    assert row["url"]


def test_a_system_administrator_sees_only_that_a_late_sensitive_entry_is_there(
    client, thurrock, officer
):
    declared_late(disclose(officer))
    admin = UserFactory(username="ada.admin", is_superuser=True, is_staff=True)

    (row,) = late_rows(client, admin, thurrock)

    assert (row["reference"], row["officer"], row["url"]) == ("A sensitive entry", "Not shown", "")


def test_a_system_administrator_gets_no_link_to_a_sensitive_entry_awaiting_its_officer(
    client, thurrock, officer
):
    disclosure = disclose(officer)
    Declaration.objects.filter(pk=disclosure.pk).update(disposition_due_on=clock.today())
    admin = UserFactory(username="ada.admin", is_superuser=True, is_staff=True)

    response = as_(client, admin).get(reverse("dashboard"), {"organisation": thurrock.code})

    (row,) = response.context["board"].awaiting_disposition
    assert (row["reference"], row["officer"], row["url"]) == ("A sensitive entry", "Not shown", "")
    assert 'href=""' not in response.content.decode()
    assert SECRET not in response.content.decode()
