"""Parsing the contract's JSON request into Facts (policy-contract.md, "Request").

Every refusal names the dotted path of the field at fault: the JSON interface and
`policy_check` hand it back as `{"error": ..., "field": ...}`.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest

from policies import FactsError, parse_request
from policies.facts import (
    DEFAULT_SETTINGS,
    FIELDS_BY_TYPE,
    DeclarationFacts,
    Facts,
    OfficerFacts,
    RegisterSettings,
)
from policies.vocabulary import (
    DeclarationType,
    Direction,
    DisclosureKind,
    DonorCategory,
    Employer,
    GiftForm,
    HeldBy,
    HospitalityKind,
    InterestKind,
    Level,
    Nature,
    OfferedTo,
    OfferStatus,
    PoliticalActivity,
    Sponsor,
    WithWhom,
    WorkKind,
)

TODAY = datetime.date(2026, 6, 1)


def parse(data: Any) -> Facts:
    return parse_request(data, today=TODAY)


def request(declaration: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"employer": "ecc", "declaration": declaration, **top}


def refused(data: Any) -> FactsError:
    with pytest.raises(FactsError) as caught:
        parse(data)
    return caught.value


# --- good requests ------------------------------------------------------------------

MINIMAL = {
    "gift": {"type": "gift"},
    "hospitality": {"type": "hospitality"},
    "interest": {"type": "interest", "interest_kind": "financial"},
    "outside_work": {"type": "outside_work", "work_kind": "employment"},
    "relationship": {"type": "relationship", "with_whom": "colleague", "nature": "social"},
    "disclosure": {"type": "disclosure", "disclosure_kind": "caution"},
}

FULL = {
    "gift": {
        "type": "gift",
        "date": "2026-05-01",
        "declared_on": "2026-05-03",
        "direction": "given",
        "offered_to": "family",
        "form": "voucher",
        "token_item": True,
        "value_gbp": "24.99",
        "donor_category": "contractor",
        "status": "declined",
        "on_behalf_of_employer": True,
        "received_without_warning": True,
        "refusal_would_offend": True,
        "donor_has_pending_decision": True,
        "event_date": "2026-04-30",
        "sponsor": "employer",
    },
    "hospitality": {
        "type": "hospitality",
        "date": "2026-05-01",
        "declared_on": "2026-05-02",
        "offered_to": "family",
        "value_gbp": 120,
        "donor_category": "supplier",
        "status": "accepted",
        "donor_has_pending_decision": True,
        "refusal_would_offend": True,
        "hospitality_kind": "conference_or_course",
        "corporate": True,
        "represents_employer": True,
        "overseas": True,
        "event_date": "2026-06-20",
    },
    "interest": {
        "type": "interest",
        "date": "2026-04-01",
        "declared_on": "2026-05-15",
        "interest_kind": "secret_society",
        "held_by": "spouse_or_partner",
        "org_does_business_with_employer": True,
        "pecuniary_interest_in_contract": True,
        "involved_in_related_matter": True,
        "could_conflict": False,
        "change_to_existing": True,
    },
    "outside_work": {
        "type": "outside_work",
        "date": "2026-07-01",
        "declared_on": "2026-05-20",
        "work_kind": "political",
        "paid": False,
        "hours_per_week": 7.5,
        "during_working_hours": True,
        "uses_employer_resources": True,
        "overlaps_normal_duties": True,
        "conflicts_with_duties": True,
        "during_sick_leave": True,
        "during_leave_or_suspension_for_employer": True,
        "for_service_user": True,
        "private_gain_from_employment_work": True,
        "political_activity": "parish_council_candidate",
    },
    "relationship": {
        "type": "relationship",
        "date": "2020-01-01",
        "declared_on": "2026-05-01",
        "with_whom": "job_applicant",
        "nature": "intimate",
        "professional_responsibility": True,
        "existed_before_appointment": True,
        "involved_in_decision": True,
        "event_date": "2026-09-01",
    },
    "disclosure": {
        "type": "disclosure",
        "date": "2026-05-28",
        "declared_on": "2026-05-29",
        "disclosure_kind": "bail_conditions",
        "bail_conditions_affect_work": False,
        "required_by_court": True,
        "for_service_user": True,
    },
}

FULL_OFFICER = {
    "level": "assistant_director",
    "spinal_column_point": 41,
    "seconded_to": "thurrock",
    "board_member": True,
    "politically_restricted": True,
    "procurement_or_regulatory_role": True,
    "contracted_hours_per_week": "22.5",
}


def test_the_examples_cover_every_type_and_every_field():
    assert set(MINIMAL) == set(FULL) == {kind.value for kind in DeclarationType}
    for kind, declaration in FULL.items():
        assert set(declaration) - {"type", "date", "declared_on"} == set(
            FIELDS_BY_TYPE[DeclarationType(kind)]
        )


@pytest.mark.parametrize("kind", sorted(MINIMAL))
def test_minimal_request_of_each_type(kind):
    facts = parse(request(MINIMAL[kind]))
    assert facts.employer is Employer.ECC
    assert facts.officer == OfficerFacts()
    assert facts.declaration.type is DeclarationType(kind)
    assert facts.declaration.date == TODAY
    assert facts.declaration.declared_on == TODAY


@pytest.mark.parametrize("kind", sorted(FULL))
def test_full_request_of_each_type(kind):
    facts = parse({"employer": "ecc", "officer": FULL_OFFICER, "declaration": FULL[kind]})
    declaration = facts.declaration
    for name, raw in FULL[kind].items():
        value = getattr(declaration, name)
        if name in {"date", "declared_on", "event_date"}:
            assert value == datetime.date.fromisoformat(raw)
        elif name in {"value_gbp", "hours_per_week"}:
            assert value == Decimal(str(raw))
        else:
            assert value == raw, name
    assert facts.officer == OfficerFacts(
        level=Level.ASSISTANT_DIRECTOR,
        spinal_column_point=41,
        seconded_to=Employer.THURROCK,
        board_member=True,
        politically_restricted=True,
        procurement_or_regulatory_role=True,
        contracted_hours_per_week=Decimal("22.5"),
    )


def test_full_gift_parses_to_enum_members():
    declaration = parse(request(FULL["gift"])).declaration
    assert declaration.direction is Direction.GIVEN
    assert declaration.offered_to is OfferedTo.FAMILY
    assert declaration.form is GiftForm.VOUCHER
    assert declaration.donor_category is DonorCategory.CONTRACTOR
    assert declaration.status is OfferStatus.DECLINED
    assert declaration.value_gbp == Decimal("24.99")


def test_every_employer_is_accepted():
    for employer in Employer:
        assert parse({"employer": employer.value, "declaration": {"type": "gift"}}).employer is (
            employer
        )


def test_officer_null_or_empty_means_all_defaults():
    assert parse(request(MINIMAL["gift"], officer=None)).officer == OfficerFacts()
    assert parse(request(MINIMAL["gift"], officer={})).officer == OfficerFacts()


def test_officer_defaults():
    officer = parse(request(MINIMAL["gift"])).officer
    assert officer.level is Level.STAFF
    assert officer.spinal_column_point is None
    assert officer.seconded_to is None
    assert officer.board_member is False
    assert officer.politically_restricted is False
    assert officer.procurement_or_regulatory_role is False
    assert officer.contracted_hours_per_week == 37


def test_gift_defaults():
    d = parse(request(MINIMAL["gift"])).declaration
    assert d.direction is Direction.RECEIVED
    assert d.offered_to is OfferedTo.SELF
    assert d.form is GiftForm.ITEM
    assert d.token_item is False
    assert d.value_gbp == 0
    assert d.donor_category is DonorCategory.OTHER
    assert d.status is OfferStatus.OFFERED
    assert d.on_behalf_of_employer is False
    assert d.received_without_warning is False
    assert d.refusal_would_offend is False
    assert d.donor_has_pending_decision is False
    assert d.sponsor is Sponsor.OUTSIDE_BODY
    assert d.event_date == d.date == TODAY


def test_hospitality_defaults():
    d = parse(request(MINIMAL["hospitality"])).declaration
    assert d.hospitality_kind is HospitalityKind.WORKING_MEAL
    assert d.offered_to is OfferedTo.SELF
    assert d.value_gbp == 0
    assert d.donor_category is DonorCategory.OTHER
    assert d.status is OfferStatus.OFFERED
    assert d.corporate is False
    assert d.represents_employer is False
    assert d.refusal_would_offend is False
    assert d.donor_has_pending_decision is False
    assert d.overseas is False
    assert d.event_date == d.date == TODAY


def test_interest_defaults():
    d = parse(request(MINIMAL["interest"])).declaration
    assert d.interest_kind is InterestKind.FINANCIAL
    assert d.held_by is HeldBy.SELF
    assert d.could_conflict is True
    assert d.org_does_business_with_employer is False
    assert d.pecuniary_interest_in_contract is False
    assert d.involved_in_related_matter is False
    assert d.change_to_existing is False


def test_outside_work_defaults():
    d = parse(request(MINIMAL["outside_work"])).declaration
    assert d.work_kind is WorkKind.EMPLOYMENT
    assert d.paid is True
    assert d.hours_per_week == 0
    assert d.political_activity is PoliticalActivity.NONE
    for name in (
        "during_working_hours",
        "uses_employer_resources",
        "overlaps_normal_duties",
        "conflicts_with_duties",
        "during_sick_leave",
        "during_leave_or_suspension_for_employer",
        "for_service_user",
        "private_gain_from_employment_work",
    ):
        assert getattr(d, name) is False, name


def test_relationship_defaults():
    d = parse(request(MINIMAL["relationship"])).declaration
    assert d.with_whom is WithWhom.COLLEAGUE
    assert d.nature is Nature.SOCIAL
    assert d.professional_responsibility is False
    assert d.existed_before_appointment is False
    assert d.involved_in_decision is False
    assert d.event_date is None  # not known: no deadline counts from it


def test_disclosure_defaults():
    d = parse(request(MINIMAL["disclosure"])).declaration
    assert d.disclosure_kind is DisclosureKind.CAUTION
    assert d.bail_conditions_affect_work is True  # 23.2: "if you are in any doubt"
    assert d.required_by_court is False
    assert d.for_service_user is False
    assert d.date == d.declared_on == TODAY
    assert d.event_date is None


@pytest.mark.parametrize("kind", ["interest", "outside_work", "disclosure"])
def test_types_without_an_event_date_keep_none(kind):
    assert parse(request(MINIMAL[kind] | {"date": "2026-01-01"})).declaration.event_date is None


@pytest.mark.parametrize("kind", ["gift", "hospitality"])
def test_an_event_date_defaults_to_the_date_of_a_gift_or_hospitality(kind):
    d = parse(request(MINIMAL[kind] | {"date": "2026-03-04"})).declaration
    assert d.event_date == datetime.date(2026, 3, 4)
    given = parse(request(MINIMAL[kind] | {"date": "2026-03-04", "event_date": "2026-03-09"}))
    assert given.declaration.event_date == datetime.date(2026, 3, 9)
    # null is "not given": the date again
    unset = parse(request(MINIMAL[kind] | {"date": "2026-03-04", "event_date": None}))
    assert unset.declaration.event_date == datetime.date(2026, 3, 4)


def test_a_relationships_event_date_may_be_given_or_null():
    d = parse(request(MINIMAL["relationship"] | {"event_date": "2026-10-01"})).declaration
    assert d.event_date == datetime.date(2026, 10, 1)
    d = parse(request(MINIMAL["relationship"] | {"event_date": None})).declaration
    assert d.event_date is None


@pytest.mark.parametrize("kind", list(DisclosureKind))
def test_every_disclosure_kind_is_accepted(kind):
    declaration = MINIMAL["disclosure"] | {"disclosure_kind": kind.value}
    assert parse(request(declaration)).declaration.disclosure_kind is kind


@pytest.mark.parametrize("sponsor", list(Sponsor))
def test_every_sponsor_is_accepted(sponsor):
    declaration = {"type": "gift", "form": "sponsorship", "sponsor": sponsor.value}
    assert parse(request(declaration)).declaration.sponsor is sponsor


def test_today_defaults_to_the_real_date():
    facts = parse_request(request(MINIMAL["gift"]))
    assert facts.declaration.date == facts.declaration.declared_on == datetime.date.today()


def test_facts_are_immutable():
    facts = parse(request(MINIMAL["gift"]))
    with pytest.raises(AttributeError):
        facts.declaration.value_gbp = Decimal(1)  # type: ignore[misc]
    assert isinstance(facts.declaration, DeclarationFacts)


def test_parses_what_json_loads_gives():
    text = json.dumps(request(FULL["hospitality"], officer=FULL_OFFICER))
    assert parse(json.loads(text)).declaration.value_gbp == Decimal("120.00")


def test_whole_numbers_for_spinal_column_point():
    officer = {"spinal_column_point": 29.0}
    assert parse(request(MINIMAL["gift"], officer=officer)).officer.spinal_column_point == 29
    officer = {"spinal_column_point": None}
    assert parse(request(MINIMAL["gift"], officer=officer)).officer.spinal_column_point is None


@pytest.mark.parametrize(
    "raw, expected",
    [
        (25, "25.00"),
        (25.0, "25.00"),
        ("25", "25.00"),
        ("24.99", "24.99"),
        (24.99, "24.99"),
        (0, "0.00"),
        ("0.5", "0.50"),
        ("25.000", "25.00"),
        (Decimal("24.99"), "24.99"),
        (-0.0, "0.00"),
        ("9999999999.99", "9999999999.99"),
    ],
)
def test_money_accepted(raw, expected):
    value = parse(request({"type": "gift", "value_gbp": raw})).declaration.value_gbp
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "raw",
    [
        -0.01,
        "-0.01",
        "abc",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        float("nan"),
        float("inf"),
        True,
        False,
        None,
        24.999,
        "24.999",
        1e20,
        "10000000000.00",
        "1_000",
        "+25",
        " 25",
        "1e3",
        "",
        "\u0662\u0665",  # Arabic-Indic digits
        [25],
        {"pounds": 25},
    ],
)
def test_money_refused(raw):
    error = refused(request({"type": "hospitality", "value_gbp": raw}))
    assert error.field == "declaration.value_gbp"
    assert error.message.startswith("declaration.value_gbp: ")


@pytest.mark.parametrize("raw", [-1, 169, "37 hours", True, None, float("inf")])
def test_hours_refused(raw):
    assert refused(request(MINIMAL["outside_work"] | {"hours_per_week": raw})).field == (
        "declaration.hours_per_week"
    )
    error = refused(request(MINIMAL["gift"], officer={"contracted_hours_per_week": raw}))
    assert error.field == "officer.contracted_hours_per_week"


def test_hours_accepted():
    facts = parse(
        request(
            MINIMAL["outside_work"] | {"hours_per_week": "11.01"},
            officer={"contracted_hours_per_week": 37},
        )
    )
    assert facts.declaration.hours_per_week == Decimal("11.01")
    assert facts.officer.contracted_hours_per_week == 37


@pytest.mark.parametrize(
    "raw",
    [
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "2025-02-29",
        "2026-1-01",
        "20260101",
        "2026-W05-1",
        "2026-06-01T00:00:00",
        "01/06/2026",
        "",
        "\uff12\uff10\uff12\uff16-01-01",  # full-width digits
    ],
)
@pytest.mark.parametrize("name", ["date", "declared_on", "event_date"])
def test_impossible_or_misspelt_dates(name, raw):
    error = refused(request({"type": "gift", name: raw}))
    assert error.field == f"declaration.{name}"


@pytest.mark.parametrize("raw", [20260601, None, True, ["2026-06-01"], {"y": 2026}])
def test_dates_must_be_strings(raw):
    assert refused(request({"type": "gift", "date": raw})).field == "declaration.date"


@pytest.mark.parametrize("raw", [20260601, True, False, ["2026-06-01"], {"y": 2026}, "1899-12-31"])
@pytest.mark.parametrize("kind", ["gift", "hospitality", "relationship"])
def test_a_bad_event_date_is_refused(kind, raw):
    error = refused(request(MINIMAL[kind] | {"event_date": raw}))
    assert error.field == "declaration.event_date"
    assert error.message.startswith("declaration.event_date: ")


def test_leap_day_is_a_date():
    facts = parse(request({"type": "gift", "date": "2028-02-29", "declared_on": "2028-03-01"}))
    assert facts.declaration.date == datetime.date(2028, 2, 29)
    assert facts.declaration.declared_on == datetime.date(2028, 3, 1)


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize("employer", ["essex", "ECC", "", None, 5, "thurrock "])
def test_unknown_employer(employer):
    error = refused({"employer": employer, "declaration": {"type": "gift"}})
    assert error.field == "employer"
    assert error.as_json() == {"error": error.message, "field": "employer"}


def test_missing_employer():
    assert refused({"declaration": {"type": "gift"}}).field == "employer"


def test_missing_declaration():
    assert refused({"employer": "ecc"}).field == "declaration"


def test_missing_type():
    assert refused(request({"value_gbp": 5})).field == "declaration.type"


@pytest.mark.parametrize("kind", ["loan", "Gift", "", None, 1])
def test_unknown_type(kind):
    assert refused(request({"type": kind})).field == "declaration.type"


# One declaration of the right type for every enum field of the request.
ENUM_FIELDS = [
    ("gift", "direction"),
    ("gift", "offered_to"),
    ("gift", "form"),
    ("gift", "donor_category"),
    ("gift", "status"),
    ("hospitality", "offered_to"),
    ("hospitality", "donor_category"),
    ("hospitality", "status"),
    ("hospitality", "hospitality_kind"),
    ("interest", "interest_kind"),
    ("interest", "held_by"),
    ("outside_work", "work_kind"),
    ("outside_work", "political_activity"),
    ("relationship", "with_whom"),
    ("relationship", "nature"),
    ("gift", "sponsor"),
    ("disclosure", "disclosure_kind"),
]


@pytest.mark.parametrize("kind, name", ENUM_FIELDS)
@pytest.mark.parametrize("raw", ["not_a_value", "", None, 3, True])
def test_unknown_enum_value(kind, name, raw):
    error = refused(request(MINIMAL[kind] | {name: raw}))
    assert error.field == f"declaration.{name}"
    assert "is not one of" in error.message


def test_unknown_enum_value_names_the_choices_and_the_value_as_json():
    error = refused(request({"type": "gift", "form": None}))
    assert error.as_json() == {
        "error": (
            "declaration.form: null is not one of: "
            "item, cash, voucher, loan, bequest, discount, sponsorship."
        ),
        "field": "declaration.form",
    }


@pytest.mark.parametrize("raw", ["boss", "Staff", None, 3])
def test_unknown_level(raw):
    assert refused(request(MINIMAL["gift"], officer={"level": raw})).field == "officer.level"


@pytest.mark.parametrize("raw", ["nowhere", "", 1, True])
def test_unknown_seconded_to(raw):
    error = refused(request(MINIMAL["gift"], officer={"seconded_to": raw}))
    assert error.field == "officer.seconded_to"


def test_seconded_to_own_employer():
    error = refused(
        {"employer": "opcc", "officer": {"seconded_to": "opcc"}, "declaration": {"type": "gift"}}
    )
    assert error.field == "officer.seconded_to"


@pytest.mark.parametrize(
    "kind, name",
    [
        ("gift", "token_item"),
        ("gift", "on_behalf_of_employer"),
        ("hospitality", "corporate"),
        ("interest", "could_conflict"),
        ("outside_work", "paid"),
        ("relationship", "involved_in_decision"),
        ("hospitality", "overseas"),
        ("disclosure", "bail_conditions_affect_work"),
        ("disclosure", "required_by_court"),
        ("disclosure", "for_service_user"),
    ],
)
@pytest.mark.parametrize("raw", ["true", "false", 1, 0, None])
def test_string_or_number_for_a_bool(kind, name, raw):
    assert refused(request(MINIMAL[kind] | {name: raw})).field == f"declaration.{name}"


@pytest.mark.parametrize(
    "name", ["board_member", "politically_restricted", "procurement_or_regulatory_role"]
)
def test_string_for_an_officer_bool(name):
    assert refused(request(MINIMAL["gift"], officer={name: "yes"})).field == f"officer.{name}"


@pytest.mark.parametrize("raw", [True, False, "29", 29.5, -1, float("nan"), [29]])
def test_spinal_column_point_must_be_a_whole_number(raw):
    error = refused(request(MINIMAL["gift"], officer={"spinal_column_point": raw}))
    assert error.field == "officer.spinal_column_point"


@pytest.mark.parametrize(
    "kind, name",
    [
        ("interest", "interest_kind"),
        ("outside_work", "work_kind"),
        ("relationship", "with_whom"),
        ("relationship", "nature"),
        ("disclosure", "disclosure_kind"),
    ],
)
def test_missing_required_field_of_a_type(kind, name):
    declaration = {key: value for key, value in MINIMAL[kind].items() if key != name}
    error = refused(request(declaration))
    assert error.field == f"declaration.{name}"
    assert error.message == f"declaration.{name}: is required for a declaration of type '{kind}'."


def test_unknown_top_level_field():
    assert refused(request(MINIMAL["gift"], urgent=True)).field == "urgent"


def test_unknown_officer_field():
    error = refused(request(MINIMAL["gift"], officer={"grade": "B"}))
    assert error.field == "officer.grade"


def test_unknown_declaration_field():
    assert refused(request({"type": "gift", "valu_gbp": 5})).field == "declaration.valu_gbp"


@pytest.mark.parametrize(
    "kind, name, raw",
    [
        ("gift", "hospitality_kind", "working_meal"),
        ("gift", "interest_kind", "financial"),
        ("hospitality", "direction", "received"),
        ("hospitality", "form", "item"),
        ("hospitality", "token_item", True),
        ("hospitality", "on_behalf_of_employer", True),
        ("interest", "value_gbp", 5),
        ("outside_work", "nature", "social"),
        ("relationship", "paid", True),
        ("relationship", "could_conflict", True),
        ("interest", "event_date", "2026-05-01"),
        ("outside_work", "event_date", "2026-05-01"),
        ("disclosure", "event_date", None),
        ("hospitality", "sponsor", "employer"),
        ("gift", "overseas", True),
        ("gift", "disclosure_kind", "caution"),
        ("disclosure", "paid", True),
        ("interest", "bail_conditions_affect_work", False),
        ("relationship", "required_by_court", True),
    ],
)
def test_field_of_another_type(kind, name, raw):
    error = refused(request(MINIMAL[kind] | {name: raw}))
    assert error.field == f"declaration.{name}"
    assert f"not a field of a {kind} declaration" in error.message


@pytest.mark.parametrize("data", [None, [], "ecc", 1, ["employer", "ecc"]])
def test_request_not_an_object(data):
    error = refused(data)
    assert error.field == ""
    assert error.as_json() == {"error": "The request must be a JSON object.", "field": ""}


@pytest.mark.parametrize("officer", ["staff", [], 1, True])
def test_officer_not_an_object(officer):
    assert refused(request(MINIMAL["gift"], officer=officer)).field == "officer"


@pytest.mark.parametrize("declaration", [None, "gift", [], 1])
def test_declaration_not_an_object(declaration):
    assert refused(request(declaration)).field == "declaration"


def test_error_message_starts_with_the_field():
    error = refused(request({"type": "gift", "value_gbp": -1}))
    assert error.as_json() == {
        "error": "declaration.value_gbp: must not be negative.",
        "field": "declaration.value_gbp",
    }
    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_facts_error_without_a_field():
    error = FactsError("Unreadable.")
    assert error.as_json() == {"error": "Unreadable.", "field": ""}
    assert FactsError("", "x").as_json() == {"error": "", "field": "x"}


# --- settings (policy-contract.md, "settings") -----------------------------------------


def test_without_settings_every_code_uses_the_default_token_limit():
    facts = parse(request(MINIMAL["gift"]))
    assert facts.settings is None
    assert facts.stored_settings == {}
    for employer in Employer:
        assert facts.settings_for(employer) == DEFAULT_SETTINGS
        assert facts.token_limit(employer) == Decimal("25.00")


@pytest.mark.parametrize(
    "raw, expected",
    [(25, "25.00"), ("10", "10.00"), ("0.01", "0.01"), (12.5, "12.50"), ("99.990", "99.99")],
)
def test_a_requests_token_limit(raw, expected):
    facts = parse(request(MINIMAL["gift"], settings={"token_limit_gbp": raw}))
    assert facts.settings == RegisterSettings(token_limit_gbp=Decimal(expected))
    assert str(facts.token_limit(Employer.ECC)) == expected


def test_empty_settings_mean_the_defaults():
    facts = parse(request(MINIMAL["gift"], settings={}))
    assert facts.settings == DEFAULT_SETTINGS
    assert facts.token_limit(Employer.OPCC) == Decimal("25.00")


STORED = {
    Employer.OPCC: RegisterSettings(Decimal("10.00")),
    Employer.THURROCK: RegisterSettings(Decimal("50.00")),
}


def test_stored_settings_are_used_per_employer():
    facts = parse_request(request(MINIMAL["gift"]), today=TODAY, stored_settings=STORED)
    assert facts.token_limit(Employer.OPCC) == Decimal("10.00")
    assert facts.token_limit(Employer.THURROCK) == Decimal("50.00")
    assert facts.token_limit(Employer.ECC) == Decimal("25.00")  # none stored: the default


def test_a_requests_settings_override_every_stored_setting():
    data = request(MINIMAL["gift"], settings={"token_limit_gbp": "5"})
    facts = parse_request(data, today=TODAY, stored_settings=STORED)
    for employer in Employer:
        assert facts.token_limit(employer) == Decimal("5.00")
    assert facts.stored_settings == STORED  # kept: the override is the request's alone


@pytest.mark.parametrize("raw", [None, [], "25", 25, True, ["token_limit_gbp", 25]])
def test_settings_not_an_object(raw):
    error = refused(request(MINIMAL["gift"], settings=raw))
    assert error.as_json() == {
        "error": "settings: the settings must be a JSON object.",
        "field": "settings",
    }


@pytest.mark.parametrize("name", ["token_limit", "Token_limit_gbp", "hospitality_limit_gbp", ""])
def test_unknown_setting(name):
    error = refused(request(MINIMAL["gift"], settings={name: 25}))
    assert error.field == f"settings.{name}"
    assert error.message == f"settings.{name}: unknown setting '{name}'."


@pytest.mark.parametrize(
    "raw, message",
    [
        (0, "must be more than 0 pounds."),
        ("0.00", "must be more than 0 pounds."),
        (-1, "must not be negative."),
        ("-0.01", "must not be negative."),
        ("24.999", "must have no more than 2 decimal places (pounds and pence)."),
        (24.999, "must have no more than 2 decimal places (pounds and pence)."),
        ("twenty five", "must be a number of pounds, like 24.99."),
        ("£25", "must be a number of pounds, like 24.99."),
        ("25 pounds", "must be a number of pounds, like 24.99."),
        ("", "must be a number of pounds, like 24.99."),
        (None, "must be a number of pounds."),
        (True, "must be a number of pounds."),
        ([25], "must be a number of pounds."),
        (float("inf"), "must be a number of pounds."),
        ("10000000000.00", "must be 9999999999.99 pounds or less."),
    ],
)
def test_a_bad_token_limit_is_refused(raw, message):
    error = refused(request(MINIMAL["gift"], settings={"token_limit_gbp": raw}))
    assert error.as_json() == {
        "error": f"settings.token_limit_gbp: {message}",
        "field": "settings.token_limit_gbp",
    }
