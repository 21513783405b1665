"""The policy check's cases, shared by the command's tests and the API's: the keys of every
verdict, a good request for each type, and bad inputs with the field each error must name."""

from __future__ import annotations

import json
from typing import Any

VERDICT_KEYS = {
    "outcome",
    "route",
    "register_keeper",
    "deadline",
    "late",
    "written",
    "citations",
    "flags",
    "reasons",
    "codes_applied",
}

GOOD_REQUESTS: dict[str, dict[str, Any]] = {
    "gift": {
        "employer": "thurrock",
        "officer": {"level": "assistant_director"},
        "declaration": {
            "type": "gift",
            "value_gbp": "24.99",
            "donor_category": "supplier",
            "date": "2026-11-02",
            "declared_on": "2026-11-03",
        },
    },
    "hospitality": {
        "employer": "opcc",
        "declaration": {"type": "hospitality", "hospitality_kind": "social_or_sporting"},
    },
    "interest": {
        "employer": "ecc",
        "declaration": {"type": "interest", "interest_kind": "financial"},
    },
    "outside_work": {
        "employer": "county-council",
        "officer": {"spinal_column_point": 31, "seconded_to": "ecc"},
        "declaration": {"type": "outside_work", "work_kind": "employment", "hours_per_week": 12},
    },
    "relationship": {
        "employer": "essex-probation",
        "declaration": {"type": "relationship", "with_whom": "offender", "nature": "family"},
    },
}

A_GIFT = {"employer": "ecc", "declaration": {"type": "gift"}}


def gift(**fields: Any) -> str:
    return json.dumps({"employer": "ecc", "declaration": {"type": "gift", **fields}})


# (name, stdin text, the field the error must name)
BAD_INPUTS: list[tuple[str, str, str]] = [
    ("not JSON", '{"employer": "ecc",', ""),
    ("not an object", '["ecc", "gift"]', ""),
    ("a bare string", '"gift"', ""),
    (
        "NaN is not JSON",
        '{"employer": "ecc", "declaration": {"type": "gift", "value_gbp": NaN}}',
        "",
    ),
    ("empty", "", ""),
    ("only whitespace", "  \n", ""),
    ("unknown employer", json.dumps({**A_GIFT, "employer": "essex-police"}), "employer"),
    ("missing employer", json.dumps({"declaration": {"type": "gift"}}), "employer"),
    ("unknown top-level field", json.dumps({**A_GIFT, "colour": "red"}), "colour"),
    ("missing declaration", json.dumps({"employer": "ecc"}), "declaration"),
    (
        "declaration not an object",
        json.dumps({"employer": "ecc", "declaration": []}),
        "declaration",
    ),
    ("missing type", json.dumps({"employer": "ecc", "declaration": {}}), "declaration.type"),
    ("unknown type", gift(type="bribe"), "declaration.type"),
    ("unknown enum value", gift(donor_category="friend"), "declaration.donor_category"),
    ("wrong type: bool as string", gift(token_item="yes"), "declaration.token_item"),
    ("wrong type: number as enum", gift(form=3), "declaration.form"),
    ("field of another type", gift(work_kind="employment"), "declaration.work_kind"),
    ("negative money", gift(value_gbp=-1), "declaration.value_gbp"),
    ("negative money as a string", gift(value_gbp="-0.01"), "declaration.value_gbp"),
    ("non-numeric money", gift(value_gbp="lots"), "declaration.value_gbp"),
    ("money as a bool", gift(value_gbp=True), "declaration.value_gbp"),
    ("more than 2 decimal places", gift(value_gbp="24.999"), "declaration.value_gbp"),
    (
        "a float that only rounds to pence",
        '{"employer": "ecc", "declaration": {"type": "gift", "value_gbp": 24.990000000000001}}',
        "declaration.value_gbp",
    ),
    ("impossible date", gift(date="2026-02-30"), "declaration.date"),
    ("date not ISO", gift(declared_on="03/11/2026"), "declaration.declared_on"),
    (
        "missing required field",
        json.dumps({"employer": "ecc", "declaration": {"type": "interest"}}),
        "declaration.interest_kind",
    ),
    (
        "missing one of two required fields",
        json.dumps(
            {"employer": "ecc", "declaration": {"type": "relationship", "with_whom": "colleague"}}
        ),
        "declaration.nature",
    ),
    ("officer not an object", json.dumps({**A_GIFT, "officer": "staff"}), "officer"),
    (
        "unknown officer level",
        json.dumps({**A_GIFT, "officer": {"level": "boss"}}),
        "officer.level",
    ),
    (
        "seconded to their own employer",
        json.dumps({**A_GIFT, "officer": {"seconded_to": "ecc"}}),
        "officer.seconded_to",
    ),
    (
        "negative hours",
        json.dumps({**A_GIFT, "officer": {"contracted_hours_per_week": -1}}),
        "officer.contracted_hours_per_week",
    ),
]
