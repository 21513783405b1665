"""How many declarations per second the policy engine evaluates on one core.

    .venv/bin/python bench/policy_bench.py [--count 100000] [--repeats 3] [--seed 2026]

Builds COUNT varied requests up front with a seeded generator (every employer and
declaration type, disclosures included, about one officer in ten seconded, event dates,
sponsors and overseas hospitality, one request in ten with its own `settings`, and each
employer's register with a stored token limit of its own), parses them with
`parse_request` (not timed), then times `evaluate` over all of them, REPEATS
times, and prints the best and median rate. A run is timed with time.process_time,
the CPU time of this process: on a shared machine the wall clock also counts other
processes' turns on the core (both are printed). The target is at least 50,000
declarations a second.
"""

from __future__ import annotations

import argparse
import datetime
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policies import RegisterSettings, evaluate, parse_request, versions
from policies import vocabulary as v

TARGET_PER_SECOND = 50_000
TODAY = datetime.date(2026, 6, 1)


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


EMPLOYERS = values(v.Employer)
LEVELS = values(v.Level)
# Each register's token limit as its monitoring officer left it (policy-contract.md,
# "settings"): some at the default, some not.
STORED_SETTINGS = {
    v.Employer.ESSEX_PROBATION: RegisterSettings(Decimal("10.00")),
    v.Employer.OPCC: RegisterSettings(Decimal("25.00")),
    v.Employer.THURROCK: RegisterSettings(Decimal("50.00")),
}


def _money(rng: random.Random) -> Any:
    pounds = rng.choice([0, 5, 10, 24.99, 25, 30, 49.5, 75, 150, 500, 2000])
    return rng.choice([pounds, str(pounds)])


def _date(rng: random.Random, days_back: int) -> str:
    return (TODAY - datetime.timedelta(days=rng.randint(0, days_back))).isoformat()


def _bools(rng: random.Random, names: list[str], chance: float = 0.25) -> dict[str, bool]:
    return {name: rng.random() < chance for name in names if rng.random() < 0.7}


def _event_date(rng: random.Random) -> dict[str, Any]:
    """Given or not (then the date, or none for a relationship); before or after today."""
    if rng.random() < 0.4:
        return {}
    day = TODAY + datetime.timedelta(days=rng.randint(-45, 30))
    return {"event_date": day.isoformat()}


def _gift(rng: random.Random) -> dict[str, Any]:
    return {
        "direction": "given" if rng.random() < 0.1 else "received",
        "offered_to": rng.choice(values(v.OfferedTo)),
        "form": rng.choice(values(v.GiftForm)),
        "token_item": rng.random() < 0.3,
        "value_gbp": _money(rng),
        "donor_category": rng.choice(values(v.DonorCategory)),
        "status": rng.choice(values(v.OfferStatus)),
        "sponsor": rng.choice(values(v.Sponsor)),
        **_event_date(rng),
        **_bools(
            rng,
            [
                "on_behalf_of_employer",
                "received_without_warning",
                "refusal_would_offend",
                "donor_has_pending_decision",
            ],
        ),
    }


def _hospitality(rng: random.Random) -> dict[str, Any]:
    return {
        "offered_to": rng.choice(values(v.OfferedTo)),
        "value_gbp": _money(rng),
        "donor_category": rng.choice(values(v.DonorCategory)),
        "status": rng.choice(values(v.OfferStatus)),
        "hospitality_kind": rng.choice(values(v.HospitalityKind)),
        **_bools(
            rng,
            ["donor_has_pending_decision", "refusal_would_offend", "corporate"],
        ),
        "represents_employer": rng.random() < 0.5,
        "overseas": rng.random() < 0.15,
        **_event_date(rng),
    }


def _interest(rng: random.Random) -> dict[str, Any]:
    return {
        "interest_kind": rng.choice(values(v.InterestKind)),
        "held_by": rng.choice(values(v.HeldBy)),
        "could_conflict": rng.random() < 0.8,
        **_bools(
            rng,
            [
                "org_does_business_with_employer",
                "pecuniary_interest_in_contract",
                "involved_in_related_matter",
                "change_to_existing",
            ],
        ),
    }


