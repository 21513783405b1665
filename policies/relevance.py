"""Which questions can change the verdict, given the answers so far.

The declaration forms ask only what applies: a question whose answer cannot change what
the officer's code says, for their employer and given what is already answered, is
skipped. Which questions those are is read from the rules themselves, never written down
a second time, so it cannot drift from them:

* `trees_for` runs each rule (through `core.evaluate_code`, so its moderate-refreshments
  shortcut counts too) with every fact of the declaration left open, and follows every
  way through its condition: at each fact it reads, a branch for each value the fact can
  take (yes or no, each of the contract's choices) or, for money and hours, for each
  outcome of the comparison made (`value_gbp < 25`). What it records is a tree of the
  facts read, one per rule, as plain JSON-ready data.
* `facts_that_matter` walks the trees with the answers given: an answered fact follows
  its own branch, an unanswered one every branch. Every fact met on the way is one whose
  answer can change whether some rule fires, and so the verdict; a fact never met cannot:
  the rules run the same whatever it is.

The register's settings are part of the code in force: a token test compares
`value_gbp` with the token limit (`Facts.token_limit`), so `trees_for` takes the
settings too (a request's own, or each employer's stored ones, as `parse_request` does)
and explores each code under the figure it will use; the trees are cached per code,
officer, type and settings.

`event_date` decides no rule: it only sets the deadline of a rule that asks for approval
or notice before the gift, hospitality or contract (`Due(after="event_date")`). So the
explorer never branches on it (a condition that read it would make the rule count as
reading everything), and instead, at the end of each way through in which such a rule
fires, the tree records that the rule reads it: a node `{"fact": "event_date",
"values": [], "branches": []}`, which has no branches to follow. Walking the trees then
asks for the event date exactly when a rule that could still fire would take its
deadline from it (a relationship with a contractor under the county council), and skips
it otherwise. A gift's or hospitality's event date is kept for the record anyway
(KEPT_FOR_THE_RECORD).

The trees are data so that the form's script (static/js/relevance.js) walks the same trees
in the browser as the form does on the server; a node without branches needs nothing
new there (the fact is met, no branch is followed). A rule whose condition cannot be
followed this way (it does arithmetic the explorer does not model, or has too many ways
through) counts as reading every fact, so a question is never skipped by mistake.
"""

from __future__ import annotations

import dataclasses
import datetime
import operator
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .core import PolicyModule, Rule, evaluate_code
from .facts import (
    ENUM_FIELDS,
    FIELDS_BY_TYPE,
    HOURS_FIELDS,
    MONEY_FIELDS,
    REQUIRED_BY_TYPE,
    DeclarationFacts,
    Facts,
    OfficerFacts,
    RegisterSettings,
)
from .registry import module_for
from .vocabulary import DeclarationType, Employer

# Asked whatever the code says: what the register keeps for its own sake (whose gift or
# interest it is; the value of a gift or hospitality, totalled and published; which way a
# gift went and whether it was declined, which the public register shows and a declined
# gift's disposition follows; the day a gift or hospitality was accepted, given or took
# place), and what the contract cannot do without (REQUIRED_BY_TYPE).
KEPT_FOR_THE_RECORD: dict[DeclarationType, frozenset[str]] = {
    DeclarationType.GIFT: frozenset(
        {"direction", "offered_to", "value_gbp", "status", "event_date"}
    ),
    DeclarationType.HOSPITALITY: frozenset({"offered_to", "value_gbp", "status", "event_date"}),
    DeclarationType.INTEREST: frozenset({"held_by"}),
    DeclarationType.OUTSIDE_WORK: frozenset({"hours_per_week"}),
}
AMOUNTS = MONEY_FIELDS | HOURS_FIELDS
# The dates a rule's deadline may count from that the officer answers (a declaration's
# `date` is always answered): read only for the deadline, never to decide a rule.
DEADLINE_DATES = frozenset({"event_date"})
MAX_WAYS_THROUGH = 2000  # per rule; far more than any rule has (see the module docstring)

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
# A comparison read from the other side: `25 > value` is `value < 25`.
MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}

Tree = dict[str, Any] | None  # a fact read and its branches; None: nothing more is read


def askable(declaration_type: DeclarationType | str) -> tuple[str, ...]:
    """The facts of this type that may be skipped when they cannot change the verdict:
    the yes/no and choice questions, and a relationship's event date, less those asked
    whatever the code says."""
    kind = DeclarationType(declaration_type)
    always = KEPT_FOR_THE_RECORD.get(kind, frozenset()) | set(REQUIRED_BY_TYPE.get(kind, ()))
    return tuple(
        name for name in FIELDS_BY_TYPE[kind] if name not in always and name not in AMOUNTS
    )


# --- exploring a rule ------------------------------------------------------------------


class TooManyWays(Exception):
    """A rule with more ways through than MAX_WAYS_THROUGH."""


class DecidesOnADeadlineDate(TypeError):
    """A condition that reads `event_date`: the explorer does not branch on dates, so the
    rule counts as reading everything."""


