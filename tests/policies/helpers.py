"""What the policy tests share: request builders, case tables and verdict checks.

Requests are written in the contract's JSON vocabulary and go through
`policies.parse_request` and `policies.evaluate`: no database, no Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from policies import RegisterSettings, Verdict, evaluate, parse_request
from policies.vocabulary import Employer

# The contract's canonical route order, written out.
ROUTE_ORDER = [
    "line_manager",
    "head_of_service",
    "assistant_director",
    "director",
    "chief_officer",
    "chief_executive",
    "hr",
    "legal_adviser",
    "monitoring_officer",
    "board_secretary",
]

# --- requests -----------------------------------------------------------------------


def request(
    employer: str, declaration: dict[str, Any], officer: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A request to `employer`'s code; with no officer, the officer's fields default."""
    data: dict[str, Any] = {"employer": employer, "declaration": declaration}
    if officer is not None:
        data["officer"] = officer
    return data


def gift(**fields: Any) -> dict[str, Any]:
    return {"type": "gift", **fields}


def hospitality(**fields: Any) -> dict[str, Any]:
    return {"type": "hospitality", **fields}


def interest(**fields: Any) -> dict[str, Any]:
    return {"type": "interest", "interest_kind": "financial", **fields}


def outside_work(work_kind: str = "employment", **fields: Any) -> dict[str, Any]:
    return {"type": "outside_work", "work_kind": work_kind, **fields}


def relationship(with_whom: str, nature: str, **fields: Any) -> dict[str, Any]:
    return {"type": "relationship", "with_whom": with_whom, "nature": nature, **fields}


def disclosure(disclosure_kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": "disclosure", "disclosure_kind": disclosure_kind, **fields}


# --- case tables --------------------------------------------------------------------


def case(name: str, declaration: dict[str, Any], expect: Any, officer: dict | None = None):
    return pytest.param(declaration, officer, expect, id=name)


def typed_cases(**tables: list) -> list:
    """Every case of every table, each table's declarations given its type (the keyword)."""
    return [
        pytest.param({"type": kind, **p.values[0]}, *p.values[1:], id=p.id)
        for kind, cases in tables.items()
        for p in cases
    ]


def rules_exercised(cases: list) -> set[str]:
    """The rules the expected verdicts of (declaration, officer, Expect) cases fire."""
    return {rule for p in cases for rule in p.values[2].rules}


# --- verdicts -----------------------------------------------------------------------


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    """The verdict's contract JSON, with the rules that fired."""
    return {**verdict.as_json(), "rules_fired": list(verdict.rules_fired)}


def verdict_summary(
    outcome: str,
    rules: Any,
    citations: Any,
    *,
    route: tuple[str, ...] = (),
    keeper: str | None = None,
    written: bool = False,
    flags: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A verdict but its reasons, deadline and codes applied, as `summary` gives it."""
    return {
        "outcome": outcome,
        "route": list(route),
        "register_keeper": keeper,
        "written": written,
        "citations": list(citations),
        "flags": list(flags),
        "rules_fired": list(rules),
    }


def summary(verdict: Verdict) -> dict[str, Any]:
    """The verdict but its reasons, deadline and codes applied."""
    data = verdict.as_json()
    keys = ("outcome", "route", "register_keeper", "written", "citations", "flags")
    return {key: data[key] for key in keys} | {"rules_fired": list(verdict.rules_fired)}


@dataclass(frozen=True)
class CodeUnderTest:
    """One employer's code, evaluated on `today`, as its row-by-row tests call it."""

    employer: str
    today: datetime.date

    def verdict_for(
        self, declaration: dict[str, Any], officer: dict[str, Any] | None = None
    ) -> Verdict:
        facts = parse_request(request(self.employer, declaration, officer), today=self.today)
        return evaluate(facts)

    def expected(
        self,
        outcome: str,
        *rules: str,
        route: tuple[str, ...] = (),
        keeper: str | None = None,
        written: bool = False,
        cites: tuple[str, ...] = (),
        flags: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """The `summary` of a verdict of this code alone, citing its clauses `cites`."""
        citations = [f"{self.employer}:{clause}" for clause in cites]
        return verdict_summary(
            outcome, rules, citations, route=route, keeper=keeper, written=written, flags=flags
        )

    def assert_verdict(
        self, declaration: dict[str, Any], officer: dict[str, Any] | None, expect: dict[str, Any]
    ) -> None:
        """The verdict is `expect`, from this code alone, with no deadline and a reason a rule."""
        verdict = self.verdict_for(declaration, officer)
        assert summary(verdict) == expect
        assert verdict.codes_applied == (self.employer,)
        assert verdict.deadline is None and verdict.late is False
        assert len(verdict.reasons) == max(len(set(verdict.rules_fired)), 1)

    def assert_verdict_due(
        self,
        declaration: dict[str, Any],
        officer: dict[str, Any] | None,
        expect: dict[str, Any],
        *,
        deadline: str | None,
        late: bool = False,
    ) -> None:
        """As `assert_verdict`, for rows that set a deadline: the verdict is `expect` and
        its deadline is `deadline` (YYYY-MM-DD, or None) and `late` as given."""
        verdict = self.verdict_for(declaration, officer)
        assert summary(verdict) == expect
        assert verdict.codes_applied == (self.employer,)
        assert verdict.as_json()["deadline"] == deadline
        assert verdict.late is late
        assert len(verdict.reasons) == max(len(set(verdict.rules_fired)), 1)

    def verdict_under(
        self,
        declaration: dict[str, Any],
        officer: dict[str, Any] | None = None,
        *,
        settings: dict[str, Any] | None = None,
        stored_settings: dict[Employer, RegisterSettings] | None = None,
    ) -> Verdict:
        """The verdict given the register's settings: a request's own `settings` (the
        contract's JSON) and each employer's `stored_settings`."""
        data = request(self.employer, declaration, officer)
        if settings is not None:
            data["settings"] = settings
        facts = parse_request(data, today=self.today, stored_settings=stored_settings)
        return evaluate(facts)


@dataclass(frozen=True)
class Expect:
    """A whole verdict but its reasons. A module's tables subclass it to default `codes`."""

    outcome: str
    rules: tuple[str, ...] = ()
    route: tuple[str, ...] = ()
    keeper: str | None = None
    cites: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    written: bool = False
    deadline: str | None = None
    late: bool = False
    codes: tuple[str, ...] = ()

    @classmethod
    def observed(cls, verdict: Verdict) -> Expect:
        data = verdict.as_json()
        return cls(
            outcome=data["outcome"],
            rules=verdict.rules_fired,
            route=tuple(data["route"]),
            keeper=data["register_keeper"],
            cites=tuple(data["citations"]),
            flags=tuple(data["flags"]),
            written=data["written"],
            deadline=data["deadline"],
            late=data["late"],
            codes=tuple(data["codes_applied"]),
        )


def assert_one_sentence_and_a_clause(rules: Any) -> None:
    """Every rule's reason is one sentence, and every rule cites a clause."""
    for r in rules:
        assert r.citations, r.id
        assert r.reason.endswith(".") and r.reason.count(". ") == 0, r.id
