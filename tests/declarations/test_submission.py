"""Submitting a declaration stores its verdict and moves it on as the verdict says.

ECC's rules are used because they are written in full: an interest must be declared,
outside work needs approval, a personal gift from an ordinary donor asks for nothing
and one from a supplier is prohibited.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

import policies
from declarations.choices import Status
from declarations.facts import settings_for
from declarations.filing.services import check, lodge
from declarations.models import Declaration, DeclarationEvent, Organisation
from declarations.workflow import IllegalTransition
from policies import RegisterSettings
from policies.vocabulary import Employer
from tests.factories import (
    DeclarationFactory,
    GiftFactory,
    InterestFactory,
    OrganisationFactory,
    OutsideWorkFactory,
    person,
)

pytestmark = pytest.mark.django_db

ECC_VERSION = f"ecc@{policies.module_for('ecc').VERSION}"


@pytest.fixture
def ecc_officer(stranger):
    """The cast's ECC social worker (a stranger to the Thurrock cast, an officer here)."""
    return stranger


def events(declaration) -> list[tuple]:
    return [
        (e.action, e.from_status, e.to_status, e.actor, e.note)
        for e in DeclarationEvent.objects.filter(declaration=declaration).order_by("at", "id")
    ]


def test_it_stores_the_verdict_and_the_rules_version(ecc_officer):
    declaration = InterestFactory(declaration__officer=ecc_officer).declaration

    verdict = lodge(declaration, actor=ecc_officer.user)

    declaration.refresh_from_db()
    assert verdict.outcome == "declare"
    # The contract's verdict, the token limits its codes applied (none here), and the
    # settings each code was evaluated with.
    assert declaration.verdict == {
        **verdict.as_json(),
        "token_limits": {},
        "settings": {"ecc": {"token_limit_gbp": "25.00"}},
    }
    assert declaration.verdict["citations"] == ["ecc:personal-conduct"]
    assert declaration.policy_version == ECC_VERSION
    assert declaration.submitted_at is not None


@pytest.mark.parametrize(("limit", "outcome"), [("25.00", "prohibited"), ("50.00", "no_action")])
def test_it_stores_the_token_limit_the_code_applied(limit, outcome):
    """OPCC 15.4: a supplier's £30 token item is a token only under a higher limit."""
    opcc = OrganisationFactory(code="opcc", token_limit_gbp=Decimal(limit))
    manager = person(opcc, "lou.manager", "manager")
    officer = person(opcc, "ola.officer", line_manager=manager)
    declaration = GiftFactory(
        declaration__officer=officer, value_gbp=Decimal("30.00"), token_item=True
    ).declaration

    verdict = lodge(declaration, actor=officer.user)

    declaration.refresh_from_db()
    assert verdict.outcome == outcome
    assert declaration.verdict["token_limits"] == {"opcc": limit}
    assert f"£{limit}" in " ".join(declaration.verdict["reasons"])


def test_it_keeps_each_codes_settings_even_where_no_token_test_applied():
    """Judged again later (routing), an entry uses the figures in force when filed."""
    opcc = OrganisationFactory(code="opcc", token_limit_gbp=Decimal("40.00"))
    officer = person(opcc, "ola.officer", line_manager=person(opcc, "lou.manager", "manager"))
    declaration = InterestFactory(declaration__officer=officer).declaration
    lodge(declaration, actor=officer.user)
    Organisation.objects.filter(pk=opcc.pk).update(token_limit_gbp=Decimal("10.00"))

    declaration = Declaration.objects.get(pk=declaration.pk)

    assert declaration.verdict["token_limits"] == {}
    assert declaration.verdict["settings"] == {"opcc": {"token_limit_gbp": "40.00"}}
    assert settings_for(declaration) == {Employer.OPCC: RegisterSettings(Decimal("40.00"))}


def test_it_writes_the_submit_event_then_the_systems_follow_on_step_then_opens_the_route(
    ecc_officer,
):
    declaration = InterestFactory(declaration__officer=ecc_officer).declaration

    lodge(declaration, actor=ecc_officer.user)

    assert events(declaration)[:2] == [
        ("submit", Status.DRAFT, Status.SUBMITTED, ecc_officer.user, ""),
        (
            "send_for_acknowledgement",
            Status.SUBMITTED,
            Status.AWAITING_ACKNOWLEDGEMENT,
            None,
            "The code says this must be declared.",
        ),
    ]
    route_opened = events(declaration)[2]
    assert route_opened[0] == "route_opened"
    assert route_opened[1] == route_opened[2] == Status.AWAITING_ACKNOWLEDGEMENT
    assert declaration.approval_steps.count() == 1


