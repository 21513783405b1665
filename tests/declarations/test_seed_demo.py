"""The demo data: `seed_demo` builds five employers, their staff, roles and declarations.

The data is seeded once for the module inside a transaction that is rolled back at the
end (declaration events are append-only, so they could not be deleted afterwards);
each test runs in its own savepoint within it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from declarations import approvals
from declarations.choices import OrganisationRole, Status
from declarations.filing import answers as filing
from declarations.models import (
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    Disclosure,
    GiftHospitality,
    Interest,
    Officer,
    Organisation,
    OutsideWork,
    Relationship,
    RoleAssignment,
)
from declarations.people import hierarchy
from demo import loader
from policies import vocabulary as v

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker) -> Iterator[loader.SeedReport]:
    """Seed once for the whole module; roll everything back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield loader.seed()
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    """How many rows of each kind exist: a second run must leave these unchanged."""
    models = {
        "users": get_user_model(),
        "organisations": Organisation,
        "officers": Officer,
        "role assignments": RoleAssignment,
        "declarations": Declaration,
        "events": DeclarationEvent,
        "approval steps": ApprovalStep,
        "gifts and hospitality": GiftHospitality,
        "interests": Interest,
        "outside work": OutsideWork,
        "relationships": Relationship,
        "disclosures": Disclosure,
    }
    return {name: model.objects.count() for name, model in models.items()}


def declaration_for(spec: dict[str, Any]) -> Declaration:
    """The first version of a declaration in demo/data.toml."""
    return Declaration.objects.get(
        officer__user__username=spec["officer"],
        type=spec["type"],
        counterparty=spec["counterparty"],
        amends=None,
    )


def test_five_organisations_with_their_prefixes(report):
    assert {(o.code, o.name, o.reference_prefix) for o in Organisation.objects.all()} == {
        ("essex-probation", "Essex Probation", "EP"),
        ("county-council", "The county council", "CC"),
        ("opcc", "Office of the Police and Crime Commissioner for Essex", "OPCC"),
        ("thurrock", "Thurrock Council", "THU"),
        ("ecc", "Essex County Council", "ECC"),
    }


def test_about_sixty_officers_spread_over_the_employers(report):
    assert 55 <= Officer.objects.count() <= 75
    for organisation in Organisation.objects.all():
        assert 10 <= organisation.officers.count() <= 16, organisation
    levels = set(Officer.objects.values_list("level", flat=True))
    assert levels == {level.value for level in v.Level}
    assert Officer.objects.filter(contracted_hours_per_week__lt=37).exists()  # part-time
    assert Officer.objects.filter(politically_restricted=True).exists()
    assert Officer.objects.filter(procurement_or_regulatory_role=True).exists()
    assert all(o.job_title and o.department for o in Officer.objects.all())


def test_the_predictable_logins_exist_in_every_organisation(report):
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    for prefix in ("ep", "cc", "opcc", "thu", "ecc"):
        assert {f"{prefix}.{who}" for who in ("officer", "manager", "director", "mo")} <= usernames
        officer = Officer.objects.get(user__username=f"{prefix}.officer")
        assert officer.line_manager.user.username == f"{prefix}.manager"
    assert "admin" in {row[0] for row in report.logins}
    assert get_user_model().objects.get(username="admin").is_superuser


def test_county_council_spinal_points_straddle_the_consent_threshold(report):
    points = set(
        Officer.objects.filter(organisation__code="county-council")
        .exclude(spinal_column_point=None)
        .values_list("spinal_column_point", flat=True)
    )
    assert 28 in points
    assert any(point >= 29 for point in points)


def test_role_holders_in_every_organisation(report):
    current = RoleAssignment.objects.current()
    for organisation in Organisation.objects.all():
        roles = set(current.filter(organisation=organisation).values_list("role", flat=True))
        assert {
            OrganisationRole.CHIEF_EXECUTIVE,
            OrganisationRole.MONITORING_OFFICER,
            OrganisationRole.HR,
            OrganisationRole.LEGAL_ADVISER,
            OrganisationRole.CHIEF_OFFICER,
        } <= roles, organisation
    assert current.filter(
        organisation__code="essex-probation", role=OrganisationRole.BOARD_SECRETARY
    ).exists()
    assert Officer.objects.filter(organisation__code="essex-probation", board_member=True).exists()
    for assignment in RoleAssignment.objects.all():
        assert assignment.officer.organisation == assignment.organisation
    for chief_officer in current.filter(role=OrganisationRole.CHIEF_OFFICER):
        assert chief_officer.officer.level == v.Level.DIRECTOR


def test_seconded_officers(report):
    seconded = Officer.objects.exclude(seconded_to=None)
    assert seconded.count() >= 2
    pairs = {(o.organisation.code, o.seconded_to.code) for o in seconded}
    assert {("thurrock", "ecc"), ("opcc", "essex-probation")} <= pairs


