"""What an employer's code asks beyond a verdict: its duties, as data beside its rules.

A rule judges one declaration. A code also names registers and who keeps them, asks
some officers for an annual return, asks for interests to be reviewed, sets deadlines
the monitoring officer watches, and has words worth showing next to a question on the
form. Each employer module declares these once, in `DUTIES`, each cited like a rule
(a clause of its own code); the app reads them generically and the policy pages show
them. Pure Python, no Django.

`versioned` folds the duties into the module's VERSION, so that a change of duty
changes the version stored with every verdict, as a change of rule does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from .core import Rule
from .vocabulary import DeclarationType, Level, Role

GIFTS_AND_HOSPITALITY = frozenset({DeclarationType.GIFT, DeclarationType.HOSPITALITY})
INTERESTS = frozenset({DeclarationType.INTEREST})


class Keeping(StrEnum):
    """How a named register is kept, and so who may see it."""

    # Whoever holds the role in the organisation now (the monitoring officer, the
    # Secretary to the Board): one register, all its entries.
    ROLE_HOLDER = "role_holder"
    # Each person recorded as keeper when the entry was filed keeps a register of their
    # own (Thurrock's relevant director, 14.3): one register per keeper.
    EACH_KEEPER = "each_keeper"
    # One register whose entries are kept by whoever was recorded as keeper when each was
    # filed (a line manager's formal record): each keeper sees the entries they keep.
    SHARED_BY_KEEPERS = "shared_by_keepers"


@dataclass(frozen=True, slots=True)
class Keeper:
    """Who keeps a named register: a role, held now or recorded on each entry."""

    role: Role
    keeping: Keeping = Keeping.ROLE_HOLDER


@dataclass(frozen=True, slots=True)
class Entries:
    """Which entries of the employer's register a named register holds: those matching
    every criterion given (an empty set or None: any). Levels and keepers are the ones
    recorded when the entry was filed, so a promotion never moves history."""

    types: frozenset[DeclarationType] = frozenset()
    at_or_above: Level | None = None  # the officer's level when filed
    below: Level | None = None
    register_keepers: frozenset[Role] = frozenset()  # the register keeper role recorded

    def levels(self) -> tuple[Level, ...] | None:
        """The levels these entries were filed at, or None for any level."""
        if self.at_or_above is None and self.below is None:
            return None
        return tuple(
            level
            for level in Level
            if (self.at_or_above is None or level.rank >= self.at_or_above.rank)
            and (self.below is None or level.rank < self.below.rank)
        )


@dataclass(frozen=True, slots=True)
class NamedRegister:
    """A register the code names: its entries are those matching any of `entries`."""

    slug: str  # in URLs; unique across employers
    title: str
    cite: str  # the clause naming it, in this code
    keeper_words: str  # who keeps it, as the code says
    summary: str
    entries: tuple[Entries, ...]
    kept_by: Keeper


@dataclass(frozen=True, slots=True)
class AnnualReturn:
    """Officers at or above `at_or_above` make a written return every year (Thurrock 18.1)."""

    cite: str
    at_or_above: Level
    made_to: Role
    quote: str  # the start of the clause, shown on the page (tests check it is the code's)


@dataclass(frozen=True, slots=True)
class InterestReviews:
    """Interests of officers below `below` are reviewed every `every_months` by the
    nearest active officer at `reviewer_level` up their line-management chain; with none
    there, by the `fallback` role (Thurrock 18.4)."""

    cite: str
    below: Level
    reviewer_level: Level
    every_months: int
    fallback: Role
    quote: str


@dataclass(frozen=True, slots=True)
class FormHint:
    """A sentence from the code shown beside one question of the form."""

    field: str  # a field of the policy contract's declaration
    text: str  # names the code and the clause
    cite: str


@dataclass(frozen=True, slots=True)
class Deadline:
    """Declarations of `type` are due within `days` of their date (from the rules)."""

    type: DeclarationType
    days: int
    cites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Duties:
    """Everything an employer's code asks beyond its rules. Every field is declared by
    each module, empty or None where its code asks nothing of the kind."""

    registers: tuple[NamedRegister, ...]
    annual_return: AnnualReturn | None
    interest_reviews: InterestReviews | None
    form_hints: tuple[FormHint, ...]
    deadlines: tuple[Deadline, ...]

    def citations(self) -> tuple[str, ...]:
        """Every clause the duties cite, once each, in the order declared."""
        cites: list[str] = [register.cite for register in self.registers]
        if self.annual_return:
            cites.append(self.annual_return.cite)
        if self.interest_reviews:
            cites.append(self.interest_reviews.cite)
        cites.extend(hint.cite for hint in self.form_hints)
        cites.extend(cite for deadline in self.deadlines for cite in deadline.cites)
        return tuple(dict.fromkeys(cites))

    def deadline_for(self, kind: DeclarationType) -> Deadline | None:
        return next((d for d in self.deadlines if d.type == kind), None)


def line_manager_records(slug: str, cite: str) -> NamedRegister:
    """The records a code asks each line manager to keep of their staff's entries (OPCC
    15.2, ECC personal conduct): the same register in both codes but for its clause."""
    return NamedRegister(
        slug=slug,
        title="Records kept by line managers",
        cite=cite,
        keeper_words="each line manager, for the people they line manage",
        summary=(
            "Entries the code asks line managers to record, each kept by the manager who "
            "was the officer's line manager when they declared."
        ),
        entries=(Entries(register_keepers=frozenset({Role.LINE_MANAGER})),),
        kept_by=Keeper(Role.LINE_MANAGER, Keeping.SHARED_BY_KEEPERS),
    )


def deadlines_in(rules: Iterable[Rule]) -> tuple[Deadline, ...]:
    """The deadlines the rules set, one per declaration type: the shortest, citing the
    first clause of each rule that sets one. Taken from the rules so there is no copy."""
    found: dict[DeclarationType, tuple[int, list[str]]] = {}
    for rule in rules:
        if rule.deadline_days is None:
            continue
        for kind in sorted(rule.types):
            days, cites = found.get(kind, (rule.deadline_days, []))
            if rule.citations and rule.citations[0] not in cites:
                cites.append(rule.citations[0])
            found[kind] = (min(days, rule.deadline_days), cites)
    return tuple(
        Deadline(type=kind, days=days, cites=tuple(cites))
        for kind, (days, cites) in sorted(found.items())
    )


def _plain(value: Any) -> Any:
    """A JSON-ready form of the duties, the same in every process (sets sorted)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(_plain(item) for item in value)
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def fingerprint(duties: Duties) -> str:
    """Eight hex digits that change whenever any duty changes."""
    text = json.dumps(_plain(duties), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def versioned(edition: str, duties: Duties) -> str:
    """A module's VERSION: its edition (changed by hand with the rules) and the duties'
    fingerprint, e.g. "2026.1+3f9a01c2"."""
    return f"{edition}+{fingerprint(duties)}"
