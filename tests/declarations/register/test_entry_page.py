"""The keeper's entry page: one entry of the register, read-only, for whoever may see it
in a register page (the monitoring officer: the whole register of their organisation,
seconded-in entries included; a Thurrock director: the entries of their own named
register). Anyone else gets 404, never a hint that the entry exists."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from declarations.approvals import open_route
from declarations.models import Declaration, DeclarationEvent, SecurityEvent
from declarations.register import entries
from tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    RelationshipFactory,
    RoleAssignmentFactory,
    UserFactory,
    entry,
    make_declaration,
    make_verdict,
)

pytestmark = pytest.mark.django_db


def url(declaration: Declaration) -> str:
    return reverse("register-entry", args=[declaration.pk])


def get(client, officer_or_user, declaration: Declaration):
    user = getattr(officer_or_user, "user", officer_or_user)
    client.force_login(user)
    return client.get(url(declaration))


@pytest.fixture
def in_directors_register(officer, director):
    """Olive's gift, kept (as recorded when she filed it) by Dana, her director."""
    return entry(
        officer,
        counterparty="Director kept Ltd",
        register_keeper="director",
        register_keeper_officer=director,
    )


@pytest.fixture
def not_in_directors_register(monitoring_officer):
    """Mona's interest: in the whole register, in no director's."""
    return entry(monitoring_officer, type="interest", value=None, counterparty="Law Society")


# --- who may open an entry -------------------------------------------------------------------


def test_the_monitoring_officer_opens_any_entry_of_her_register(
    client, monitoring_officer, in_directors_register, not_in_directors_register
):
    for declaration in (in_directors_register, not_in_directors_register):
        response = get(client, monitoring_officer, declaration)
        assert response.status_code == 200
        assert declaration.reference_with_version in response.content.decode()


def test_a_director_opens_the_entries_of_his_own_register_only(
    client, director, in_directors_register, not_in_directors_register
):
    assert get(client, director, in_directors_register).status_code == 200
    assert get(client, director, not_in_directors_register).status_code == 404


@pytest.mark.parametrize("who", ["officer", "line_manager", "stranger"])
def test_it_refuses_everyone_else_with_404(client, request, who, in_directors_register):
    person = request.getfixturevalue(who)
    response = get(client, person, in_directors_register)
    assert response.status_code == 404
    assert "Director kept Ltd" not in response.content.decode()


def test_it_refuses_another_employers_monitoring_officer(client, stranger, in_directors_register):
    ecc_mo = OfficerFactory(organisation=stranger.organisation, level="director")
    RoleAssignmentFactory(
        officer=ecc_mo, organisation=stranger.organisation, role="monitoring_officer"
    )
    assert get(client, ecc_mo, in_directors_register).status_code == 404
    own = entry(stranger, counterparty="ECC own")
    assert get(client, ecc_mo, own).status_code == 200


def test_a_seconded_in_entry_is_open_to_the_host_monitoring_officer(
    client, thurrock, monitoring_officer
):
    seconded = OfficerFactory(organisation=OrganisationFactory(code="ecc"), seconded_to=thurrock)
    declaration = entry(seconded, counterparty="Seconded gift", host_organisation=thurrock)
    assert get(client, monitoring_officer, declaration).status_code == 200


def test_an_entry_filed_before_a_secondment_stays_with_its_own_register(
    client, thurrock, monitoring_officer
):
    """As the register: the host recorded at submission, not the secondment today."""
    seconded = OfficerFactory(organisation=OrganisationFactory(code="ecc"), seconded_to=thurrock)
    earlier = entry(seconded, counterparty="Before the secondment", host_organisation=None)
    assert get(client, monitoring_officer, earlier).status_code == 404


def test_a_draft_is_never_open(client, monitoring_officer, officer):
    draft = entry(officer, status="draft")
    assert get(client, monitoring_officer, draft).status_code == 404


def test_a_draft_withdrawn_before_it_was_submitted_is_never_open(
    client, monitoring_officer, officer
):
    withdrawn = entry(officer, status="withdrawn", submitted_at=None, counterparty="Never sent")
    assert get(client, monitoring_officer, withdrawn).status_code == 404
    client.force_login(monitoring_officer.user)
    html = client.get(reverse("register"), {"status": "withdrawn"}).content.decode()
    assert "Never sent" in html  # listed, as the register lists withdrawn entries
    assert f'href="{url(withdrawn)}"' not in html


def test_a_system_administrator_opens_any_entry(client, in_directors_register):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert get(client, admin, in_directors_register).status_code == 200


def test_a_relationship_is_open_to_the_monitoring_officer_but_no_director(
    client, monitoring_officer, director, officer
):
    """Sensitive entries follow the registers: the whole register holds them, a
    director's register (gifts and hospitality) does not."""
    relationship = RelationshipFactory(
        declaration__officer=officer,
        declaration__status="recorded",
        declaration__register_keeper="director",
        declaration__register_keeper_officer=director,
    ).declaration
    assert get(client, monitoring_officer, relationship).status_code == 200
    assert get(client, director, relationship).status_code == 404


def test_the_anonymous_are_sent_to_sign_in(client, in_directors_register):
    response = client.get(url(in_directors_register))
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_openable_is_the_same_set_for_the_list_and_the_page(
    monitoring_officer, director, in_directors_register, not_in_directors_register
):
    assert set(entries.openable(director.user)) == {in_directors_register}
    assert set(entries.openable(monitoring_officer.user)) == {
        in_directors_register,
        not_in_directors_register,
    }


# --- what the page shows ---------------------------------------------------------------------