class _Explorer:
    """Replays one way through a rule: the choices made at each fact read, in order."""

    def __init__(self, script: list[int]) -> None:
        self.script = script
        self.steps: list[tuple[dict[str, Any], int, int]] = []  # (node, choice, of how many)

    def choose(self, node: dict[str, Any], ways: int) -> int:
        position = len(self.steps)
        if position == len(self.script):
            self.script.append(0)
        choice = self.script[position]
        self.steps.append((node, choice, ways))
        return choice

    def next_script(self) -> list[int] | None:
        """The next way through, depth first; None once every way has been followed."""
        choices = [(choice, ways) for _node, choice, ways in self.steps]
        while choices and choices[-1][0] == choices[-1][1] - 1:
            choices.pop()
        if not choices:
            return None
        return [choice for choice, _ways in choices[:-1]] + [choices[-1][0] + 1]


class _Amount:
    """An unanswered amount of money or hours: a comparison with it is a branch."""

    def __init__(self, fact: str, explorer: _Explorer, offset: Decimal = Decimal(0)) -> None:
        self.fact = fact
        self.explorer = explorer
        self.offset = offset

    def _compare(self, op: str, other: Any) -> bool:
        if not isinstance(other, int | Decimal) or isinstance(other, bool):
            raise TypeError(f"cannot compare {self.fact} with {other!r}")
        than = Decimal(other) - self.offset
        node = {"fact": self.fact, "compare": op, "than": str(than)}
        return self.explorer.choose(node, 2) == 0  # branch 0: true, 1: false

    def __lt__(self, other: Any) -> bool:
        return self._compare("<", other)

    def __le__(self, other: Any) -> bool:
        return self._compare("<=", other)

    def __gt__(self, other: Any) -> bool:
        return self._compare(">", other)

    def __ge__(self, other: Any) -> bool:
        return self._compare(">=", other)

    def __eq__(self, other: object) -> bool:
        return self._compare("==", other)

    def __ne__(self, other: object) -> bool:
        return self._compare("!=", other)

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Any) -> _Amount:
        if not isinstance(other, int | Decimal) or isinstance(other, bool):
            return NotImplemented
        return _Amount(self.fact, self.explorer, self.offset + Decimal(other))

    __radd__ = __add__


def _domain(fact: str) -> tuple[Any, ...]:
    """The values a yes/no or choice fact can take."""
    enum = ENUM_FIELDS.get(fact)
    return tuple(enum) if enum is not None else (False, True)


class _OpenDeclaration:
    """A declaration whose open facts are chosen by the explorer as the rule reads them."""

    def __init__(self, base: DeclarationFacts, open_facts: frozenset[str], explorer: _Explorer):
        self._base = base
        self._open = open_facts
        self._explorer = explorer
        self._chosen: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name in DEADLINE_DATES:
            raise DecidesOnADeadlineDate(name)
        if name.startswith("_") or name not in self._open:
            return getattr(self._base, name)
        if name not in self._chosen:
            if name in AMOUNTS:
                self._chosen[name] = _Amount(name, self._explorer)
            else:
                domain = _domain(name)
                node = {"fact": name, "values": [_json(value) for value in domain]}
                self._chosen[name] = domain[self._explorer.choose(node, len(domain))]
        return self._chosen[name]


def _json(value: Any) -> Any:
    return value if isinstance(value, bool) else str(value)


@dataclasses.dataclass(frozen=True)
class _OneRule:
    """A code with only one of its rules, to run that rule as `evaluate_code` would. Its
    RULES are a list, so `evaluate_code` takes its plain path and keeps nothing of these
    throwaway codes in its caches."""

    EMPLOYER: Employer
    NAME: str
    VERSION: str
    RULES: list[Rule]


def _insert(tree: Tree, steps: list[tuple[dict[str, Any], int, int]]) -> Tree:
    if not steps:
        return tree
    (node, choice, ways), rest = steps[0], steps[1:]
    if tree is None:
        tree = {**node, "branches": [None] * ways}
    if ways:  # a node without branches (a deadline date) ends the way through
        tree["branches"][choice] = _insert(tree["branches"][choice], rest)
    return tree


def explore(module: PolicyModule, rule: Rule, facts: Facts) -> Tree:
    """The tree of facts `rule` reads, every fact of the declaration's type left open.

    The rule runs without its deadline, so that only its condition reads the facts; where
    it fires and its deadline counts from a date the officer answers, that date ends the
    way through as a node without branches (see the module docstring)."""
    one = _OneRule(
        module.EMPLOYER, module.NAME, module.VERSION, [dataclasses.replace(rule, deadline=None)]
    )
    open_facts = frozenset(FIELDS_BY_TYPE[facts.declaration.type]) - DEADLINE_DATES
    deadline_date = rule.deadline.after if rule.deadline is not None else None
    deadline_node = (
        {"fact": deadline_date, "values": []} if deadline_date in DEADLINE_DATES else None
    )
    tree: Tree = None
    script: list[int] | None = []
    ways = 0
    while script is not None:
        ways += 1
        if ways > MAX_WAYS_THROUGH:
            raise TooManyWays(rule.id)
        explorer = _Explorer(script)
        declaration = _OpenDeclaration(facts.declaration, open_facts, explorer)
        verdict = evaluate_code(one, dataclasses.replace(facts, declaration=declaration))  # type: ignore[arg-type]
        steps = explorer.steps
        if deadline_node is not None and verdict.rules_fired:
            steps = [*steps, (deadline_node, 0, 0)]
        tree = _insert(tree, steps)
        script = explorer.next_script()
    return tree