def test_line_management_has_no_loops_and_reaches_the_chief_executive(report):
    for officer in Officer.objects.select_related("line_manager"):
        if officer.level == v.Level.CHIEF_EXECUTIVE:
            assert officer.line_manager is None
            continue
        if officer.board_member:  # a non-executive board member has no line manager
            continue
        assert officer.line_manager is not None, officer
        assert officer.line_manager.organisation == officer.organisation
        assert officer.line_manager.level_rank > officer.level_rank, officer
        chain = hierarchy.chain_above(officer)
        assert len({o.pk for o in chain}) == len(chain)
        assert chain[-1].level == v.Level.CHIEF_EXECUTIVE, officer


def test_declarations_of_every_type_and_status(report):
    assert set(Declaration.objects.values_list("type", flat=True)) == {
        t.value for t in v.DeclarationType
    }
    # The submission service moves a declaration on from "submitted" in the same
    # transaction, so no declaration rests there; every one has passed through it.
    current = set(Declaration.objects.values_list("status", flat=True))
    assert current == set(Status.values) - {Status.SUBMITTED}
    reached = set(DeclarationEvent.objects.values_list("to_status", flat=True))
    assert reached | current == set(Status.values)
    organisations = set(Declaration.objects.values_list("organisation__code", flat=True))
    assert organisations == {employer.value for employer in v.Employer}
    for declaration in Declaration.objects.all():
        assert declaration.detail is not None, declaration
        assert declaration.organisation == declaration.officer.organisation


def test_the_code_gives_each_declaration_the_outcome_its_facts_were_chosen_for(report):
    assert report.problems == []
    for spec in loader.read()["declarations"]:
        declaration = declaration_for(spec)
        if spec.get("draft"):
            assert declaration.status == Status.DRAFT
            assert declaration.verdict is None
        else:
            assert declaration.verdict["outcome"] == spec["expect"], spec


def test_every_submitted_declaration_went_through_the_service_and_the_workflow(report):
    for declaration in Declaration.objects.exclude(status=Status.DRAFT):
        assert declaration.verdict, declaration
        assert declaration.policy_version, declaration
        assert declaration.submitted_at is not None
        events = list(declaration.events.all())
        assert events, declaration
        assert any(e.to_status == Status.SUBMITTED for e in events), declaration
        changes = [e for e in events if e.from_status != e.to_status]
        assert changes[-1].to_status == declaration.status, declaration
    for declaration in Declaration.objects.filter(status=Status.DRAFT):
        assert declaration.verdict is None
        assert not declaration.events.filter(to_status=Status.SUBMITTED).exists()


def test_each_declaration_is_filed_and_decided_on_its_own_day(report):
    specs = {(s["officer"], s["type"], s["counterparty"]): s for s in loader.read()["declarations"]}
    for declaration in Declaration.objects.exclude(status=Status.DRAFT).filter(amends=None):
        spec = specs[
            (declaration.officer.user.username, declaration.type, declaration.counterparty)
        ]
        after = spec.get("declared_after", loader.DECLARED_AFTER)
        assert (declaration.declared_on - declaration.date).days == after, declaration
        assert timezone.localdate(declaration.submitted_at) == declaration.declared_on
        times = [event.at for event in declaration.events.all()]
        assert times == sorted(times), declaration
    late = Declaration.objects.filter(verdict__late=True)
    # Consent asked before the work starts, gifts declared the day they are offered: on
    # time. Late: an interest declared weeks on, and outside work begun without consent.
    assert {(d.officer.user.username, d.counterparty) for d in late} == {
        ("thu.director", "Purfleet Riverside Developments Ltd"),
        ("cc.planner", "Notley Green Garden Centre"),
    }


def test_the_demo_has_a_former_officer_whose_outside_work_ended_when_he_left(report):
    leaver = Officer.objects.select_related("user").get(user__username="ecc.leaver")
    assert (leaver.active, leaver.user.is_active) == (False, False)
    assert leaver.left_on == timezone.localdate() - datetime.timedelta(days=21)
    work = Declaration.objects.get(counterparty="Chelmsford City Football Club")
    assert (work.status, work.ended_on) == (Status.ENDED, leaver.left_on)


def test_the_demo_shows_disclosures_and_a_late_county_council_outside_work_request(report):
    disclosures = Declaration.objects.filter(type=v.DeclarationType.DISCLOSURE)
    assert {(d.disclosure.disclosure_kind, d.status) for d in disclosures} == {
        ("criminal_charge", Status.RECORDED),
        ("overseas_travel", Status.APPROVED),
    }
    late = Declaration.objects.get(counterparty="Notley Green Garden Centre")
    assert (late.organisation.code, late.type, late.late) == (
        "county-council",
        "outside_work",
        True,
    )
    assert (late.declared_on - late.deadline).days == 21