def _outside_work(rng: random.Random) -> dict[str, Any]:
    return {
        "work_kind": rng.choice(values(v.WorkKind)),
        "paid": rng.random() < 0.7,
        "hours_per_week": rng.choice([0, 2, 5, 7.5, 11, 11.01, 16, 20]),
        "political_activity": rng.choice(values(v.PoliticalActivity)),
        **_bools(
            rng,
            [
                "during_working_hours",
                "uses_employer_resources",
                "overlaps_normal_duties",
                "conflicts_with_duties",
                "during_sick_leave",
                "during_leave_or_suspension_for_employer",
                "for_service_user",
                "private_gain_from_employment_work",
            ],
            chance=0.15,
        ),
    }


def _relationship(rng: random.Random) -> dict[str, Any]:
    return {
        "with_whom": rng.choice(values(v.WithWhom)),
        "nature": rng.choice(values(v.Nature)),
        **_event_date(rng),
        **_bools(
            rng,
            ["professional_responsibility", "existed_before_appointment", "involved_in_decision"],
            chance=0.4,
        ),
    }


def _disclosure(rng: random.Random) -> dict[str, Any]:
    return {
        "disclosure_kind": rng.choice(values(v.DisclosureKind)),
        **_bools(
            rng,
            ["bail_conditions_affect_work", "required_by_court", "for_service_user"],
            chance=0.5,
        ),
    }


BUILDERS = {
    "gift": _gift,
    "hospitality": _hospitality,
    "interest": _interest,
    "outside_work": _outside_work,
    "relationship": _relationship,
    "disclosure": _disclosure,
}


def random_request(rng: random.Random) -> dict[str, Any]:
    employer = rng.choice(EMPLOYERS)
    kind = rng.choice(list(BUILDERS))
    officer: dict[str, Any] = {
        "level": rng.choice(LEVELS),
        "spinal_column_point": rng.choice([None, 10, 28, 29, 35, 49]),
        "board_member": rng.random() < 0.1,
        "politically_restricted": rng.random() < 0.2,
        "procurement_or_regulatory_role": rng.random() < 0.2,
        "contracted_hours_per_week": rng.choice([18.5, 22.5, 30, 37, 37, 37]),
    }
    if rng.random() < 0.1:
        officer["seconded_to"] = rng.choice([e for e in EMPLOYERS if e != employer])
    declaration = {
        "type": kind,
        "date": _date(rng, 60),
        "declared_on": _date(rng, 30),
        **BUILDERS[kind](rng),
    }
    request = {"employer": employer, "officer": officer, "declaration": declaration}
    if rng.random() < 0.1:
        request["settings"] = {"token_limit_gbp": rng.choice(["5", "20", 25, "30.50", 100])}
    return request


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    started = time.perf_counter()
    facts = [
        parse_request(random_request(rng), today=TODAY, stored_settings=STORED_SETTINGS)
        for _ in range(args.count)
    ]
    seconded = sum(1 for f in facts if f.officer.seconded_to is not None)
    own_settings = sum(1 for f in facts if f.settings is not None)
    kinds = dict.fromkeys(BUILDERS, 0)
    for f in facts:
        kinds[f.declaration.type.value] += 1
    print(
        f"built {len(facts):,} declarations ({seconded:,} seconded, {own_settings:,} with "
        f"their own settings; "
        + ", ".join(f"{count:,} {kind}" for kind, count in kinds.items())
        + f") in {time.perf_counter() - started:.2f}s (not timed)"
    )
    print("modules: " + ", ".join(f"{code}@{version}" for code, version in versions().items()))

    rates = []
    for run in range(1, args.repeats + 1):
        started, started_cpu = time.perf_counter(), time.process_time()
        for one in facts:
            evaluate(one)
        cpu = time.process_time() - started_cpu
        wall = time.perf_counter() - started
        rates.append(len(facts) / cpu)
        print(f"run {run}: {cpu:.3f}s CPU ({wall:.3f}s wall), {rates[-1]:,.0f} declarations/s")

    best, median = max(rates), statistics.median(rates)
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), one core: "
        f"best {best:,.0f}/s, median {median:,.0f}/s "
        f"(target {TARGET_PER_SECOND:,}/s: {'met' if median >= TARGET_PER_SECOND else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
