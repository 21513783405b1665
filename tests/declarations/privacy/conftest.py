"""Two officers of one organisation with the same line manager as approver and gifts
from the same counterparty (Olive, the cast's officer, and her colleague Bertie), each
with one of every kind of record the register holds about an officer; and Cleo, a third
officer on whose declarations Olive decided and reviewed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from declarations import clock
from declarations.models import (
    ApprovalStep,
    DeclarationEvent,
    Export,
    Officer,
    Publication,
    RegisterSettingChange,
    SecurityEvent,
)
from declarations.register import publishing
from tests.factories import (
    AnnualDeclarationFactory,
    DelegationFactory,
    DisclosureFactory,
    InterestReviewFactory,
    OfficerFactory,
    RoleAssignmentFactory,
    SignedInSessionFactory,
    SignInIdentityFactory,
    UserFactory,
    declare,
    entry,
)

DECIDED = datetime.datetime(2026, 11, 5, 10, tzinfo=datetime.UTC)
TOTP_KEY = "3132333435363738393031323334353637383930"
RECOVERY_CODE = "olivecode77"


@dataclass
class World:
    olive: Officer
    bertie: Officer
    cleo: Officer
    olive_entry: object
    bertie_entry: object
    # In Olive's copy; never in it.
    olives: list[str] = field(default_factory=list)
    never: list[str] = field(default_factory=list)


def _gift(officer: Officer, reference: str, description: str, **fields):
    return entry(
        officer,
        counterparty="Acme Supplies Ltd",
        description=description,
        reference=reference,
        **fields,
    )


def _decided(declaration, by: Officer, reason: str) -> ApprovalStep:
    return ApprovalStep.objects.create(
        declaration=declaration,
        order=1,
        role="line_manager",
        assignee=by,
        state="approved",
        decided_by=by,
        decided_at=DECIDED,
        reason=reason,
    )


def _events(declaration, officer: Officer, approver: Officer, note: str) -> None:
    DeclarationEvent.objects.create(
        declaration=declaration, actor=officer.user, action="submit", to_status="submitted"
    )
    DeclarationEvent.objects.create(
        declaration=declaration,
        actor=approver.user,
        action="approve",
        from_status="awaiting_approval",
        to_status="approved",
        note=note,
    )


def _opened(by: Officer, declaration) -> None:
    SecurityEvent.objects.create(
        kind="register_entry_opened",
        user=by.user,
        username=by.user.username,
        organisation=declaration.organisation,
        ip_address="192.0.2.40",
        detail={"entry": declaration.pk, "reference": declaration.reference, "type": "gift"},
    )


def _signed_in(officer: Officer, address: str) -> None:
    SecurityEvent.objects.create(
        kind="sign_in",
        user=officer.user,
        username=officer.user.username,
        organisation=officer.organisation,
        ip_address=address,
        detail={"method": "password"},
    )


@pytest.fixture
def world(thurrock, officer, line_manager, director, monitoring_officer) -> World:
    olive = officer
    Officer.objects.filter(pk=olive.pk).update(staff_number="OLIVE-0001")
    olive.refresh_from_db()
    bertie = OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="bertie.colleague", first_name="Bertie", last_name="Colleague"),
        staff_number="BERTIE-0002",
        job_title="Bertie Job Title",
        line_manager=line_manager,
    )
    cleo = OfficerFactory(
        organisation=thurrock,
        user=UserFactory(username="cleo.third", first_name="Cleo", last_name="Third"),
        staff_number="CLEO-0003",
        line_manager=olive,
    )

    # Olive: an amended gift (two versions), an interest reviewed, a disclosure, a draft.
    first = _gift(olive, "THU-2026-000101", "Olive theatre tickets", status="superseded")
    olive_gift = _gift(
        olive,
        "THU-2026-000101",
        "Olive theatre tickets, two seats",
        status="approved",
        version=2,
        amends=first,
    )
    _decided(olive_gift, line_manager, "Fine for Olive to accept")
    _events(olive_gift, olive, line_manager, "Olive approval note")
    olive_interest = declare(
        olive,
        "interest",
        description="Olive shareholding in Parish Ltd",
        counterparty="Parish Ltd",
        reference="THU-2026-000102",
    )
    InterestReviewFactory(
        declaration=olive_interest, reviewed_by=director, note="Olive interest still stands"
    )
    DisclosureFactory(
        declaration__officer=olive,
        declaration__organisation=thurrock,
        declaration__status="recorded",
        declaration__reference="THU-2026-000103",
        declaration__description="Olive careless driving charge",
    )
    declare(olive, "gift", status="draft", description="Olive draft hamper")

    # Bertie: a gift from the same counterparty, decided by the same line manager.
    bertie_gift = _gift(bertie, "THU-2026-000201", "Bertie hamper of cheeses", status="approved")
    _decided(bertie_gift, line_manager, "Fine for Bertie to accept")
    _events(bertie_gift, bertie, line_manager, "Bertie approval note")
    bertie_interest = declare(
        bertie,
        "interest",
        description="Bertie racehorse syndicate",
        counterparty="Parish Ltd",
        reference="THU-2026-000202",
    )
    InterestReviewFactory(
        declaration=bertie_interest, reviewed_by=director, note="Bertie interest still stands"
    )

    # Cleo's declarations, on which Olive decided and reviewed.
    cleo_gift = _gift(cleo, "THU-2026-000301", "Cleo private lunch", status="approved")
    _decided(cleo_gift, olive, "Olive approves this lunch")
    cleo_interest = declare(
        cleo, "interest", description="Cleo secret shareholding", reference="THU-2026-000302"
    )
    InterestReviewFactory(
        declaration=cleo_interest, reviewed_by=olive, note="Olive reviewed this interest"
    )

    DelegationFactory(delegator=line_manager, delegate=olive, reason="Lee away, Olive covers")
    DelegationFactory(delegator=line_manager, delegate=bertie, reason="Lee away, Bertie covers")
    AnnualDeclarationFactory(officer=olive, note="Olive has nothing more")
    AnnualDeclarationFactory(officer=bertie, note="Bertie has nothing more")
    RoleAssignmentFactory(officer=olive, organisation=thurrock, role="hr")
    RoleAssignmentFactory(officer=bertie, organisation=thurrock, role="legal_adviser")

    _signed_in(olive, "192.0.2.55")
    _signed_in(bertie, "192.0.2.99")
    SecurityEvent.objects.create(
        kind="sign_in_failed", username=olive.user.username, organisation=thurrock
    )
    SecurityEvent.objects.create(
        kind="sign_in_failed", username=bertie.user.username, organisation=thurrock
    )
    _opened(monitoring_officer, olive_gift)
    _opened(monitoring_officer, bertie_gift)
    SignInIdentityFactory(officer=olive, subject="olive-subject-123")
    SignInIdentityFactory(officer=bertie, subject="bertie-subject-456")
    SignedInSessionFactory(user=olive.user, user_agent="Olive Browser 1.0")
    SignedInSessionFactory(user=bertie.user, user_agent="Bertie Browser 2.0")
    TOTPDevice.objects.create(user=olive.user, name="Olive phone", key=TOTP_KEY)
    codes = StaticDevice.objects.create(user=olive.user, name="recovery")
    StaticToken.objects.create(device=codes, token=RECOVERY_CODE)
    for who, reason in ((olive, "Olive raised the limit"), (bertie, "Bertie raised the limit")):
        RegisterSettingChange.objects.create(
            organisation=thurrock,
            setting="token_limit_gbp",
            old_value="25.00",
            new_value="30.00",
            changed_by=who.user,
            reason=reason,
        )
    for who in (olive, bertie):
        Export.objects.create(
            requested_by=who.user,
            organisation=thurrock,
            register="register",
            format="csv",
            title=f"{who.user.first_name} export title",
            filename=f"{who.user.first_name.lower()}-export.csv",
        )
    olive_gift.refresh_from_db()
    bertie_gift.refresh_from_db()
    Publication.objects.create(
        organisation=thurrock,
        published_at=clock.now(),
        entries=[publishing.entry_for(olive_gift), publishing.entry_for(bertie_gift)],
        row_count=2,
    )

    return World(
        olive=olive,
        bertie=bertie,
        cleo=cleo,
        olive_entry=olive_gift,
        bertie_entry=bertie_gift,
        olives=[
            "Olive Officer",
            "olive.officer",
            "OLIVE-0001",
            "Lee Manager",
            "THU-2026-000101",
            "Olive theatre tickets",
            "Olive theatre tickets, two seats",
            "Fine for Olive to accept",
            "Olive approval note",
            "THU-2026-000102",
            "Olive interest still stands",
            "Olive careless driving charge",
            "Olive draft hamper",
            "THU-2026-000301",  # Cleo's, by reference only: Olive decided on it
            "Olive approves this lunch",
            "THU-2026-000302",
            "Olive reviewed this interest",
            "Lee away, Olive covers",
            "Olive has nothing more",
            "192.0.2.55",
            "olive-subject-123",
            "Olive Browser 1.0",
            "Olive phone",
            "Olive raised the limit",
            "Olive export title",
        ],
        never=[
            # Bertie's
            "Bertie",
            "bertie.colleague",
            "BERTIE-0002",
            "THU-2026-000201",
            "THU-2026-000202",
            "Bertie hamper of cheeses",
            "Fine for Bertie to accept",
            "Bertie racehorse syndicate",
            "192.0.2.99",
            "bertie-subject-456",
            # Cleo's, beyond the references of what Olive decided and reviewed
            "Cleo",
            "cleo.third",
            "CLEO-0003",
            "Cleo private lunch",
            "Cleo secret shareholding",
            # secrets
            TOTP_KEY,
            RECOVERY_CODE,
            olive.user.password,
        ],
    )
