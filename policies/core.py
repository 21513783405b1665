"""Rules, verdicts and how rule results combine (policy-contract.md, "Combining").

A rule is data: an id, the declaration types it covers, a condition in words and as
a predicate over Facts, and what it contributes when it fires. Each employer module
lists its rules; `evaluate_code` applies one module (`combine` adds up the rules that
fired), `merge_codes` combines a seconded officer's home and host verdicts.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from .facts import DeclarationFacts, Facts
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
DISCLOSURE = DeclarationType.DISCLOSURE


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


@dataclass(frozen=True, slots=True)
class Due:
    """When a rule wants the declaration made: `days` after the declaration's `date`, or
    after its `event_date` (policy-contract.md, "deadline"). A clause that asks for
    approval or notice "before" something happens, or "immediately", is due on the day
    itself (`days` 0); an event date left unknown sets no deadline."""

    days: int = 0
    after: str = "date"  # "date" or "event_date", the DeclarationFacts field

    def on(self, declaration: DeclarationFacts) -> datetime.date | None:
        start = declaration.event_date if self.after == "event_date" else declaration.date
        return None if start is None else start + datetime.timedelta(days=self.days)

    def describe(self, types: Iterable[DeclarationType] = ()) -> str:
        """When it is due, in words; for the event date, in the words of the `types` of
        declaration it is the event of."""
        if self.after == "event_date":
            if set(types) == {RELATIONSHIP}:
                return "By the day the contract or work with them begins (its event date)"
            return "By the day it is accepted, given or takes place (its event date)"
        if self.days == 0:
            return "By the date itself: the day the work starts or the event happened"
        return f"Within {self.days} days of the date"


# "Before" (or "immediately"): due on the day the work starts or the event happens.
ON_THE_DATE = Due()
# "Before it is accepted", "in advance": due on the day of the gift, hospitality or
# contract (`event_date`).
ON_THE_EVENT_DATE = Due(after="event_date")


def within_days(days: int) -> Due:
    return Due(days=days)


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
    deadline: Due | None = None
    # The condition applies the register's token limit (`Facts.token_limit`): the
    # reason may say "{token_limit}", filled in with the figure used.
    uses_token_limit: bool = False
    covers_gifts_given: bool = False  # gift rules cover gifts received unless this is set

    def applies(self, facts: Facts) -> bool:
        declaration = facts.declaration
        given = declaration.type == GIFT and declaration.direction == Direction.GIVEN
        return self.applies_to(declaration.type, given) and self.when(facts)

    def applies_to(self, kind: DeclarationType, given: bool) -> bool:
        """Whether the rule covers declarations of this type (and a gift given or not),
        before its condition is asked."""
        return kind in self.types and (kind != GIFT or given == self.covers_gifts_given)


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
    # The token limit each code's token test used, when a rule that fired applied it
    # (the register's setting, or the request's): kept with the entry, shown beside it.
    token_limits: tuple[tuple[Employer, Decimal], ...] = field(default=(), compare=False)

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


def earliest_due(dues: Iterable[Due], declaration: DeclarationFacts) -> datetime.date | None:
    """The earliest of the days these deadlines fall on for the declaration (contract,
    "Combining": the earliest deadline wins); None where none falls on a day."""
    days = [day for day in (due.on(declaration) for due in dues) if day is not None]
    return min(days, default=None)


def money_words(amount: Decimal) -> str:
    """£25.00, £1,000.50: how a reason states a figure."""
    return f"£{amount:,.2f}"


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
    deadline = earliest_due((r.deadline for r in fired if r.deadline), facts.declaration)
    written = False
    flags: set[Flag] = set()
    token_limit: Decimal | None = None
    reasons: dict[str, None] = {}
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
        written = written or r.written
        flags.update(r.flags)
        if r.uses_token_limit:
            token_limit = facts.token_limit(module.EMPLOYER)
            reasons[r.reason.format(token_limit=money_words(token_limit))] = None
        else:
            reasons[r.reason] = None
    employer = module.EMPLOYER
    return Verdict(
        outcome=outcome,
        route=canonical_route(roles),
        register_keeper=keeper,
        deadline=deadline,
        late=deadline is not None and facts.declaration.declared_on > deadline,
        written=written,
        citations=_unique(f"{employer}:{c}" for r in fired for c in r.citations),
        flags=tuple(sorted(flags, key=FLAG_ORDER.__getitem__)),
        reasons=tuple(reasons),
        codes_applied=code,
        rules_fired=tuple(r.id for r in fired),
        token_limits=((employer, token_limit),) if token_limit is not None else (),
    )


# What `evaluate_code` keeps for each RULES tuple it has seen, keyed by the tuple's id and
# checked by identity (so a module whose RULES are replaced starts afresh; the tuple, kept
# here, keeps its rules alive, so their ids stay theirs):
# * `by_kind`: the rules by what `Rule.applies` checks before the condition, the
#   declaration type and, for a gift, whether it was given (most of a code's rules are
#   for other types);
# * `combined`: what `combine` made of each set of rules that fired, for an officer's
#   level (a ByLevel role depends on it) and the token limit (when a fired rule states it):
#   everything in a verdict but the deadline and lateness, which follow the dates, so each
#   is recomputed from the rules' `Due`s. So `combine` may read nothing else of the facts:
#   a role spec reads only the level (ByLevel.resolve), a reason only the token limit; a
#   new reading of the facts there must join the key in `evaluate_code`.
# Without `combined` the benchmark falls to about 50,000 a second, at its target; with it,
# about 80,000. bench/policy_bench.py measures the difference; the tests check evaluate_code against
# combine, which stays the plain statement of the contract's merge.


@dataclass(slots=True)
class _Indexed:
    rules: tuple[Rule, ...]
    by_kind: dict[tuple[DeclarationType, bool], tuple[Rule, ...]]
    combined: dict[tuple[Any, ...], tuple[Verdict, tuple[Due, ...]]] = field(default_factory=dict)


_INDEXES: dict[int, _Indexed] = {}
MAX_INDEXES = 256  # the codes' RULES are a handful; tests and the explorer make more
MAX_COMBINED = 4096  # per RULES tuple: far more than the sets of rules that fire together


def _indexed(rules: tuple[Rule, ...]) -> _Indexed:
    entry = _INDEXES.get(id(rules))
    if entry is None or entry.rules is not rules:
        if len(_INDEXES) >= MAX_INDEXES:
            _INDEXES.clear()
        by_kind = {
            (kind, given): tuple(r for r in rules if r.applies_to(kind, given))
            for kind in DeclarationType
            for given in (False, True)
        }
        entry = _INDEXES[id(rules)] = _Indexed(rules, by_kind)
    return entry


def evaluate_code(module: PolicyModule, facts: Facts) -> Verdict:
    """Apply one employer's rules to the facts and combine what fires.

    Moderate refreshments are answered before any rule: hospitality rules do not apply
    to them (policy-matrix.md, "Conventions for every employer"). Otherwise the rules for
    the declaration's type (and a gift's direction) are tried in order, as `Rule.applies`
    would, and what fires is combined as `combine` does, reusing what it made of the same
    rules before (see `_Indexed`).
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
    rules = module.RULES
    if type(rules) is not tuple or not rules:
        return combine(module, [r for r in rules if r.applies(facts)], facts)
    entry = _indexed(rules)
    given = declaration.type == GIFT and declaration.direction == Direction.GIVEN
    fired = [r for r in entry.by_kind[declaration.type, given] if r.when(facts)]
    if not fired:
        return combine(module, fired, facts)
    limit = None
    for r in fired:
        if r.uses_token_limit:
            limit = facts.token_limit(module.EMPLOYER)
            break
    key = (module.EMPLOYER, facts.officer.level, limit, *map(id, fired))
    known = entry.combined.get(key)
    if known is None:
        if len(entry.combined) >= MAX_COMBINED:
            entry.combined.clear()
        verdict = combine(module, fired, facts)
        entry.combined[key] = (verdict, tuple(r.deadline for r in fired if r.deadline))
        return verdict
    template, dues = known
    if not dues:
        return template
    deadline = earliest_due(dues, declaration)
    return dataclasses.replace(
        template,
        deadline=deadline,
        late=deadline is not None and declaration.declared_on > deadline,
    )


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
        token_limits=home.token_limits + host.token_limits,
    )
