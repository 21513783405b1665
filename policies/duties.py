"""What an employer's code asks beyond a verdict: its duties, as data beside its rules.

A rule judges one declaration. A code also names registers and who keeps them, asks
some officers for an annual return, asks for interests to be reviewed, sets deadlines
the monitoring officer watches, and has words worth showing next to a question on the
form, and says what may be done with a gift the officer must not keep (or an activity
that must not go ahead). Each employer module declares these once, in `DUTIES`, each
cited like a rule (a clause of its own code); the app reads them generically and the
policy pages show them. Pure Python, no Django.

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

from .core import Due, Rule
from .vocabulary import DeclarationType, Disposition, Level, Role

GIFTS = frozenset({DeclarationType.GIFT})
HOSPITALITY_ONLY = frozenset({DeclarationType.HOSPITALITY})
GIFTS_AND_HOSPITALITY = GIFTS | HOSPITALITY_ONLY
INTERESTS = frozenset({DeclarationType.INTEREST})
DISCLOSURES = frozenset({DeclarationType.DISCLOSURE})


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
    """Declarations of `type` are due `due` (after their date or event date), as the rules
    citing `cites` say; the shortest such deadline of the type's rules."""

    type: DeclarationType
    due: Due
    cites: tuple[str, ...]

    @property
    def days(self) -> int:
        return self.due.days


@dataclass(frozen=True, slots=True)
class DispositionOption:
    """One answer to "what happened to it?" for a declaration the code says must be
    declined or must not go ahead, in the code's own words where it has them (Thurrock's
    "Given to the Mayor's Charity Fund", 14.5). `types` are the declaration types it is
    offered for; a module lists its code's own options first."""

    disposition: Disposition
    words: str  # what the officer reads beside the radio, and the history says
    cite: str
    types: frozenset[DeclarationType]
    hint: str = ""  # more words under the option, naming the clause when it quotes one


@dataclass(frozen=True, slots=True)
class Duties:
    """Everything an employer's code asks beyond its rules. Every field is declared by
    each module, empty or None where its code asks nothing of the kind."""

    registers: tuple[NamedRegister, ...]
    annual_return: AnnualReturn | None
    interest_reviews: InterestReviews | None
    form_hints: tuple[FormHint, ...]
    deadlines: tuple[Deadline, ...]
    dispositions: tuple[DispositionOption, ...]

    def citations(self) -> tuple[str, ...]:
        """Every clause the duties cite, once each, in the order declared."""
        cites: list[str] = [register.cite for register in self.registers]
        if self.annual_return:
            cites.append(self.annual_return.cite)
        if self.interest_reviews:
            cites.append(self.interest_reviews.cite)
        cites.extend(hint.cite for hint in self.form_hints)
        cites.extend(cite for deadline in self.deadlines for cite in deadline.cites)
        cites.extend(option.cite for option in self.dispositions)
        return tuple(dict.fromkeys(cites))

    def deadline_for(self, kind: DeclarationType) -> Deadline | None:
        """The type's deadline counted in days from its date (the one the dashboard
        watches), if its rules set one."""
        return next((d for d in self.deadlines if d.type == kind and d.due.after == "date"), None)

    def dispositions_for(self, kind: DeclarationType | str) -> tuple[DispositionOption, ...]:
        """What the officer may say happened to a declaration of this type, in the
        order the module lists them (its code's own first); none for an unknown type."""
        try:
            kind = DeclarationType(kind)
        except ValueError:
            return ()
        return tuple(option for option in self.dispositions if kind in option.types)


def general_dispositions(
    cite: str, employer_words: str, *, leave_out: frozenset[Disposition] = frozenset()
) -> tuple[DispositionOption, ...]:
    """What else may become of a gift or hospitality, beyond the ways the code names:
    listed after the code's own options, each cited to the clause that makes the gift
    the employer's concern. `employer_words` names the employer in running text ("the
    council"); `leave_out` the ones the code already offers in its own words."""
    general = (
        DispositionOption(Disposition.RETURNED_TO_GIVER, "Returned to the giver", cite, GIFTS),
        DispositionOption(Disposition.GIVEN_TO_CHARITY, "Given to a charity", cite, GIFTS),
        DispositionOption(
            Disposition.KEPT_BY_EMPLOYER, f"Handed over to {employer_words} to keep", cite, GIFTS
        ),
        DispositionOption(
            Disposition.SHARED_WITH_TEAM,
            "Shared with the team",
            cite,
            GIFTS,
            hint="For example, a box of chocolates put out for everyone.",
        ),
        DispositionOption(
            Disposition.PAID_THE_DIFFERENCE,
            "Paid the giver for it",
            cite,
            GIFTS,
            hint="What it was worth, or the part of it above what your code allows.",
        ),
        DispositionOption(
            Disposition.PAID_THE_DIFFERENCE, "Paid for my own share", cite, HOSPITALITY_ONLY
        ),
    )
    return tuple(option for option in general if option.disposition not in leave_out)


def not_gone_ahead(
    *, outside_work: str, interest: str, relationship: str
) -> tuple[DispositionOption, ...]:
    """The one answer for outside work, an interest or a relationship the code says must
    not go ahead, each cited to the clause its rules rest on."""
    words = "I have not gone ahead, or I have stopped"
    return tuple(
        DispositionOption(Disposition.NOT_GONE_AHEAD, words, cite, frozenset({kind}))
        for kind, cite in (
            (DeclarationType.OUTSIDE_WORK, outside_work),
            (DeclarationType.INTEREST, interest),
            (DeclarationType.RELATIONSHIP, relationship),
        )
    )


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
    """The deadlines the rules set, one per declaration type and starting point (its date
    or its event date): the shortest, citing the first clause of each rule that sets one.
    Taken from the rules so there is no copy."""
    found: dict[tuple[DeclarationType, str], tuple[int, list[str]]] = {}
    for rule in rules:
        if rule.deadline is None:
            continue
        for kind in sorted(rule.types):
            key = (kind, rule.deadline.after)
            days, cites = found.get(key, (rule.deadline.days, []))
            if rule.citations and rule.citations[0] not in cites:
                cites.append(rule.citations[0])
            found[key] = (min(days, rule.deadline.days), cites)
    return tuple(
        Deadline(type=kind, due=Due(days=days, after=after), cites=tuple(cites))
        for (kind, after), (days, cites) in sorted(found.items())
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
