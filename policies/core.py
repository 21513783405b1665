"""Rules, verdicts and how rule results combine (policy-contract.md, "Combining").

A rule is data: an id, the declaration types it covers, a condition in words and as
a predicate over Facts, and what it contributes when it fires. Each employer module
lists its rules; `evaluate_code` applies one module (`combine` adds up the rules that
fired), `merge_codes` combines a seconded officer's home and host verdicts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .facts import Facts
from .vocabulary import (
    OUTCOME_STRICTNESS,
    ROLE_ORDER,
    DeclarationType,
    Direction,
    Employer,
    Flag,
    HospitalityKind,
    Level,
    Outcome,
    Role,
)

GIFT = DeclarationType.GIFT
HOSPITALITY = DeclarationType.HOSPITALITY
INTEREST = DeclarationType.INTEREST
OUTSIDE_WORK = DeclarationType.OUTSIDE_WORK
RELATIONSHIP = DeclarationType.RELATIONSHIP


@dataclass(frozen=True, slots=True)
class ByLevel:
    """A role that depends on the officer's level (e.g. Thurrock's register keeper, 14.3)."""

    at_or_above: Level
    senior: Role
    junior: Role

    def resolve(self, facts: Facts) -> Role:
        return self.senior if facts.officer.at_or_above(self.at_or_above) else self.junior

    def describe(self) -> str:
        return (
            f"{words(self.senior)} for officers at or above {words(self.at_or_above)}, "
            f"otherwise the {words(self.junior)}"
        )


RoleSpec = Role | ByLevel


def words(value: str) -> str:
    return value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the policy matrix."""

    id: str
    types: frozenset[DeclarationType]
    condition: str
    when: Callable[[Facts], bool]
    outcome: Outcome | None  # None: the rule only adds flags and its citation
    citations: tuple[str, ...]
    reason: str
    route: tuple[RoleSpec, ...] = ()
    register_keeper: RoleSpec | None = None
    flags: tuple[Flag, ...] = ()
    written: bool = False
    deadline_days: int | None = None  # counted from the declaration's `date`
    covers_gifts_given: bool = False  # gift rules cover gifts received unless this is set

    def applies(self, facts: Facts) -> bool:
        declaration = facts.declaration
        if declaration.type not in self.types:
            return False
        if declaration.type == GIFT and (declaration.direction == Direction.GIVEN) != (
            self.covers_gifts_given
        ):
            return False
        return self.when(facts)


def rule(
    id: str,
    types: Iterable[DeclarationType],
    condition: str,
    when: Callable[[Facts], bool],
    outcome: Outcome | None,
    *,
    cite: str | Sequence[str],
    reason: str,
    **contributes: Any,
) -> Rule:
    """Shorthand so each module's rules read like its matrix rows."""
    citations = (cite,) if isinstance(cite, str) else tuple(cite)
    route = contributes.pop("route", ())
    flags = contributes.pop("flags", ())
    return Rule(
        id=id,
        types=frozenset(types),
        condition=condition,
        when=when,
        outcome=outcome,
        citations=citations,
        reason=reason,
        route=tuple(route),
        flags=tuple(flags),
        **contributes,
    )


class PolicyModule(Protocol):
    EMPLOYER: Employer
    NAME: str
    VERSION: str
    RULES: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: Outcome
    route: tuple[Role, ...] = ()
    register_keeper: Role | None = None
    deadline: datetime.date | None = None
    late: bool = False
    written: bool = False
    citations: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()
    reasons: tuple[str, ...] = ()
    codes_applied: tuple[Employer, ...] = ()
    rules_fired: tuple[str, ...] = field(default=(), compare=False)

    def as_json(self) -> dict[str, Any]:
        """The contract's verdict object."""
        return {
            "outcome": str(self.outcome),
            "route": [str(role) for role in self.route],
            "register_keeper": str(self.register_keeper) if self.register_keeper else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "late": self.late,
            "written": self.written,
            "citations": list(self.citations),
            "flags": [str(flag) for flag in self.flags],
            "reasons": list(self.reasons),
            "codes_applied": [str(code) for code in self.codes_applied],
        }


STRICTNESS = {outcome: rank for rank, outcome in enumerate(OUTCOME_STRICTNESS)}
ROLE_RANK = {role: rank for rank, role in enumerate(ROLE_ORDER)}
FLAG_ORDER = {flag: rank for rank, flag in enumerate(Flag)}


def strictest(outcomes: Iterable[Outcome]) -> Outcome:
    return min(outcomes, key=STRICTNESS.__getitem__, default=Outcome.NO_ACTION)


def canonical_route(roles: Iterable[Role]) -> tuple[Role, ...]:
    return tuple(sorted(set(roles), key=ROLE_RANK.__getitem__))


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _resolve(spec: RoleSpec, facts: Facts) -> Role:
    return spec.resolve(facts) if isinstance(spec, ByLevel) else spec


