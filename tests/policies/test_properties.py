"""Properties of `evaluate` over any request the contract allows (hypothesis).

The strategy draws any valid request: every employer, every declaration type, every
field either omitted (its default) or given any value the contract allows, seconded
or not. Whatever the input, the verdict must keep the contract's shape.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies import FactsError, evaluate, module_for, parse_request
from policies.core import STRICTNESS, combine, evaluate_code
from policies.facts import FIELDS_BY_TYPE, REQUIRED_BY_TYPE
from policies.vocabulary import (
    ROLE_ORDER,
    DeclarationType,
    DisclosureKind,
    DonorCategory,
    Employer,
    Flag,
    GiftForm,
    HeldBy,
    HospitalityKind,
    InterestKind,
    Level,
    Nature,
    OfferedTo,
    OfferStatus,
    Outcome,
    PoliticalActivity,
    Sponsor,
    WithWhom,
    WorkKind,
)
from policies.vocabulary import Direction as GiftDirection

PROPERTY_SETTINGS = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
QUICK_SETTINGS = settings(PROPERTY_SETTINGS, max_examples=100)
TODAY = datetime.date(2026, 6, 1)


def enum_values(enum: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


money = st.one_of(
    st.integers(min_value=0, max_value=100_000),
    st.decimals(min_value=0, max_value=100_000, places=2).map(str),
    st.sampled_from([0, 24.99, 25, 25.0, "24.99", "25", "25.00", 49.5, 100]),
)
hours = st.one_of(
    st.integers(min_value=0, max_value=80),
    st.decimals(min_value=0, max_value=80, places=2).map(float),
    st.sampled_from([11, 11.01, "11.01", 0, 37.5]),
)
dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31)).map(
    datetime.date.isoformat
)
flag_value = st.booleans()

FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "date": dates,
    "declared_on": dates,
    "direction": enum_values(GiftDirection),
    "offered_to": enum_values(OfferedTo),
    "form": enum_values(GiftForm),
    "value_gbp": money,
    "donor_category": enum_values(DonorCategory),
    "status": enum_values(OfferStatus),
    "hospitality_kind": enum_values(HospitalityKind),
    "interest_kind": enum_values(InterestKind),
    "held_by": enum_values(HeldBy),
    "work_kind": enum_values(WorkKind),
    "hours_per_week": hours,
    "political_activity": enum_values(PoliticalActivity),
    "with_whom": enum_values(WithWhom),
    "nature": enum_values(Nature),
    "event_date": st.one_of(st.none(), dates),
    "sponsor": enum_values(Sponsor),
    "disclosure_kind": enum_values(DisclosureKind),
}
token_limits = st.one_of(
    st.integers(min_value=1, max_value=1000),
    st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2).map(str),
    st.sampled_from([25, "25.00", "10", 0.5, 100]),
)


@st.composite
def declarations(draw: st.DrawFn, kind: DeclarationType | None = None) -> dict[str, Any]:
    kind = kind or draw(st.sampled_from(list(DeclarationType)))
    required = REQUIRED_BY_TYPE.get(kind, ())
    declaration: dict[str, Any] = {"type": kind.value}
    for name in ("date", "declared_on", *FIELDS_BY_TYPE[kind]):
        if name in required or draw(st.booleans()):
            declaration[name] = draw(FIELD_VALUES.get(name, flag_value))
    return declaration


@st.composite
def officers(draw: st.DrawFn, employer: str) -> dict[str, Any] | None:
    if draw(st.integers(0, 9)) == 0:
        return None
    candidates: dict[str, st.SearchStrategy[Any]] = {
        "level": enum_values(Level),
        "spinal_column_point": st.one_of(st.none(), st.integers(1, 60)),
        "seconded_to": st.one_of(
            st.none(), st.sampled_from([e.value for e in Employer if e.value != employer])
        ),
        "board_member": flag_value,
        "politically_restricted": flag_value,
        "procurement_or_regulatory_role": flag_value,
        "contracted_hours_per_week": hours,
    }
    return {name: draw(value) for name, value in candidates.items() if draw(st.booleans())}


@st.composite
def requests(draw: st.DrawFn, seconded: bool | None = None) -> dict[str, Any]:
    employer = draw(enum_values(Employer))
    officer = draw(officers(employer))
    if seconded is not None:
        officer = dict(officer or {})
        if seconded:
            hosts = [e.value for e in Employer if e.value != employer]
            officer["seconded_to"] = draw(st.sampled_from(hosts))
        else:
            officer.pop("seconded_to", None)
    request: dict[str, Any] = {"employer": employer, "declaration": draw(declarations())}
    if officer is not None:
        request["officer"] = officer
    if draw(st.integers(0, 3)) == 0:
        request["settings"] = {"token_limit_gbp": draw(token_limits)} if draw(st.booleans()) else {}
    return request


def parse(request: dict[str, Any]):
    return parse_request(request, today=TODAY)


ROLES = {role.value for role in ROLE_ORDER}
ROLE_RANK = {role.value: rank for rank, role in enumerate(ROLE_ORDER)}
FLAG_RANK = {flag.value: rank for rank, flag in enumerate(Flag)}
OUTCOMES = {outcome.value for outcome in Outcome}


@PROPERTY_SETTINGS
@given(requests())
def test_every_valid_request_parses_and_evaluates(request):
    facts = parse(request)
    verdict = evaluate(facts)  # never raises
    payload = verdict.as_json()

    assert payload["outcome"] in OUTCOMES
    route = payload["route"]
    assert len(route) == len(set(route))
    assert all(role in ROLES for role in route)
    assert route == sorted(route, key=ROLE_RANK.__getitem__)
    assert payload["register_keeper"] is None or payload["register_keeper"] in ROLES

    home = facts.employer.value
    host = facts.officer.seconded_to
    expected_codes = [home] if host is None else [home, host.value]
    assert payload["codes_applied"] == expected_codes
    for citation in payload["citations"]:
        employer, _, clause = citation.partition(":")
        assert employer in expected_codes and clause, citation
    assert len(payload["citations"]) == len(set(payload["citations"]))

    flags = payload["flags"]
    assert all(flag in FLAG_RANK for flag in flags)
    assert flags == sorted(set(flags), key=FLAG_RANK.__getitem__)

    if payload["late"]:
        assert payload["deadline"] is not None
        assert facts.declaration.declared_on > datetime.date.fromisoformat(payload["deadline"])
    if payload["deadline"] is not None and not payload["late"]:
        assert facts.declaration.declared_on <= datetime.date.fromisoformat(payload["deadline"])
    assert isinstance(payload["written"], bool)
    assert payload["reasons"] and all(isinstance(r, str) and r for r in payload["reasons"])
    if payload["outcome"] != "no_action":
        assert route, "an outcome that asks for something names who to tell"

    assert json.loads(json.dumps(payload)) == payload
    for code, limit in verdict.token_limits:
        assert code.value in expected_codes
        assert limit == facts.token_limit(code) and limit > 0


@PROPERTY_SETTINGS
@given(requests(seconded=True))
def test_a_host_code_never_makes_the_outcome_less_strict(request):
    facts = parse(request)
    alone = dict(request, officer={**request["officer"], "seconded_to": None})
    home = evaluate(parse(alone))
    merged = evaluate(facts)
    assert STRICTNESS[merged.outcome] <= STRICTNESS[home.outcome]
    host_alone = evaluate_code(module_for(facts.officer.seconded_to), facts)
    assert merged.outcome == min(home.outcome, host_alone.outcome, key=STRICTNESS.__getitem__)
    assert set(home.route) <= set(merged.route)
    assert set(home.citations) <= set(merged.citations)
    assert set(home.flags) <= set(merged.flags)
    if home.register_keeper is not None:
        assert merged.register_keeper is home.register_keeper


@QUICK_SETTINGS
@given(requests())
def test_evaluate_code_combines_the_rules_that_apply(request):
    facts = parse(request)
    for employer in {facts.employer, facts.officer.seconded_to} - {None}:
        module = module_for(employer)
        verdict = evaluate_code(module, facts)
        declaration = facts.declaration
        if (
            declaration.type is DeclarationType.HOSPITALITY
            and declaration.hospitality_kind is HospitalityKind.REFRESHMENTS
        ):
            assert verdict.outcome is Outcome.NO_ACTION and not verdict.rules_fired
            continue
        fired = [r for r in module.RULES if r.applies(facts)]
        reference = combine(module, fired, facts)
        assert verdict == reference
        assert verdict.rules_fired == reference.rules_fired


@QUICK_SETTINGS
@given(requests())
def test_the_verdict_does_not_depend_on_json_round_trip_of_the_request(request):
    again = json.loads(json.dumps(request))
    assert evaluate(parse(again)) == evaluate(parse(request))


@QUICK_SETTINGS
@given(requests(), st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)))
def test_late_never_changes_the_outcome(request, declared_on):
    request = json.loads(json.dumps(request))
    request["declaration"]["declared_on"] = declared_on.isoformat()
    on_the_day = json.loads(json.dumps(request))
    # declared on the earliest day a deadline can count from: the date or the event date
    days = [request["declaration"].get("date", TODAY.isoformat())]
    if request["declaration"].get("event_date"):
        days.append(request["declaration"]["event_date"])
    on_the_day["declaration"]["declared_on"] = min(days)
    late = evaluate(parse(request))
    prompt = evaluate(parse(on_the_day))
    assert late.outcome is prompt.outcome
    assert late.route == prompt.route
    assert late.deadline == prompt.deadline
    assert not prompt.late


@QUICK_SETTINGS
@given(st.sampled_from(list(DeclarationType)).flatmap(declarations))
def test_money_is_kept_to_the_penny(declaration):
    facts = parse({"employer": "thurrock", "declaration": declaration})
    value = facts.declaration.value_gbp
    assert value >= 0 and value == value.quantize(Decimal("0.01"))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["ecc", "gift", "2026-02-30", "24.999", "NaN", "director", ""]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@QUICK_SETTINGS
@given(requests(), st.data())
def test_any_bad_value_is_a_facts_error_naming_its_field(request, data):
    """Replace one value anywhere in a valid request: parsing accepts it or says where."""
    request = json.loads(json.dumps(request))
    places = [("", None)] + [(name, None) for name in request]
    for part in ("officer", "declaration", "settings"):
        if isinstance(request.get(part), dict):
            places += [(part, name) for name in request[part]]
    part, name = data.draw(st.sampled_from(places))
    value = data.draw(json_values)
    if part == "":
        request = value
        expected_field = ""
    elif name is None:
        request[part] = value
        expected_field = part
    else:
        request[part][name] = value
        expected_field = f"{part}.{name}"
    try:
        facts = parse(request)
    except FactsError as error:
        assert error.as_json() == {"error": error.message, "field": error.field}
        json.dumps(error.as_json())
        if part == "":
            return  # a whole new request: any field may be at fault
        if name is None:  # a top-level value replaced
            assert error.field.split(".")[0] == part or (
                part == "employer" and error.field == "officer.seconded_to"
            ), (error.field, expected_field)
        elif name == "type":  # another type makes other fields foreign or missing
            assert error.field.startswith("declaration."), error.field
        else:
            assert error.field == expected_field, (error.field, expected_field)
    else:
        evaluate(facts).as_json()
