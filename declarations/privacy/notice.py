"""The privacy notice (/privacy/notice/, issue 14 item 5): what the register keeps, why,
who sees it, how long, and how to ask for a copy, for staff and the public alike.

Nothing the register can work out is written here by hand: the employers are the
Organisation rows; the clauses that require each type to be declared are read from each
code's rules (the rules for a type whose outcome asks for something: declare, approval,
or decline); how long each type is kept is privacy.periods_for, the figures the
monitoring officers set; how long an ended entry stays published is each organisation's
publication_drop_months. Only the plain descriptions and the law are words of our own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import policies
from declarations import labels
from declarations.models import Organisation
from declarations.policy_reference import QuotedClause, quote
from declarations.privacy.retention_periods import Period, periods_for
from policies.clauses import clauses_of
from policies.vocabulary import SENSITIVE_TYPES, DeclarationType, Employer, Outcome

# Each type in plain words, as the form that asks for it describes it.
DESCRIPTIONS: dict[DeclarationType, str] = {
    DeclarationType.GIFT: (
        "Gifts offered to or given by an officer, including loans, bequests, vouchers and "
        "sponsorship: who offered it, what it was, its value and what happened to it"
    ),
    DeclarationType.HOSPITALITY: (
        "Meals, events, tickets, travel or stays offered to an officer: who offered it, "
        "when, and its value"
    ),
    DeclarationType.INTEREST: (
        "Shares, property, memberships or debts of the officer (or of someone close to "
        "them) that could affect their work"
    ),
    DeclarationType.OUTSIDE_WORK: (
        "Paid or unpaid work outside the officer's job: what it is, for whom, and "
        "whether it was approved"
    ),
    DeclarationType.RELATIONSHIP: (
        "A close personal relationship with a colleague, contractor, supplier or someone "
        "who uses the employer's services"
    ),
    DeclarationType.DISCLOSURE: (
        "A criminal charge, caution or conviction, an offer meant to influence the "
        "officer's work, or a request to travel overseas or be a witness in court"
    ),
}

STAFF_DETAILS = (
    "name, work email address and staff number",
    "employer, and any organisation they are seconded to",
    "job title, department or service, grade (level) and line manager",
    "whether they are a board member, in a politically restricted post, or in a "
    "procurement or regulatory role, and their contracted hours",
    "the roles they hold in the register (such as register keeper or monitoring officer)",
    "the dates they were appointed and left",
    "the decisions they make on other officers' declarations",
    "sign-ins, sessions and a security log of what they did in the register",
)

# Outcomes that ask the officer for something: the rules behind these require the type.
REQUIRING = frozenset({Outcome.DECLARE, Outcome.APPROVAL_REQUIRED, Outcome.PROHIBITED})


@dataclass(frozen=True, slots=True)
class KindRow:
    type: str
    label: str
    description: str
    sensitive: bool


@dataclass(frozen=True, slots=True)
class Reasons:
    """One type under one code: the clauses of the code that require it."""

    type: str
    label: str
    clauses: tuple[QuotedClause, ...]


@dataclass(frozen=True, slots=True)
class Controller:
    """One employer: its code, the clauses behind each type, and its figures."""

    code: str
    name: str
    code_name: str
    reasons: tuple[Reasons, ...]
    kept: tuple[Period, ...]
    publication_drop_months: int

    @property
    def months_words(self) -> str:
        return labels.how_many(self.publication_drop_months, "month")


def kinds() -> list[KindRow]:
    """Every type the register keeps, in the contract's order."""
    return [
        KindRow(
            type=kind.value,
            label=labels.declaration_type(kind),
            description=DESCRIPTIONS[kind],
            sensitive=kind in SENSITIVE_TYPES,
        )
        for kind in DeclarationType
    ]


@cache
def reasons_for(employer: Employer) -> tuple[Reasons, ...]:
    """For each type, the clauses cited by the code's rules that ask something of an
    officer declaring it, in the code's own order (fixed by the rule modules: cached)."""
    rules = policies.module_for(employer).RULES
    order = {clause: position for position, clause in enumerate(clauses_of(employer))}
    found = []
    for kind in DeclarationType:
        cited = dict.fromkeys(
            clause
            for rule in rules
            if kind in rule.types and rule.outcome in REQUIRING
            for clause in rule.citations
        )
        ordered = sorted(cited, key=lambda clause: order.get(clause, len(order)))
        found.append(
            Reasons(
                type=kind.value,
                label=labels.declaration_type(kind),
                clauses=tuple(quote(employer.value, clause) for clause in ordered),
            )
        )
    return tuple(found)


def controllers() -> list[Controller]:
    """The employers the register holds, each with its figures: one query for the
    organisations, one for each organisation's retention periods (five employers)."""
    return [
        Controller(
            code=organisation.code,
            name=organisation.name,
            code_name=policies.module_for(organisation.code).NAME,
            reasons=reasons_for(Employer(organisation.code)),
            kept=tuple(periods_for(organisation)),
            publication_drop_months=organisation.publication_drop_months,
        )
        for organisation in Organisation.objects.order_by("name")
    ]