def test_every_decision_was_made_by_the_person_the_step_was_assigned_to(report):
    decided = ApprovalStep.objects.exclude(decided_by=None)
    assert decided.count() >= 15
    for step in decided:
        assert step.decided_by == step.assignee, step
        assert step.decided_at >= step.opened_at >= step.declaration.submitted_at


def test_two_prohibited_entries_await_what_happened_to_them(report):
    prohibited = Declaration.objects.filter(verdict__outcome=v.Outcome.PROHIBITED.value)
    waiting = [d for d in prohibited if approvals.awaiting_disposition(d)]
    assert len(waiting) == 2
    assert all(d.disposition_due_on and not d.disposition for d in waiting)
    told = prohibited.exclude(pk__in=[d.pk for d in waiting])
    assert sorted(told.values_list("disposition", flat=True)) == ["declined", "returned_to_giver"]
    assert all(declaration.status == Status.RECORDED for declaration in told)


def test_a_gift_declined_when_filed_was_sent_on_at_once(report):
    declined = Declaration.objects.get(counterparty="A tenant in Grays")
    events = list(declined.events.order_by("at", "id").values_list("action", flat=True))
    assert events[:5] == [
        "created",
        "submit",
        "send_for_acknowledgement",
        "route_opened",
        "disposition_recorded",
    ]
    assert declined.disposition_on == declined.date


def test_a_draft_keeps_only_the_answers_its_officer_gave(report):
    for spec in [s for s in loader.read()["declarations"] if s.get("draft")]:
        declaration = declaration_for(spec)
        given = set(filing.given_answers(declaration))
        assert given == {"counterparty", "description", "date", *spec["answers"]}, spec


def test_an_amended_declaration_supersedes_its_first_version(report):
    second = Declaration.objects.get(version=2)
    first = second.amends
    assert first is not None
    assert (first.version, first.status) == (1, Status.SUPERSEDED)
    assert second.reference == first.reference
    assert second.status != Status.SUPERSEDED
    assert first.events.filter(action="supersede").exists()
    assert Declaration.objects.filter(status=Status.SUPERSEDED).count() == 1


def test_ended_declarations_have_an_end_date(report):
    ended = Declaration.objects.filter(status=Status.ENDED)
    assert ended.exists()
    assert all(d.ended_on and d.ended_on >= d.date for d in ended)


def test_seeding_again_creates_nothing(report, tmp_path):
    before = counts()

    again = loader.seed()
    call_command(
        "seed_demo",
        "--quiet",
        "--force",
        f"--emails-to={tmp_path}",
        stdout=StringIO(),
        stderr=StringIO(),
    )

    assert counts() == before
    assert sum(again.created.values()) == 0
    assert again.problems == []


def sign_in(client, username: str):
    """Through the sign-in page, as a person would (axes needs the request)."""
    return client.post(reverse("login"), {"username": username, "password": loader.DEMO_PASSWORD})


def test_a_demo_login_works_and_the_home_page_lists_their_declarations(report, client):
    assert sign_in(client, "thu.officer")["Location"] == reverse("home")

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    mine = Declaration.objects.filter(officer__user__username="thu.officer")
    assert mine.count() >= 3
    for declaration in mine:  # a draft has no reference until it is submitted
        assert reverse("declaration-detail", args=[declaration.pk]) in page
        assert declaration.reference_with_version in page
    other = (
        Declaration.objects.exclude(officer__user__username="thu.officer")
        .exclude(status=Status.DRAFT)
        .first()
    )
    assert other.reference not in page
    assert reverse("declaration-detail", args=[other.pk]) not in page


def test_the_admin_can_sign_in_once_they_have_set_up_an_authenticator_app(report, client):
    # A system administrator must have a second factor: the first sign-in sets one up.
    assert sign_in(client, "admin")["Location"] == reverse("sign-in-set-up")
    assert client.get("/admin/").status_code == 302
    client.get(reverse("sign-in-set-up"))
    app = TOTPDevice.objects.get(user__username="admin", confirmed=False)

    response = client.post(reverse("sign-in-set-up"), {"code": f"{totp(app.bin_key):06d}"})

    assert response["Location"] == reverse("account-recovery-codes")
    assert client.get("/admin/").status_code == 200


def test_the_command_prints_the_logins_and_the_password(report, tmp_path):
    out = StringIO()

    call_command("seed_demo", "--force", f"--emails-to={tmp_path}", stdout=out, stderr=StringIO())

    listing = out.getvalue()
    for username in ("thu.officer", "thu.manager", "thu.director", "thu.mo", "cc.officer"):
        assert username in listing
    assert loader.DEMO_PASSWORD in listing
    assert "Thurrock" in listing


def test_the_command_refuses_to_run_with_debug_off_unless_forced(report, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", "--quiet")
