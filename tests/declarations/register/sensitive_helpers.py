"""Sensitive entries (relationships and disclosures) for the register's tests: one of
either kind, filed and routed as an officer's would be."""

from __future__ import annotations

import datetime
from typing import Any

from declarations.approvals import routing
from declarations.choices import Status
from declarations.models import Declaration, Disclosure, Officer, Relationship
from policies.vocabulary import DeclarationType, DisclosureKind
from tests.factories import DeclarationFactory, make_verdict

# What each kind says: its counterparty and description, never to reach anyone else.
SECRETS = {
    DeclarationType.RELATIONSHIP: (
        "Quill Contractors",
        "Married to the director of the contractor",
    ),
    DeclarationType.DISCLOSURE: ("Essex Police", "Charged with careless driving"),
}
KINDS = sorted(SECRETS)


def sensitive(
    officer: Officer,
    kind: str,
    *,
    route: tuple[str, ...] = ("line_manager",),
    keeper: str = "line_manager",
    **fields: Any,
) -> Declaration:
    """A relationship or a disclosure by `officer`, submitted; its route opened unless
    recorded already. Recorded as kept by `keeper` (the line managers' records)."""
    counterparty, description = SECRETS[DeclarationType(kind)]
    verdict = make_verdict("declare", route, register_keeper=keeper, citations=[])
    fields.setdefault("status", Status.AWAITING_ACKNOWLEDGEMENT)
    declaration = DeclarationFactory(
        officer=officer,
        type=kind,
        counterparty=counterparty,
        description=description,
        verdict=verdict,
        **fields,
    )
    if kind == DeclarationType.RELATIONSHIP:
        Relationship.objects.create(
            declaration=declaration, with_whom="contractor", nature="family"
        )
    else:
        Disclosure.objects.create(
            declaration=declaration, disclosure_kind=DisclosureKind.CRIMINAL_CHARGE
        )
    if fields["status"] != Status.RECORDED:
        routing.open_route(declaration, verdict, actor=officer.user)
    return declaration


def declared_late(declaration: Declaration) -> Declaration:
    """As if declared a week after its deadline (the columns submission copies)."""
    Declaration.objects.filter(pk=declaration.pk).update(
        late=True, deadline=declaration.declared_on - datetime.timedelta(days=7)
    )
    return declaration
