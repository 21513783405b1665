"""Two officers of one organisation with the same line manager as approver and gifts
from the same counterparty (Olive, the cast's officer, and her colleague Bertie), each
with one of every kind of record the register holds about an officer; and Cleo, a third
officer on whose declarations Olive (and Bertie) decided, reviewed, acted, keep the
register or have steps waiting. Each of Bertie's records carries words of his own, so
that a copy of Olive's data that took any of them would show it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from declarations import clock
from declarations.models import (
    ApprovalStep,
    DeclarationEvent,
    Export,
    Officer,
    Publication,
    PublicationWithholding,
    RegisterSettingChange,
    RoleAssignment,
    SecurityEvent,
)
from declarations.register import publishing
from tests.factories import (
    AnnualDeclarationFactory,
    DelegationFactory,
    DisclosureFactory,
    InterestReviewFactory,
    OfficerFactory,
    PublicationWithholdingFactory,
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

    # Lee's reasons are his (Olive's copy gives the delegation, not why); Olive's is hers.
    DelegationFactory(delegator=line_manager, delegate=olive, reason="Lee in hospital")
    DelegationFactory(delegator=line_manager, delegate=bertie, reason="Lee away, Bertie covers")
    DelegationFactory(delegator=olive, delegate=line_manager, reason="Olive on leave")

    # Withholding: Olive's request on her gift, decided by the monitoring officer; Bertie's
    # on his; Cleo's on her gift, decided by Olive (its reason is Cleo's).
    PublicationWithholdingFactory(
        declaration=olive_gift,
        reason="Olive fears an ex-partner",
        state="granted",
        decided_by=monitoring_officer,
        decided_at=DECIDED,
        decision_reason="Granted for Olive's safety",
    )
    PublicationWithholdingFactory(declaration=bertie_gift, reason="Bertie fears a neighbour")
    PublicationWithholdingFactory(
        declaration=cleo_gift,
        reason="Cleo fears a stalker",
        state="refused",
        decided_by=olive,
        decided_at=DECIDED,
        decision_reason="Olive refused: no risk shown",
    )

    # Steps waiting: for Olive, for Olive's delegate while she is away, and for Bertie, on
    # entries of Cleo's that only the step names.
    waiting = {}
    for reference, fields in (
        ("THU-2026-000304", {"assignee": olive}),
        ("THU-2026-000305", {"assignee": line_manager, "delegated_from": olive}),
        ("THU-2026-000303", {"assignee": bertie}),
    ):
        waiting[reference] = _gift(cleo, reference, "Cleo waiting gift", status="awaiting_approval")
        ApprovalStep.objects.create(
            declaration=waiting[reference],
            order=1,
            role="line_manager",
            opened_at=DECIDED,
            due_on=DECIDED.date(),
            **fields,
        )

    # Events Olive and Bertie wrote on Cleo's entries: the notes are about Cleo.
    DeclarationEvent.objects.create(
        declaration=cleo_gift, actor=olive.user, action="approve", note="Cleo note by Olive"
    )
    DeclarationEvent.objects.create(
        declaration=waiting["THU-2026-000303"],
        actor=bertie.user,
        action="reject",
        note="Cleo note by Bertie",
    )

    # Cleo's entries whose register Olive keeps, and one Bertie keeps.
    for reference, keeper in (("THU-2026-000306", olive), ("THU-2026-000307", bertie)):
        _gift(cleo, reference, "Cleo kept gift", register_keeper_officer=keeper)

    # django-axes' records of sign-in attempts with each username.
    for who, address, agent in (
        (olive, "192.0.2.77", "Olive Axes Agent"),
        (bertie, "192.0.2.98", "Bertie Axes Agent"),
    ):
        common = {
            "username": who.user.username,
            "ip_address": address,
            "user_agent": agent,
            "http_accept": "text/html",
            "path_info": f"/accounts/login/{who.user.first_name.lower()}",
        }
        AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1)
        AccessLog.objects.create(**common)
        AccessFailureLog.objects.create(**common)

    # The admin site's log: the object's name is someone else's.
    for who, model, name in (
        (olive, PublicationWithholding, "Cleo record by Olive"),
        (bertie, RoleAssignment, "Bertie's admin change"),
    ):
        LogEntry.objects.create(
            user=who.user,
            content_type=ContentType.objects.get_for_model(model),
            object_id="1",
            object_repr=name,
            action_flag=CHANGE,
        )
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
            "Olive on leave",
            "Olive fears an ex-partner",
            "Granted for Olive's safety",
            "THU-2026-000304",
            "THU-2026-000305",
            "THU-2026-000306",
            "192.0.2.77",
            "Olive Axes Agent",
            "/accounts/login/olive",
            "declarations.publicationwithholding",
            "Olive has nothing more",
            "192.0.2.55",
            "olive-subject-123",
            "Olive Browser 1.0",
            "Olive phone",
            "Olive raised the limit",
            "Olive export title",
        ],
        never=[
            # Her reason for refusing Cleo's request restates Cleo's circumstances.
            "Olive refused: no risk shown",
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
            "THU-2026-000303",
            "THU-2026-000307",
            "192.0.2.98",
            "declarations.roleassignment",
            # Lee's reason for a delegation Olive held
            "Lee in hospital",
            # Cleo's, beyond the references of what Olive decided and reviewed
            "Cleo",
            "cleo.third",
            "CLEO-0003",
            "Cleo private lunch",
            "Cleo secret shareholding",
            "Cleo fears a stalker",
            "Cleo note by Olive",
            "Cleo record by Olive",
            # secrets
            TOTP_KEY,
            RECOVERY_CODE,
            olive.user.password,
        ],
    )