@pytest.mark.parametrize(
    ("make", "outcome", "action", "status", "says"),
    [
        pytest.param(
            lambda officer: InterestFactory(declaration__officer=officer),
            "declare",
            "send_for_acknowledgement",
            Status.AWAITING_ACKNOWLEDGEMENT,
            "The code says this must be declared.",
            id="interest-declare",
        ),
        pytest.param(
            lambda officer: OutsideWorkFactory(declaration__officer=officer),
            "approval_required",
            "send_for_approval",
            Status.AWAITING_APPROVAL,
            "The code says this needs approval before you start.",
            id="outside-work-approval-required",
        ),
        pytest.param(
            lambda officer: GiftFactory(declaration__officer=officer, donor_category="other"),
            "no_action",
            "record",
            Status.RECORDED,
            "The code says this needs no action.",
            id="gift-from-other-donor-no-action",
        ),
        pytest.param(
            lambda officer: GiftFactory(declaration__officer=officer, donor_category="supplier"),
            "prohibited",
            "send_for_acknowledgement",
            Status.AWAITING_ACKNOWLEDGEMENT,
            "The code says this must be declined.",
            id="gift-from-supplier-prohibited",
        ),
    ],
)
def test_the_outcome_decides_where_the_declaration_goes(
    make, outcome, action, status, says, ecc_officer
):
    declaration = make(ecc_officer).declaration

    verdict = lodge(declaration, actor=ecc_officer.user)

    declaration.refresh_from_db()
    assert verdict.outcome == outcome
    assert declaration.status == status
    route = [] if outcome == "no_action" else ["route_opened"]
    assert [e[0] for e in events(declaration)] == ["submit", action, *route]
    assert events(declaration)[1][3:] == (None, says)


def test_a_gift_that_must_be_declined_is_due_to_be_told_about_in_ten_days(ecc_officer):
    declaration = GiftFactory(
        declaration__officer=ecc_officer, donor_category="supplier"
    ).declaration

    lodge(declaration, actor=ecc_officer.user)

    declaration.refresh_from_db()
    assert declaration.disposition_due_on == timezone.localdate() + datetime.timedelta(days=10)
    assert declaration.disposition == ""


def test_the_days_to_tell_come_from_settings(ecc_officer, settings):
    settings.DISPOSITION_DUE_DAYS = 3
    declaration = GiftFactory(declaration__officer=ecc_officer, donor_category="supplier")

    lodge(declaration.declaration, actor=ecc_officer.user)

    declaration.declaration.refresh_from_db()
    assert declaration.declaration.disposition_due_on == (
        timezone.localdate() + datetime.timedelta(days=3)
    )


def test_nothing_is_due_for_what_the_code_allows(ecc_officer):
    declaration = InterestFactory(declaration__officer=ecc_officer).declaration

    lodge(declaration, actor=ecc_officer.user)

    declaration.refresh_from_db()
    assert declaration.disposition_due_on is None


@pytest.mark.parametrize("status", [s for s in Status if s != Status.DRAFT], ids=lambda s: s.value)
def test_submitting_anything_but_a_draft_raises_and_changes_nothing(status, ecc_officer):
    declaration = InterestFactory(declaration__officer=ecc_officer).declaration
    type(declaration).objects.filter(pk=declaration.pk).update(status=status)
    declaration.refresh_from_db()
    updated_at = declaration.updated_at

    with pytest.raises(IllegalTransition):
        lodge(declaration, actor=ecc_officer.user)

    declaration.refresh_from_db()
    assert declaration.status == status
    assert declaration.verdict is None
    assert declaration.policy_version == ""
    assert declaration.submitted_at is None
    assert declaration.updated_at == updated_at
    assert events(declaration) == []


def test_a_second_submission_of_the_same_declaration_is_refused(ecc_officer):
    declaration = InterestFactory(declaration__officer=ecc_officer).declaration
    lodge(declaration, actor=ecc_officer.user)
    stored = type(declaration).objects.get(pk=declaration.pk).verdict
    history = events(declaration)

    with pytest.raises(IllegalTransition):
        lodge(declaration, actor=ecc_officer.user)

    declaration.refresh_from_db()
    assert declaration.verdict == stored
    assert events(declaration) == history


def test_a_declaration_without_its_details_cannot_be_submitted(ecc_officer):
    declaration = DeclarationFactory(officer=ecc_officer, type="interest")

    with pytest.raises(policies.FactsError):
        lodge(declaration, actor=ecc_officer.user)

    declaration.refresh_from_db()
    assert declaration.status == Status.DRAFT
    assert declaration.verdict is None
    assert events(declaration) == []


def test_check_gives_the_verdict_of_a_draft_without_saving_it(ecc_officer):
    declaration = OutsideWorkFactory(
        declaration__officer=ecc_officer, hours_per_week=Decimal("12")
    ).declaration

    verdict = check(declaration)

    declaration.refresh_from_db()
    assert verdict.outcome == "approval_required"
    assert verdict.flags == ("hours_exceed_48",)  # 37 contracted + 12
    assert declaration.status == Status.DRAFT
    assert declaration.verdict is None
    assert declaration.policy_version == ""
    assert events(declaration) == []


def test_a_thurrock_declaration_is_judged_by_thurrocks_code(officer):
    declaration = GiftFactory(declaration__officer=officer).declaration

    verdict = lodge(declaration, actor=officer.user)

    declaration.refresh_from_db()
    assert verdict.codes_applied == ("thurrock",)
    assert declaration.policy_version == f"thurrock@{policies.module_for('thurrock').VERSION}"
