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

    The reference implementation: `evaluate_code` caches its results per combination
    of fired rules but must always agree with this.
    """
    code = (module.EMPLOYER,)
    if not fired:
        return Verdict(
            outcome=Outcome.NO_ACTION, reasons=(nothing_fires_reason(module),), codes_applied=code
        )
    deadline, late = _deadline_and_late(
        min((r.deadline_days for r in fired if r.deadline_days is not None), default=None), facts
    )
    keeper_candidates = [
        (r.outcome or Outcome.NO_ACTION, _resolve(r.register_keeper, facts))
        for r in fired
        if r.register_keeper is not None
    ]
    return Verdict(
        outcome=strictest(r.outcome for r in fired if r.outcome is not None),
        route=canonical_route(_resolve(spec, facts) for r in fired for spec in r.route),
        register_keeper=_keeper_choice(keeper_candidates),
        deadline=deadline,
        late=late,
        written=any(r.written for r in fired),
        citations=_unique(f"{module.EMPLOYER}:{c}" for r in fired for c in r.citations),
        flags=tuple(sorted({f for r in fired for f in r.flags}, key=FLAG_ORDER.__getitem__)),
        reasons=_unique(r.reason for r in fired),
        codes_applied=code,
        rules_fired=tuple(r.id for r in fired),
    )


# --- the hot path -------------------------------------------------------------------
#
# `evaluate` runs for every declaration filed, listed, imported or re-checked, so the
# work that depends only on a module's rules is done once per module: the rules are
# indexed by declaration type (and gift direction), and the verdict of each
# combination of rules that fires is built once by `combine` and then shared (a
# Verdict is immutable). Only a deadline depends on the declaration's dates, and only
# a ByLevel role on the officer's level; both are part of what is cached or
# recomputed. The index is rebuilt whenever a module's RULES, EMPLOYER or NAME object
# changes, so a test that swaps the rules of a module sees its new rules.

_MAX_COMBINATIONS = 4096  # per module; past it verdicts are built, not cached
_GIVEN = Direction.GIVEN
_REFRESHMENTS = HospitalityKind.REFRESHMENTS


class _ModuleIndex:
    __slots__ = (
        "by_type",
        "combinations",
        "dynamic_mask",
        "employer",
        "gifts_given",
        "gifts_received",
        "module",
        "name",
        "refreshments",
        "rules",
    )

    def __init__(self, module: PolicyModule) -> None:
        self.module = module
        self.rules: tuple[Rule, ...] = module.RULES
        self.employer = module.EMPLOYER
        self.name = module.NAME
        rules = tuple(self.rules)

        def candidates(kind: DeclarationType, given: bool) -> tuple[tuple[Any, int], ...]:
            return tuple(
                (r.when, 1 << position)
                for position, r in enumerate(rules)
                if kind in r.types and (kind != GIFT or r.covers_gifts_given == given)
            )

        self.by_type = {kind: candidates(kind, False) for kind in DeclarationType}
        self.gifts_received = self.by_type[GIFT]
        self.gifts_given = candidates(GIFT, True)
        self.dynamic_mask = 0
        for position, r in enumerate(rules):
            if isinstance(r.register_keeper, ByLevel) or any(
                isinstance(spec, ByLevel) for spec in r.route
            ):
                self.dynamic_mask |= 1 << position
        code = (module.EMPLOYER,)
        self.refreshments = Verdict(
            outcome=Outcome.NO_ACTION, reasons=(REFRESHMENTS_REASON,), codes_applied=code
        )
        nothing = Verdict(
            outcome=Outcome.NO_ACTION, reasons=(nothing_fires_reason(module),), codes_applied=code
        )
        # mask -> (verdict without deadline, deadline_days or None)
        self.combinations: dict[Any, tuple[Verdict, int | None]] = {0: (nothing, None)}

    def current(self, module: PolicyModule) -> bool:
        return (
            self.module is module
            and self.rules is module.RULES
            and self.employer is module.EMPLOYER
            and self.name is module.NAME
        )

    def build(self, mask: int, facts: Facts) -> tuple[Verdict, int | None]:
        fired = [r for position, r in enumerate(self.rules) if mask >> position & 1]
        days = min((r.deadline_days for r in fired if r.deadline_days is not None), default=None)
        verdict = combine(self.module, fired, facts)
        if days is not None:  # cache the dateless verdict; dates are applied per call
            verdict = _with_deadline(verdict, None, False)
        return verdict, days


_INDEXES: dict[int, _ModuleIndex] = {}


def _index_for(module: PolicyModule) -> _ModuleIndex:
    index = _INDEXES.get(id(module))
    if index is None or not index.current(module):
        index = _INDEXES[id(module)] = _ModuleIndex(module)
    return index


def _with_deadline(verdict: Verdict, deadline: datetime.date | None, late: bool) -> Verdict:
    return Verdict(
        outcome=verdict.outcome,
        route=verdict.route,
        register_keeper=verdict.register_keeper,
        deadline=deadline,
        late=late,
        written=verdict.written,
        citations=verdict.citations,
        flags=verdict.flags,
        reasons=verdict.reasons,
        codes_applied=verdict.codes_applied,
        rules_fired=verdict.rules_fired,
    )


def evaluate_code(module: PolicyModule, facts: Facts) -> Verdict:
    """Apply one employer's rules to the facts and combine what fires.

    Same result as `combine(module, [r for r in module.RULES if r.applies(facts)], facts)`
    (with moderate refreshments answered before any rule), only cached.
    """
    index = _index_for(module)
    declaration = facts.declaration
    kind = declaration.type
    if kind == GIFT:
        candidates = index.gifts_given if declaration.direction == _GIVEN else index.gifts_received
    elif kind == HOSPITALITY and declaration.hospitality_kind == _REFRESHMENTS:
        return index.refreshments
    else:
        candidates = index.by_type[kind]
    mask = 0
    for when, bit in candidates:
        if when(facts):
            mask |= bit
    key: Any = (mask, facts.officer.level) if mask & index.dynamic_mask else mask
    entry = index.combinations.get(key)
    if entry is None:
        entry = index.build(mask, facts)
        if len(index.combinations) < _MAX_COMBINATIONS:
            index.combinations[key] = entry
    verdict, days = entry
    if days is None:
        return verdict
    return _with_deadline(verdict, *_deadline_and_late(days, facts))


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