def trees_for(
    employer: Employer | str,
    officer: OfficerFacts,
    declaration_type: DeclarationType | str,
    settings: RegisterSettings | Decimal | None = None,
    *,
    stored_settings: Mapping[Employer, RegisterSettings] | None = None,
) -> tuple[dict[str, Any], ...]:
    """One tree per rule of the officer's code (and the host's, while seconded) for this
    type: `{"rule": id, "tree": ...}`, or `{"rule": id, "reads_everything": True}` for a
    rule that cannot be explored.

    The settings in force are those `parse_request` would give the verdict: `settings`
    (a request's own, or just its token limit) for every code, or else each employer's
    `stored_settings`, or else the defaults. Each code's trees are cached.
    """
    kind = DeclarationType(declaration_type)
    home = Employer(employer)
    codes = [home]
    if officer.seconded_to is not None and officer.seconded_to != home:
        codes.append(officer.seconded_to)
    if isinstance(settings, Decimal):
        settings = RegisterSettings(token_limit_gbp=settings)
    in_force = Facts(
        employer=home,
        declaration=DeclarationFacts(type=kind, date=SOME_DAY, declared_on=SOME_DAY),
        settings=settings,
        stored_settings=stored_settings or {},
    )
    return tuple(
        tree
        for code in codes
        for tree in code_trees(home, code, officer, kind, in_force.settings_for(code))
    )


SOME_DAY = datetime.date(2026, 1, 1)  # the dates are always answered; any will do


@lru_cache(maxsize=1024)
def code_trees(
    employer: Employer,
    code: Employer,
    officer: OfficerFacts,
    kind: DeclarationType,
    settings: RegisterSettings,
) -> tuple[dict[str, Any], ...]:
    """The trees of `code`'s rules for an officer of `employer` (the same code, or their
    host's), under `settings`. Cached: they depend on nothing else."""
    facts = Facts(
        employer=employer,
        officer=officer,
        declaration=DeclarationFacts(type=kind, date=SOME_DAY, declared_on=SOME_DAY),
        settings=settings,
    )
    module = module_for(code)
    trees: list[dict[str, Any]] = []
    for rule in module.RULES:
        if kind not in rule.types:
            continue
        try:
            trees.append({"rule": rule.id, "tree": explore(module, rule, facts)})
        except (TypeError, AttributeError, TooManyWays):
            trees.append({"rule": rule.id, "reads_everything": True})
    return tuple(trees)


# --- walking the trees with the answers ------------------------------------------------


def _follows(node: dict[str, Any], branch: int, answer: Any) -> bool:
    """Whether the answer takes the branch numbered `branch` of this node."""
    if "compare" in node:
        try:
            outcome = COMPARISONS[node["compare"]](Decimal(str(answer)), Decimal(node["than"]))
        except (ArithmeticError, ValueError):
            return True
        return outcome == (branch == 0)
    value = node["values"][branch]
    return bool(value == answer if isinstance(value, bool) else value == str(answer))


def facts_that_matter(
    trees: Iterable[Mapping[str, Any]],
    answers: Mapping[str, Any],
    declaration_type: DeclarationType | str,
) -> frozenset[str]:
    """The facts whose answer can change the verdict, given `answers` (the contract's
    names and values; an unanswered fact is left out). An answer that takes no branch
    (not one of the values a rule knows) counts as unanswered."""
    found: set[str] = set()

    def walk(tree: Tree) -> None:
        if tree is None:
            return
        fact = tree["fact"]
        found.add(fact)
        branches = tree["branches"]
        taken = (
            [i for i in range(len(branches)) if _follows(tree, i, answers[fact])]
            if fact in answers
            else []
        )
        for index in taken or range(len(branches)):
            walk(branches[index])

    for entry in trees:
        if entry.get("reads_everything"):
            return frozenset(FIELDS_BY_TYPE[DeclarationType(declaration_type)])
        walk(entry.get("tree"))
    return frozenset(found)


def questions_to_skip(
    trees: Iterable[Mapping[str, Any]],
    answers: Mapping[str, Any],
    declaration_type: DeclarationType | str,
) -> frozenset[str]:
    """The skippable questions (`askable`) whose answer cannot change the verdict."""
    matter = facts_that_matter(trees, answers, declaration_type)
    return frozenset(name for name in askable(declaration_type) if name not in matter)
