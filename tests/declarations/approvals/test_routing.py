"""Turning a verdict's route into approval steps for real people (approvals.routing)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from declarations import approvals
from declarations.approvals import routing
from declarations.choices import Status, StepState
from declarations.models import ApprovalStep, DeclarationEvent, Officer
from tests.factories import (
    DeclarationFactory,
    InterestFactory,
    OfficerFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    make_declaration,
    open_for,
    person,
)


@pytest.fixture
def ladder(thurrock) -> dict[str, Officer]:
    """One person at each level, each managed by the next up."""
    chief = person(thurrock, "cara.chief", "chief_executive")
    director = person(thurrock, "dan.director", "director", chief)
    assistant = person(thurrock, "ada.assistant", "assistant_director", director)
    head = person(thurrock, "hal.head", "head_of_service", assistant)
    manager = person(thurrock, "mia.manager", "manager", head)
    staff = person(thurrock, "sid.staff", "staff", manager)
    return {
        "chief_executive": chief,
        "director": director,
        "assistant_director": assistant,
        "head_of_service": head,
        "manager": manager,
        "staff": staff,
    }


# --- chain roles ----------------------------------------------------------------------


@pytest.mark.django_db
def test_line_manager_is_the_officers_line_manager(officer, line_manager):
    _, steps = open_for(officer, route=["line_manager"])

    assert [(s.order, s.role, s.assignee) for s in steps] == [(1, "line_manager", line_manager)]
    assert not steps[0].route_unresolved


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("line_manager", "manager"),
        ("head_of_service", "head_of_service"),
        ("assistant_director", "assistant_director"),
        ("director", "director"),
        ("chief_officer", "director"),
    ],
)
def test_each_level_role_is_the_nearest_person_up_the_chain_at_that_level(ladder, role, expected):
    _, steps = open_for(ladder["staff"], route=[role])

    assert steps[0].assignee == ladder[expected]
    assert not steps[0].route_unresolved


@pytest.mark.django_db
def test_a_level_role_skips_levels_that_are_missing_from_the_chain(officer, director):
    # Olive's chain is a manager then a director: no head of service, no assistant director.
    _, steps = open_for(officer, route=["head_of_service", "assistant_director"])

    assert [s.assignee for s in steps] == [director, director]


@pytest.mark.django_db
def test_a_level_role_skips_inactive_managers(ladder):
    ladder["head_of_service"].active = False
    ladder["head_of_service"].save()

    _, steps = open_for(ladder["staff"], route=["head_of_service"])

    assert steps[0].assignee == ladder["assistant_director"]


@pytest.mark.django_db
def test_chief_officer_by_role_is_nearer_than_one_by_level(ladder, thurrock):
    RoleAssignmentFactory(
        officer=ladder["assistant_director"], organisation=thurrock, role="chief_officer"
    )

    _, steps = open_for(ladder["staff"], route=["chief_officer"])

    assert steps[0].assignee == ladder["assistant_director"]


@pytest.mark.django_db
def test_chief_officer_by_level_when_nobody_holds_the_role(ladder):
    _, steps = open_for(ladder["head_of_service"], route=["chief_officer"])

    assert steps[0].assignee == ladder["director"]


@pytest.mark.django_db
def test_chief_officer_falls_back_to_the_appointed_chief_officer_off_the_chain(thurrock):
    loner = person(thurrock, "lou.loner")
    appointed = person(thurrock, "cy.chief", "assistant_director")
    RoleAssignmentFactory(officer=appointed, organisation=thurrock, role="chief_officer")

    _, steps = open_for(loner, route=["chief_officer"])

    assert steps[0].assignee == appointed
    assert not steps[0].route_unresolved


@pytest.mark.django_db
def test_an_expired_chief_officer_assignment_does_not_count(ladder, thurrock):
    RoleAssignmentFactory(
        officer=ladder["assistant_director"],
        organisation=thurrock,
        role="chief_officer",
        valid_to=datetime.date(2021, 1, 1),
    )

    _, steps = open_for(ladder["staff"], route=["chief_officer"])

    assert steps[0].assignee == ladder["director"]


# --- organisation roles -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["chief_executive", "monitoring_officer", "board_secretary", "hr", "legal_adviser"]
)
def test_each_organisation_role_is_its_current_holder(officer, thurrock, monitoring_officer, role):
    holder = monitoring_officer
    if role != "monitoring_officer":
        holder = person(thurrock, f"holder.{role.replace('_', '')}", "head_of_service")
        RoleAssignmentFactory(officer=holder, organisation=thurrock, role=role)
    # A holder of the same role elsewhere never counts.
    RoleAssignmentFactory(
        officer=OfficerFactory(organisation=OrganisationFactory(code="ecc")),
        role=role,
    )

    _, steps = open_for(officer, route=[role])

    assert steps[0].assignee == holder
    assert not steps[0].route_unresolved


@pytest.mark.django_db
def test_a_role_holder_whose_assignment_ended_is_not_asked(officer, thurrock, monitoring_officer):
    former = person(thurrock, "fay.former", "head_of_service")
    RoleAssignmentFactory(
        officer=former, organisation=thurrock, role="hr", valid_to=datetime.date(2022, 1, 1)
    )

    _, steps = open_for(officer, route=["hr"])

    assert steps[0].assignee == monitoring_officer
    assert steps[0].route_unresolved


@pytest.mark.django_db
def test_chief_executive_falls_back_to_the_officer_at_chief_executive_level(officer, thurrock):
    chief = person(thurrock, "cara.chief", "chief_executive")

    _, steps = open_for(officer, route=["chief_executive"])

    assert steps[0].assignee == chief
    assert not steps[0].route_unresolved


# --- secondment -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_role_only_the_host_code_asks_for_is_the_hosts_holder(
    officer, line_manager, monitoring_officer
):
    county = OrganisationFactory(code="county-council")
    county_mo = person(county, "cole.county", "assistant_director")
    RoleAssignmentFactory(officer=county_mo, organisation=county, role="monitoring_officer")
    officer.seconded_to = county
    officer.save()
    # Thurrock asks the line manager and director; the county council asks the line manager
    # and its monitoring officer: so the monitoring officer is the county council's.
    declaration = make_declaration(
        officer,
        outcome="declare",
        type="interest",
        route=["line_manager", "director", "monitoring_officer"],
        detail={"interest_kind": "financial", "org_does_business_with_employer": True},
    )
    assert routing.host_only_roles(declaration) == {"monitoring_officer"}

    steps = routing.open_route(declaration, declaration.verdict, actor=officer.user)

    assert {s.role: s.assignee for s in steps}["monitoring_officer"] == county_mo
    assert {s.role: s.assignee for s in steps}["line_manager"] == line_manager


@pytest.mark.django_db
def test_a_role_both_codes_ask_for_stays_with_the_home_employer(thurrock, monitoring_officer):
    county = OrganisationFactory(code="county-council")
    county_mo = person(county, "cole.county", "assistant_director")
    RoleAssignmentFactory(officer=county_mo, organisation=county, role="monitoring_officer")
    boss = person(county, "bea.boss", "director")
    secondee = person(county, "sue.secondee", "staff", boss)
    secondee.seconded_to = thurrock
    secondee.save()
    # The county council asks its line manager and monitoring officer; Thurrock asks the
    # line manager and director. Only "director" is the host's, and that is a chain role.
    declaration = make_declaration(
        secondee,
        outcome="declare",
        type="interest",
        route=["line_manager", "director", "monitoring_officer"],
        detail={"interest_kind": "financial", "org_does_business_with_employer": True},
    )
    assert routing.host_only_roles(declaration) == {"director"}

    steps = routing.open_route(declaration, declaration.verdict, actor=secondee.user)

    assert [(s.role, s.assignee) for s in steps] == [
        ("line_manager", boss),
        ("director", boss),
        ("monitoring_officer", county_mo),
    ]


@pytest.mark.django_db
def test_an_officer_not_seconded_has_no_host_roles(officer):
    declaration = make_declaration(officer)

    assert routing.host_only_roles(declaration) == frozenset()


# --- nobody decides their own declaration -------------------------------------------------


@pytest.mark.django_db
def test_monitoring_officer_declaring_goes_to_another_monitoring_officer(
    thurrock, monitoring_officer
):
    deputy = person(thurrock, "dee.deputy", "head_of_service")
    RoleAssignmentFactory(officer=deputy, organisation=thurrock, role="monitoring_officer")

    _, steps = open_for(monitoring_officer, outcome="declare", route=["monitoring_officer"])

    assert steps[0].assignee == deputy
    assert not steps[0].route_unresolved


@pytest.mark.django_db
def test_the_only_monitoring_officer_declaring_goes_to_the_chief_executive(
    thurrock, monitoring_officer
):
    chief = person(thurrock, "cara.chief", "chief_executive")
    RoleAssignmentFactory(officer=chief, organisation=thurrock, role="chief_executive")

    _, steps = open_for(monitoring_officer, outcome="declare", route=["monitoring_officer"])

    assert steps[0].assignee == chief
    assert steps[0].route_unresolved


@pytest.mark.django_db
def test_a_role_holder_declaring_is_skipped_for_another_holder(officer, thurrock):
    hr_one = person(thurrock, "hana.hr", "manager", officer.line_manager)
    hr_two = person(thurrock, "hugo.hr", "manager")
    RoleAssignmentFactory(officer=hr_one, organisation=thurrock, role="hr")
    RoleAssignmentFactory(
        officer=hr_two, organisation=thurrock, role="hr", valid_from=datetime.date(2021, 1, 1)
    )

    _, steps = open_for(hr_one, route=["hr"])

    assert steps[0].assignee == hr_two


@pytest.mark.django_db
def test_a_director_declaring_with_a_director_route_goes_up_to_the_next_person(ladder):
    _, steps = open_for(ladder["director"], route=["director"])

    assert steps[0].assignee == ladder["chief_executive"]


@pytest.mark.django_db
def test_the_chief_executive_declaring_is_never_their_own_chief_executive(thurrock):
    chief = person(thurrock, "cara.chief", "chief_executive")
    RoleAssignmentFactory(officer=chief, organisation=thurrock, role="chief_executive")
    mo = person(thurrock, "mo.monitoring", "assistant_director")
    RoleAssignmentFactory(officer=mo, organisation=thurrock, role="monitoring_officer")

    _, steps = open_for(chief, route=["chief_executive"])

    assert steps[0].assignee == mo
    assert steps[0].route_unresolved


# --- nobody found ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_line_manager_goes_to_the_monitoring_officer_flagged(thurrock, monitoring_officer):
    loner = person(thurrock, "lou.loner")

    declaration, steps = open_for(loner, route=["line_manager", "director"])

    assert [(s.assignee, s.route_unresolved) for s in steps] == [
        (monitoring_officer, True),
        (monitoring_officer, True),
    ]
    note = declaration.events.get(action="route_opened").note
    assert note == (
        "Sent to Mona Monitoring (in place of a line manager: none was found) for approval, "
        "then to Mona Monitoring (in place of a director: none was found)."
    )


@pytest.mark.django_db
def test_with_nobody_at_all_the_step_is_unassigned_and_flagged(thurrock):
    loner = person(thurrock, "lou.loner")

    _, steps = open_for(loner, route=["line_manager"])

    assert steps[0].assignee is None
    assert steps[0].route_unresolved


@pytest.mark.django_db
def test_a_routed_outcome_with_an_empty_route_still_gets_a_monitoring_officer_step(
    officer, monitoring_officer
):
    _, steps = open_for(officer, outcome="approval_required", route=[])

    assert [(s.role, s.assignee, s.route_unresolved) for s in steps] == [
        ("monitoring_officer", monitoring_officer, True)
    ]


# --- delegation when a step opens -----------------------------------------------------------


@pytest.mark.django_db
def test_an_active_delegation_sends_the_step_to_the_delegate(officer, line_manager, director):
    today = timezone.localdate()
    line_manager.delegations.create(
        delegate=director, starts_on=today, ends_on=today + datetime.timedelta(days=3)
    )

    declaration, steps = open_for(officer)

    assert (steps[0].assignee, steps[0].delegated_from) == (director, line_manager)
    assert declaration.events.get(action="route_opened").note == (
        "Sent to Dana Director (line manager, for Lee Manager) for approval."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts", "ends"), [(-10, -1), (1, 5)], ids=["ended-yesterday", "starts-tomorrow"]
)
def test_a_delegation_not_covering_today_is_ignored(officer, line_manager, director, starts, ends):
    today = timezone.localdate()
    line_manager.delegations.create(
        delegate=director,
        starts_on=today + datetime.timedelta(days=starts),
        ends_on=today + datetime.timedelta(days=ends),
    )

    _, steps = open_for(officer)

    assert (steps[0].assignee, steps[0].delegated_from) == (line_manager, None)


@pytest.mark.django_db
def test_a_delegation_to_the_declarant_is_ignored_for_their_own_declaration(officer, line_manager):
    today = timezone.localdate()
    line_manager.delegations.create(delegate=officer, starts_on=today, ends_on=today)

    _, steps = open_for(officer)

    assert steps[0].assignee == line_manager


@pytest.mark.django_db
def test_a_later_step_is_delegated_when_it_opens_not_when_the_route_is_made(
    officer, line_manager, director
):
    from declarations.approvals.decisions import decide

    stand_in = person(officer.organisation, "sal.standin", "director")
    _, steps = open_for(officer, route=["line_manager", "director"])
    today = timezone.localdate()
    director.delegations.create(delegate=stand_in, starts_on=today, ends_on=today)
    assert steps[1].assignee == director  # not open yet: still the director's

    decide(steps[0].pk, by=line_manager, decision="approve", reason="")

    steps[1].refresh_from_db()
    assert (steps[1].assignee, steps[1].delegated_from) == (stand_in, director)
    assert steps[1].opened_at is not None


# --- what opens when ------------------------------------------------------------------------


@pytest.mark.django_db
def test_approval_required_opens_only_the_first_step_with_its_due_date(officer):
    _, steps = open_for(officer, route=["line_manager", "director"])

    first, second = steps
    assert first.opened_at is not None
    assert first.due_on == timezone.localdate() + datetime.timedelta(days=10)
    assert (second.opened_at, second.due_on) == (None, None)
    assert [s.state for s in steps] == [StepState.PENDING, StepState.PENDING]


@pytest.mark.django_db
def test_the_due_date_comes_from_settings(officer, settings):
    settings.APPROVAL_STEP_DUE_DAYS = 3

    _, steps = open_for(officer)

    assert steps[0].due_on == timezone.localdate() + datetime.timedelta(days=3)


@pytest.mark.django_db
def test_declare_opens_every_step_at_once(officer):
    _, steps = open_for(officer, outcome="declare", route=["line_manager", "director"])

    assert all(s.opened_at is not None for s in steps)


@pytest.mark.django_db
def test_prohibited_opens_nothing_until_the_officer_says_what_happened(officer):
    declaration, steps = open_for(officer, outcome="prohibited", route=["line_manager"])
    assert steps[0].opened_at is None
    assert approvals.awaiting_disposition(declaration)

    approvals.record_disposition(
        declaration, officer.user, "declined", declaration.date, "Told them our policy"
    )

    steps[0].refresh_from_db()
    assert steps[0].opened_at is not None
    assert not approvals.awaiting_disposition(declaration)


@pytest.mark.django_db
def test_no_action_makes_no_steps_and_no_event(officer):
    declaration, steps = open_for(officer, outcome="no_action", route=[])

    assert steps == []
    assert not declaration.approval_steps.exists()
    assert not declaration.events.filter(action="route_opened").exists()


@pytest.mark.django_db
def test_route_opened_event_names_the_people_in_order(officer, line_manager, director):
    declaration, _ = open_for(officer, route=["line_manager", "director"])

    event = declaration.events.get(action="route_opened")
    assert event.actor == officer.user
    assert event.note == (
        "Sent to Lee Manager (line manager) for approval, then to Dana Director (director)."
    )


@pytest.mark.django_db
def test_a_declaration_to_acknowledge_names_everyone_asked(officer, line_manager, director):
    declaration, _ = open_for(officer, outcome="declare", route=["line_manager", "director"])

    assert declaration.events.get(action="route_opened").note == (
        "Sent to Lee Manager (line manager) and Dana Director (director) to acknowledge."
    )


@pytest.mark.django_db
def test_a_prohibited_route_says_it_waits_for_the_officer(officer, line_manager):
    declaration, _ = open_for(officer, outcome="prohibited", route=["line_manager"])

    assert declaration.events.get(action="route_opened").note == (
        "To be sent to Lee Manager (line manager) to acknowledge once the officer says what "
        "happened to it."
    )


@pytest.mark.django_db
def test_a_route_cannot_be_opened_twice(officer):
    declaration, _ = open_for(officer)

    with pytest.raises(routing.RouteAlreadyOpen):
        routing.open_route(declaration, declaration.verdict, actor=officer.user)
    assert declaration.approval_steps.count() == 1
    assert DeclarationEvent.objects.filter(action="route_opened").count() == 1


# --- through submission ----------------------------------------------------------------


@pytest.mark.django_db
def test_submitting_opens_the_route_for_a_thurrock_interest(officer, line_manager, director):
    from declarations.filing.services import lodge

    declaration = DeclarationFactory(
        officer=officer,
        type="interest",
        date=timezone.localdate(),
        declared_on=timezone.localdate(),
    )
    InterestFactory(
        declaration=declaration, interest_kind="financial", org_does_business_with_employer=True
    )

    lodge(declaration, actor=officer.user)

    declaration.refresh_from_db()
    steps = list(declaration.approval_steps.order_by("order"))
    assert declaration.status == Status.AWAITING_ACKNOWLEDGEMENT
    assert [(s.role, s.assignee) for s in steps] == [
        ("line_manager", line_manager),
        ("director", director),
    ]
    assert all(s.opened_at for s in steps)


# --- showing the route --------------------------------------------------------------------


@pytest.mark.django_db
def test_route_for_display_says_who_stands_where(officer, line_manager, director):
    from declarations.approvals.decisions import decide

    declaration, steps = open_for(officer, route=["line_manager", "director"])
    decide(steps[0].pk, by=line_manager, decision="approve", reason="Fine by me")

    first, second = routing.route_for_display(declaration)

    assert (first.person, first.state_label, first.reason) == (
        "Lee Manager",
        "Approved",
        "Fine by me",
    )
    assert first.decided_at is not None
    assert (second.person, second.status_words, second.waiting) == (
        "Dana Director",
        "Waiting",
        True,
    )
    assert second.due_on is not None and not second.overdue


@pytest.mark.django_db
def test_route_for_display_marks_a_step_not_reached_and_an_overdue_one(officer):
    declaration, steps = open_for(officer, route=["line_manager", "director"])
    ApprovalStep.objects.filter(pk=steps[0].pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    first, second = routing.route_for_display(declaration)

    assert first.overdue
    assert second.status_words == "Not reached yet"


@pytest.mark.django_db
def test_a_step_waiting_for_the_officer_to_say_what_happened_says_so(officer):
    declaration, _ = open_for(officer, outcome="prohibited", route=["director"])

    (step,) = routing.route_for_display(declaration)

    assert step.status_words == "Waiting to hear what happened"
    approvals.record_disposition(declaration, officer.user, "declined", declaration.date)
    declaration.refresh_from_db()
    (step,) = routing.route_for_display(declaration)
    assert step.status_words == "Waiting"