def test_it_shows_the_answers_the_verdict_with_its_clauses_the_route_and_the_history(
    client, officer, line_manager, monitoring_officer
):
    declaration = make_declaration(
        officer,
        counterparty="Route Co",
        verdict=make_verdict(
            "approval_required",
            ("line_manager",),
            reasons=["A gift over the limit needs approval."],
            citations=["thurrock:14.3"],
        ),
        detail={"value_gbp": "45.00"},
    )
    (step,) = open_route(declaration, declaration.verdict, actor=officer.user)
    step.state = "rejected"
    step.reason = "Too generous from a supplier."
    step.decided_by = line_manager
    step.decided_at = datetime.datetime(2026, 11, 5, 10, 0, tzinfo=datetime.UTC)
    step.save()

    response = get(client, monitoring_officer, declaration)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Route Co" in html  # an answer
    assert "£45.00" in html
    assert "A gift over the limit needs approval." in html  # the verdict's reason
    assert "Thurrock Council, clause 14.3" in html  # with its clause
    assert "Too generous from a supplier." in html  # the step's reason
    assert "Lee Manager" in html
    assert 'id="history"' in html
    assert DeclarationEvent.objects.filter(declaration=declaration).exists()
    for event in response.context["history"]:
        assert event["what"] in html
    assert f"/declarations/{declaration.pk}/" not in html  # read-only: no Change links
    assert "<form" not in html.split('id="main-content"')[1]  # and nothing to submit


def test_it_links_each_version_it_may_open(client, officer, monitoring_officer):
    first = entry(officer, counterparty="Versioned", status="superseded")
    second = entry(
        officer, counterparty="Versioned", reference=first.reference, version=2, amends=first
    )
    response = get(client, monitoring_officer, second)
    html = response.content.decode()
    assert f'href="{url(first)}"' in html
    assert f"{first.reference_with_version}" in html


def test_an_amendment_still_in_draft_is_not_listed(client, officer, monitoring_officer):
    first = entry(officer, counterparty="Versioned")
    entry(
        officer,
        counterparty="Versioned",
        reference=first.reference,
        version=2,
        amends=first,
        status="draft",
    )
    html = get(client, monitoring_officer, first).content.decode()
    assert f"{first.reference} v2" not in html


def test_it_says_what_happened_to_a_declined_gift(client, officer, monitoring_officer):
    declaration = entry(
        officer,
        counterparty="Declined Co",
        disposition_due_on=datetime.date(2026, 11, 20),
        disposition="given_to_named_charity",
        disposition_on=datetime.date(2026, 11, 10),
        disposition_note="Handed in at the Mayor's office",
        disposition_recorded_at=datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC),
    )
    html = get(client, monitoring_officer, declaration).content.decode()
    assert 'id="what-happened"' in html
    assert "Given to the Mayor&#x27;s Charity Fund" in html  # Thurrock's own words (14.5)
    assert "Handed in at the Mayor&#x27;s office" in html
    assert "10 November 2026" in html


def test_it_says_when_what_happened_is_awaited(client, officer, monitoring_officer):
    due = datetime.date.today() - datetime.timedelta(days=2)
    declaration = entry(officer, counterparty="Awaited Co", disposition_due_on=due)
    html = get(client, monitoring_officer, declaration).content.decode()
    assert "Awaiting what happened to it" in html
    assert f"{due.day} {due:%B %Y}" in html
    assert "govuk-tag--red" in html  # overdue


def test_the_title_names_the_entry(client, officer, monitoring_officer):
    declaration = entry(officer)
    html = get(client, monitoring_officer, declaration).content.decode()
    assert f"<title>{declaration.reference_with_version}" in html


def test_viewing_records_nothing(client, officer, monitoring_officer):
    declaration = entry(officer)
    before = DeclarationEvent.objects.count()
    get(client, monitoring_officer, declaration)
    assert DeclarationEvent.objects.count() == before


def test_who_opened_which_entry_is_in_the_security_log(client, officer, monitoring_officer):
    declaration = entry(officer, type="relationship", value=None)
    get(client, monitoring_officer, declaration)
    (event,) = SecurityEvent.objects.filter(kind="register_entry_opened")
    assert event.user == monitoring_officer.user
    assert event.detail["entry"] == declaration.pk
    assert event.detail["type"] == "relationship"
    assert declaration.counterparty not in str(event.detail)  # never its answers


def test_only_get_is_allowed(client, officer, monitoring_officer):
    declaration = entry(officer)
    client.force_login(monitoring_officer.user)
    assert client.post(url(declaration)).status_code == 405


# --- the links to it --------------------------------------------------------------------------


def test_every_register_row_links_to_its_entry(client, officer, monitoring_officer):
    first, second = entry(officer), entry(officer, counterparty="Second")
    client.force_login(monitoring_officer.user)
    html = client.get(reverse("register")).content.decode()
    for declaration in (first, second):
        assert f'href="{url(declaration)}"' in html


def test_every_named_register_row_links_to_its_entry(client, director, in_directors_register):
    client.force_login(director.user)
    response = client.get(reverse("named-register", args=[f"thurrock-director-{director.pk}"]))
    assert f'href="{url(in_directors_register)}"' in response.content.decode()


def test_the_dashboards_lists_link_to_their_entries(client, officer, monitoring_officer):
    late = entry(officer, verdict={"late": True, "deadline": "2026-01-01"})
    client.force_login(monitoring_officer.user)
    html = client.get(reverse("dashboard")).content.decode()
    assert f'href="{url(late)}"' in html
