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
    "disclosure": {
        "employer": "county-council",
        "declaration": {"type": "disclosure", "disclosure_kind": "criminal_charge"},
    },
}

# Every field added in 2026-11, each in a request the contract accepts (name, request).
NEW_FIELDS: list[tuple[str, dict[str, Any]]] = [
    (
        "gift event_date",
        {
            "employer": "thurrock",
            "declaration": {"type": "gift", "date": "2026-11-02", "event_date": "2026-11-09"},
        },
    ),
    (
        "gift event_date null",
        {"employer": "opcc", "declaration": {"type": "gift", "event_date": None}},
    ),
    (
        "sponsor",
        {
            "employer": "opcc",
            "declaration": {"type": "gift", "form": "sponsorship", "sponsor": "employer"},
        },
    ),
    (
        "overseas",
        {"employer": "county-council", "declaration": {"type": "hospitality", "overseas": True}},
    ),
    (
        "hospitality event_date",
        {"employer": "ecc", "declaration": {"type": "hospitality", "event_date": "2026-12-01"}},
    ),
    (
        "relationship event_date",
        {
            "employer": "county-council",
            "declaration": {
                "type": "relationship",
                "with_whom": "contractor",
                "nature": "family",
                "event_date": "2026-12-01",
            },
        },
    ),
    (
        "bail_conditions_affect_work",
        {
            "employer": "county-council",
            "declaration": {
                "type": "disclosure",
                "disclosure_kind": "bail_conditions",
                "bail_conditions_affect_work": False,
            },
        },
    ),
    (
        "required_by_court",
        {
            "employer": "essex-probation",
            "declaration": {
                "type": "disclosure",
                "disclosure_kind": "court_witness",
                "required_by_court": True,
            },
        },
    ),
    (
        "for_service_user",
        {
            "employer": "essex-probation",
            "declaration": {
                "type": "disclosure",
                "disclosure_kind": "court_or_prison_intervention",
                "for_service_user": True,
            },
        },
    ),
    (
        "settings",
        {
            "employer": "thurrock",
            "declaration": {"type": "gift", "token_item": True, "value_gbp": "30.00"},
            "settings": {"token_limit_gbp": "50.00"},
        },
    ),
    (
        "settings as a number",
        {"employer": "ecc", "declaration": {"type": "gift"}, "settings": {"token_limit_gbp": 10}},
    ),
    ("no settings at all", {"employer": "ecc", "declaration": {"type": "gift"}, "settings": {}}),
]
NEW_FIELDS += [
    (
        f"disclosure_kind {kind}",
        {"employer": employer, "declaration": {"type": "disclosure", "disclosure_kind": kind}},
    )
    for kind in (
        "criminal_charge",
        "caution",
        "conviction",
        "arrest",
        "bail_conditions",
        "outside_conduct",
        "safeguarding_registration_withdrawn",
        "improper_approach",
        "suspect_money",
        "canvassed",
        "management_buyout",
        "former_officer_business",
        "overseas_travel",
        "court_witness",
        "court_or_prison_intervention",
    )
    for employer in ("county-council", "essex-probation", "opcc", "thurrock", "ecc")
]

# An OPCC gift from a supplier, a token item worth £30.00: with the default limit (£25.00)
# it is not a token and must be refused (OP-G4); with a limit of £50.00 it is (OP-G5).
OPCC_TOKEN_GIFT: dict[str, Any] = {
    "employer": "opcc",
    "declaration": {
        "type": "gift",
        "donor_category": "supplier",
        "token_item": True,
        "value_gbp": "30.00",
        "date": "2026-11-02",
        "declared_on": "2026-11-03",
    },
}

A_GIFT = {"employer": "ecc", "declaration": {"type": "gift"}}


def gift(**fields: Any) -> str:
    return json.dumps({"employer": "ecc", "declaration": {"type": "gift", **fields}})


def with_settings(settings: Any) -> str:
    return json.dumps({**A_GIFT, "settings": settings})


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
    # Added in 2026-11.
    (
        "unknown disclosure_kind",
        json.dumps(
            {"employer": "ecc", "declaration": {"type": "disclosure", "disclosure_kind": "gossip"}}
        ),
        "declaration.disclosure_kind",
    ),
    (
        "disclosure without its kind",
        json.dumps({"employer": "ecc", "declaration": {"type": "disclosure"}}),
        "declaration.disclosure_kind",
    ),
    ("settings not an object", with_settings([25]), "settings"),
    ("settings a number", with_settings(25), "settings"),
    ("token limit 0", with_settings({"token_limit_gbp": 0}), "settings.token_limit_gbp"),
    ("token limit negative", with_settings({"token_limit_gbp": "-5"}), "settings.token_limit_gbp"),
    ("token limit abc", with_settings({"token_limit_gbp": "abc"}), "settings.token_limit_gbp"),
    (
        "token limit with a fraction of a penny",
        with_settings({"token_limit_gbp": "25.001"}),
        "settings.token_limit_gbp",
    ),
    ("token limit a bool", with_settings({"token_limit_gbp": True}), "settings.token_limit_gbp"),
    ("unknown setting", with_settings({"colour": "red"}), "settings.colour"),
    (
        "event_date on an interest",
        json.dumps(
            {
                "employer": "ecc",
                "declaration": {
                    "type": "interest",
                    "interest_kind": "financial",
                    "event_date": "2026-11-02",
                },
            }
        ),
        "declaration.event_date",
    ),
    ("event_date not ISO", gift(event_date="02/11/2026"), "declaration.event_date"),
    ("sponsor unknown", gift(form="sponsorship", sponsor="council"), "declaration.sponsor"),
    (
        "sponsor on hospitality",
        json.dumps(
            {"employer": "ecc", "declaration": {"type": "hospitality", "sponsor": "employer"}}
        ),
        "declaration.sponsor",
    ),
    (
        "overseas not a bool",
        json.dumps({"employer": "ecc", "declaration": {"type": "hospitality", "overseas": "yes"}}),
        "declaration.overseas",
    ),
    (
        "required_by_court not a bool",
        json.dumps(
            {
                "employer": "ecc",
                "declaration": {
                    "type": "disclosure",
                    "disclosure_kind": "court_witness",
                    "required_by_court": 1,
                },
            }
        ),
        "declaration.required_by_court",
    ),
]