REFRESHMENTS_REASON = (
    "Moderate refreshments in the course of business are not hospitality under this code: "
    "nothing to do."
)


def nothing_fires_reason(module: PolicyModule) -> str:
    """policy-matrix.md, "When nothing fires": no_action, an empty route and this reason."""
    return f"{module.NAME} asks for nothing about this declaration."


def _deadline_and_late(days: int | None, facts: Facts) -> tuple[datetime.date | None, bool]:
    if days is None:
        return None, False
    deadline = facts.declaration.date + datetime.timedelta(days=days)
    return deadline, facts.declaration.declared_on > deadline


def combine(module: PolicyModule, fired: Sequence[Rule], facts: Facts) -> Verdict:
    """What the rules that fired under one code add up to (contract, "Combining").

    One pass over the rules that fired: the strictest outcome, every role in the route,
    the keeper of the strictest rule (among equals the one later in the role order),
    the earliest deadline, and every citation, flag and reason.
    """
    code = (module.EMPLOYER,)
    if not fired:
        return Verdict(
            outcome=Outcome.NO_ACTION, reasons=(nothing_fires_reason(module),), codes_applied=code
        )
    outcome = Outcome.NO_ACTION  # the least strict: any other outcome that fired wins
    roles: set[Role] = set()
    keeper: Role | None = None
    keeper_rank = (len(STRICTNESS), 0)  # worse than any real (strictness, -role rank)
    days: int | None = None
    written = False
    flags: set[Flag] = set()
    for r in fired:
        if r.outcome is not None and STRICTNESS[r.outcome] < STRICTNESS[outcome]:
            outcome = r.outcome
        for spec in r.route:
            roles.add(_resolve(spec, facts))
        if r.register_keeper is not None:
            role = _resolve(r.register_keeper, facts)
            rank = (STRICTNESS[r.outcome or Outcome.NO_ACTION], -ROLE_RANK[role])
            if rank < keeper_rank:
                keeper, keeper_rank = role, rank
        if r.deadline_days is not None and (days is None or r.deadline_days < days):
            days = r.deadline_days
        written = written or r.written
        flags.update(r.flags)
    deadline, late = _deadline_and_late(days, facts)
    employer = module.EMPLOYER
    return Verdict(
        outcome=outcome,
        route=canonical_route(roles),
        register_keeper=keeper,
        deadline=deadline,
        late=late,
        written=written,
        citations=_unique(f"{employer}:{c}" for r in fired for c in r.citations),
        flags=tuple(sorted(flags, key=FLAG_ORDER.__getitem__)),
        reasons=_unique(r.reason for r in fired),
        codes_applied=code,
        rules_fired=tuple(r.id for r in fired),
    )


def evaluate_code(module: PolicyModule, facts: Facts) -> Verdict:
    """Apply one employer's rules to the facts and combine what fires.

    Moderate refreshments are answered before any rule: hospitality rules do not apply
    to them (policy-matrix.md, "Conventions for every employer"). Otherwise every rule is
    tried (`Rule.applies` checks the declaration's type first) and nothing is cached: a
    request evaluates one code, or two for a seconded officer, and this plain path meets
    the target of bench/policy_bench.py.
    """
    declaration = facts.declaration
    if (
        declaration.type == HOSPITALITY
        and declaration.hospitality_kind == HospitalityKind.REFRESHMENTS
    ):
        return Verdict(
            outcome=Outcome.NO_ACTION,
            reasons=(REFRESHMENTS_REASON,),
            codes_applied=(module.EMPLOYER,),
        )
    return combine(module, [r for r in module.RULES if r.applies(facts)], facts)


def merge_codes(home: Verdict, host: Verdict, facts: Facts) -> Verdict:
    """Combine a seconded officer's home and host verdicts (contract, "Combining").

    The same merge as within one code, except the register keeper: it is the home
    employer's unless only the host code asks for a register entry.
    """
    if home.deadline is None:
        deadline = host.deadline
    elif host.deadline is None:
        deadline = home.deadline
    else:
        deadline = min(home.deadline, host.deadline)
    return Verdict(
        outcome=home.outcome
        if STRICTNESS[home.outcome] <= STRICTNESS[host.outcome]
        else host.outcome,
        route=canonical_route(home.route + host.route),
        register_keeper=home.register_keeper or host.register_keeper,
        deadline=deadline,
        late=deadline is not None and facts.declaration.declared_on > deadline,
        written=home.written or host.written,
        citations=_unique(home.citations + host.citations),
        flags=tuple(sorted(set(home.flags + host.flags), key=FLAG_ORDER.__getitem__)),
        reasons=_unique(home.reasons + host.reasons),
        codes_applied=home.codes_applied + host.codes_applied,
        rules_fired=home.rules_fired + host.rules_fired,
    )
