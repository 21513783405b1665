"""Rules, verdicts and how rule results combine (policy-contract.md, "Combining").

A rule is data: an id, the declaration types it covers, a condition in words and as
a predicate over Facts, and what it contributes when it fires. Each employer module
lists its rules; `evaluate_code` applies one module, `merge` combines results.
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
        if declaration.type is GIFT and (declaration.direction is Direction.GIVEN) != (
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
            "outcome": self.outcome.value,
            "route": [role.value for role in self.route],
            "register_keeper": self.register_keeper.value if self.register_keeper else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "late": self.late,
            "written": self.written,
            "citations": list(self.citations),
            "flags": [flag.value for flag in self.flags],
            "reasons": list(self.reasons),
            "codes_applied": [code.value for code in self.codes_applied],
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


def _keeper_choice(candidates: Iterable[tuple[Outcome, Role]]) -> Role | None:
    """The keeper of the strictest rule; among equals, the one later in the role order."""
    best = min(
        candidates,
        key=lambda pair: (STRICTNESS[pair[0]], -ROLE_RANK[pair[1]]),
        default=None,
    )
    return best[1] if best else None


REFRESHMENTS_REASON = (
    "Moderate refreshments in the course of business are not hospitality under this code: "
    "nothing to do."
)


def evaluate_code(module: PolicyModule, facts: Facts) -> Verdict:
    """Apply one employer's rules to the facts and combine what fires."""
    declaration = facts.declaration
    code = (module.EMPLOYER,)
    if (
        declaration.type is HOSPITALITY
        and declaration.hospitality_kind is HospitalityKind.REFRESHMENTS
    ):
        return Verdict(
            outcome=Outcome.NO_ACTION, reasons=(REFRESHMENTS_REASON,), codes_applied=code
        )
    fired = [r for r in module.RULES if r.applies(facts)]
    if not fired:
        return Verdict(
            outcome=Outcome.NO_ACTION,
            reasons=(f"{module.NAME} asks for nothing about this declaration.",),
            codes_applied=code,
        )
    deadlines = [
        declaration.date + datetime.timedelta(days=r.deadline_days)
        for r in fired
        if r.deadline_days is not None
    ]
    deadline = min(deadlines, default=None)
    outcome = strictest(r.outcome for r in fired if r.outcome is not None)
    keeper_candidates = [
        (r.outcome or Outcome.NO_ACTION, _resolve(r.register_keeper, facts))
        for r in fired
        if r.register_keeper is not None
    ]
    return Verdict(
        outcome=outcome,
        route=canonical_route(_resolve(spec, facts) for r in fired for spec in r.route),
        register_keeper=_keeper_choice(keeper_candidates),
        deadline=deadline,
        late=deadline is not None and declaration.declared_on > deadline,
        written=any(r.written for r in fired),
        citations=_unique(f"{module.EMPLOYER.value}:{c}" for r in fired for c in r.citations),
        flags=tuple(sorted({f for r in fired for f in r.flags}, key=FLAG_ORDER.__getitem__)),
        reasons=_unique(r.reason for r in fired),
        codes_applied=code,
        rules_fired=tuple(r.id for r in fired),
    )


def merge_codes(home: Verdict, host: Verdict, facts: Facts) -> Verdict:
    """Combine a seconded officer's home and host verdicts (contract, "Combining")."""
    deadline = min((d for d in (home.deadline, host.deadline) if d is not None), default=None)
    return Verdict(
        outcome=strictest((home.outcome, host.outcome)),
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