def officer(**fields: Any) -> str:
    return json.dumps({**A_GIFT, "officer": fields})


def outside_work(**fields: Any) -> str:
    return json.dumps(
        {
            "employer": "ecc",
            "declaration": {"type": "outside_work", "work_kind": "employment", **fields},
        }
    )


# Each range's edges, either side: (name, request, the field refused or None when accepted,
# words the error must use to state the range). Spinal column points 1 to 99, dates
# 1900-01-01 to 2100-12-31, money 0 to 9999999999.99, hours 0 to 168.
SPINE = "from 1 to 99"
DATES = "1900-01-01 to 2100-12-31"
BOUNDARIES: list[tuple[str, str, str | None, str]] = [
    ("spinal point 1", officer(spinal_column_point=1), None, ""),
    ("spinal point 99", officer(spinal_column_point=99), None, ""),
    ("spinal point null", officer(spinal_column_point=None), None, ""),
    ("spinal point 0", officer(spinal_column_point=0), "officer.spinal_column_point", SPINE),
    ("spinal point 100", officer(spinal_column_point=100), "officer.spinal_column_point", SPINE),
    (
        "spinal point 10**30",
        officer(spinal_column_point=10**30),
        "officer.spinal_column_point",
        SPINE,
    ),
    (
        "spinal point 1e30",
        '{"employer": "ecc", "declaration": {"type": "gift"}, '
        '"officer": {"spinal_column_point": 1e30}}',
        "officer.spinal_column_point",
        SPINE,
    ),
    ("date 1900-01-01", gift(date="1900-01-01"), None, ""),
    ("date 2100-12-31", gift(date="2100-12-31"), None, ""),
    ("date 1899-12-31", gift(date="1899-12-31"), "declaration.date", DATES),
    ("date 2101-01-01", gift(date="2101-01-01"), "declaration.date", DATES),
    ("date in year 1", gift(date="0001-01-01"), "declaration.date", DATES),
    ("date in year 9999", gift(date="9999-12-31"), "declaration.date", DATES),
    ("declared on 1900-01-01", gift(declared_on="1900-01-01"), None, ""),
    ("declared on 2100-12-31", gift(declared_on="2100-12-31"), None, ""),
    ("declared on 1899-12-31", gift(declared_on="1899-12-31"), "declaration.declared_on", DATES),
    ("declared on 2101-01-01", gift(declared_on="2101-01-01"), "declaration.declared_on", DATES),
    ("declared in year 1", gift(declared_on="0001-01-01"), "declaration.declared_on", DATES),
    ("declared in year 9999", gift(declared_on="9999-12-31"), "declaration.declared_on", DATES),
    ("money 0", gift(value_gbp=0), None, ""),
    ("money at the ceiling", gift(value_gbp="9999999999.99"), None, ""),
    (
        "money a penny over the ceiling",
        gift(value_gbp="10000000000.00"),
        "declaration.value_gbp",
        "9999999999.99 pounds or less",
    ),
    (
        "money 1e30",
        '{"employer": "ecc", "declaration": {"type": "gift", "value_gbp": 1e30}}',
        "declaration.value_gbp",
        "9999999999.99 pounds or less",
    ),
    ("money a penny below 0", gift(value_gbp="-0.01"), "declaration.value_gbp", "negative"),
    ("hours 0", outside_work(hours_per_week=0), None, ""),
    ("hours 168", outside_work(hours_per_week=168), None, ""),
    (
        "hours 168.01",
        outside_work(hours_per_week="168.01"),
        "declaration.hours_per_week",
        "168 hours or fewer",
    ),
    ("hours below 0", outside_work(hours_per_week=-1), "declaration.hours_per_week", "negative"),
    ("contracted hours 168", officer(contracted_hours_per_week=168), None, ""),
    (
        "contracted hours 169",
        officer(contracted_hours_per_week=169),
        "officer.contracted_hours_per_week",
        "168 hours or fewer",
    ),
]
ACCEPTED = [(name, body) for name, body, field, _ in BOUNDARIES if field is None]
REFUSED = [(name, body, field, words) for name, body, field, words in BOUNDARIES if field]
