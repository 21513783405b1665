"""Typed facts (officer + declaration) parsed and validated from the contract's JSON.

Parsing is strict so that a typo never silently changes a verdict: an unknown field,
an unknown enum value, a wrong type, negative or over-precise money, an impossible
date or a value outside its range (money up to MAX_MONEY, hours 0 to 168, a spinal
column point 1 to 99, dates 1900 to 2100) raises FactsError naming the dotted path of
the offending field.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from .vocabulary import (
    DeclarationType,
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
from .vocabulary import Direction as GiftDirection

MAX_MONEY = Decimal("9999999999.99")  # the register's money columns (12 digits, 2 after)
MAX_HOURS = Decimal("168")  # the hours in a week
# A spinal column point: the NJC pay spine runs from point 1 (to 43 since April 2019)
# and employers' local scales for senior posts continue it into the 50s and 60s; 99
# leaves room for any local scale while refusing nonsense such as 10**30.
MIN_SPINAL_COLUMN_POINT = 1
MAX_SPINAL_COLUMN_POINT = 99
# Dates: 1900 is where the filing forms start too (no one now employed was offered a
# gift earlier); 2100 is far enough ahead for any event, and fixed, so a stored entry
# never falls outside the range as years pass. Keeps date arithmetic (deadlines) sane.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
PENNY = Decimal("0.01")
# The register's token limit where a code says "token value" without a figure
# (policy-contract.md, "settings"): the monitoring officer may change it.
DEFAULT_TOKEN_LIMIT_GBP = Decimal("25.00")
# A decimal string as the contract writes it ("24.99"): ASCII digits, an optional
# fraction, an optional leading minus (so that "-1" is refused as negative, not as
# gibberish). Decimal() alone would also take "1_000", "+25", " 25 ", "1e3" or
# non-ASCII digits.
DECIMAL_STRING = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# YYYY-MM-DD only: date.fromisoformat() also takes ISO week dates ("2026-W05-1").
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class FactsError(ValueError):
    """Bad input, with the dotted path of the field at fault ("" when unparseable)."""

    def __init__(self, message: str, field: str = "") -> None:
        if field and message:
            message = f"{field}: {message[0].lower()}{message[1:]}"
        super().__init__(message)
        self.message = message
        self.field = field

    def as_json(self) -> dict[str, str]:
        return {"error": self.message, "field": self.field}


@dataclass(frozen=True, slots=True)
class OfficerFacts:
    level: Level = Level.STAFF
    spinal_column_point: int | None = None
    seconded_to: Employer | None = None
    board_member: bool = False
    politically_restricted: bool = False
    procurement_or_regulatory_role: bool = False
    contracted_hours_per_week: Decimal = Decimal("37")

    def at_or_above(self, level: Level) -> bool:
        return self.level.rank >= level.rank


@dataclass(frozen=True, slots=True)
class RegisterSettings:
    """What the monitoring officer sets for an employer's register (contract, "settings")."""

    token_limit_gbp: Decimal = DEFAULT_TOKEN_LIMIT_GBP


DEFAULT_SETTINGS = RegisterSettings()


@dataclass(frozen=True, slots=True)
class DeclarationFacts:
    """One flat record for every type; fields of other types keep their defaults."""

    type: DeclarationType
    date: datetime.date
    declared_on: datetime.date
    # gift and hospitality: the day it is accepted, given or takes place (its `date` when
    # not given); a relationship: the day the contract or work begins (None: not known)
    event_date: datetime.date | None = None
    # gift (and, where the contract says so, hospitality)
    direction: GiftDirection = GiftDirection.RECEIVED
    offered_to: OfferedTo = OfferedTo.SELF
    form: GiftForm = GiftForm.ITEM
    token_item: bool = False
    value_gbp: Decimal = Decimal("0")
    donor_category: DonorCategory = DonorCategory.OTHER
    status: OfferStatus = OfferStatus.OFFERED
    on_behalf_of_employer: bool = False
    received_without_warning: bool = False
    refusal_would_offend: bool = False
    donor_has_pending_decision: bool = False
    sponsor: Sponsor = Sponsor.OUTSIDE_BODY
    # hospitality
    hospitality_kind: HospitalityKind = HospitalityKind.WORKING_MEAL
    corporate: bool = False
    represents_employer: bool = False
    overseas: bool = False
    # interest
    interest_kind: InterestKind | None = None
    held_by: HeldBy = HeldBy.SELF
    org_does_business_with_employer: bool = False
    pecuniary_interest_in_contract: bool = False
    involved_in_related_matter: bool = False
    could_conflict: bool = True
    change_to_existing: bool = False
    # outside work
    work_kind: WorkKind | None = None
    paid: bool = True
    hours_per_week: Decimal = Decimal("0")
    during_working_hours: bool = False
    uses_employer_resources: bool = False
    overlaps_normal_duties: bool = False
    conflicts_with_duties: bool = False
    during_sick_leave: bool = False
    during_leave_or_suspension_for_employer: bool = False
    for_service_user: bool = False  # also a disclosure's: an intervention for a service user
    private_gain_from_employment_work: bool = False
    political_activity: PoliticalActivity = PoliticalActivity.NONE
    # relationship
    with_whom: WithWhom | None = None
    nature: Nature | None = None
    professional_responsibility: bool = False
    existed_before_appointment: bool = False
    involved_in_decision: bool = False
    # disclosure
    disclosure_kind: DisclosureKind | None = None
    bail_conditions_affect_work: bool = True
    required_by_court: bool = False


@dataclass(frozen=True, slots=True)
class Facts:
    employer: Employer
    declaration: DeclarationFacts
    officer: OfficerFacts = field(default_factory=OfficerFacts)
    # The request's own settings, for every code it evaluates; without them each code
    # uses its employer's stored settings, and the defaults where none are stored.
    settings: RegisterSettings | None = None
    stored_settings: Mapping[Employer, RegisterSettings] = field(default_factory=dict)

    def settings_for(self, employer: Employer) -> RegisterSettings:
        if self.settings is not None:
            return self.settings
        return self.stored_settings.get(employer, DEFAULT_SETTINGS)

    def token_limit(self, employer: Employer) -> Decimal:
        """The figure below which an item is a token under `employer`'s code, where the
        code gives none of its own."""
        return self.settings_for(employer).token_limit_gbp


# --- which fields each type takes (policy-contract.md) ---------------------------

COMMON_FIELDS = ("type", "date", "declared_on")
GIFT_FIELDS = (
    "direction",
    "offered_to",
    "form",
    "token_item",
    "value_gbp",
    "donor_category",
    "status",
    "on_behalf_of_employer",
    "received_without_warning",
    "refusal_would_offend",
    "donor_has_pending_decision",
    "event_date",
    "sponsor",
)
HOSPITALITY_FIELDS = (
    "offered_to",
    "value_gbp",
    "donor_category",
    "status",
    "donor_has_pending_decision",
    "refusal_would_offend",
    "hospitality_kind",
    "corporate",
    "represents_employer",
    "overseas",
    "event_date",
)
INTEREST_FIELDS = (
    "interest_kind",
    "held_by",
    "org_does_business_with_employer",
    "pecuniary_interest_in_contract",
    "involved_in_related_matter",
    "could_conflict",
    "change_to_existing",
)
OUTSIDE_WORK_FIELDS = (
    "work_kind",
    "paid",
    "hours_per_week",
    "during_working_hours",
    "uses_employer_resources",
    "overlaps_normal_duties",
    "conflicts_with_duties",
    "during_sick_leave",
    "during_leave_or_suspension_for_employer",
    "for_service_user",
    "private_gain_from_employment_work",
    "political_activity",
)
RELATIONSHIP_FIELDS = (
    "with_whom",
    "nature",
    "professional_responsibility",
    "existed_before_appointment",
    "involved_in_decision",
    "event_date",
)
DISCLOSURE_FIELDS = (
    "disclosure_kind",
    "bail_conditions_affect_work",
    "required_by_court",
    "for_service_user",
)

FIELDS_BY_TYPE: dict[DeclarationType, tuple[str, ...]] = {
    DeclarationType.GIFT: GIFT_FIELDS,
    DeclarationType.HOSPITALITY: HOSPITALITY_FIELDS,
    DeclarationType.INTEREST: INTEREST_FIELDS,
    DeclarationType.OUTSIDE_WORK: OUTSIDE_WORK_FIELDS,
    DeclarationType.RELATIONSHIP: RELATIONSHIP_FIELDS,
    DeclarationType.DISCLOSURE: DISCLOSURE_FIELDS,
}
REQUIRED_BY_TYPE: dict[DeclarationType, tuple[str, ...]] = {
    DeclarationType.INTEREST: ("interest_kind",),
    DeclarationType.OUTSIDE_WORK: ("work_kind",),
    DeclarationType.RELATIONSHIP: ("with_whom", "nature"),
    DeclarationType.DISCLOSURE: ("disclosure_kind",),
}
# Types whose `event_date` is their `date` unless given (contract, "event_date").
EVENT_DATE_DEFAULTS_TO_DATE = frozenset({DeclarationType.GIFT, DeclarationType.HOSPITALITY})

ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "direction": GiftDirection,
    "offered_to": OfferedTo,
    "form": GiftForm,
    "donor_category": DonorCategory,
    "status": OfferStatus,
    "hospitality_kind": HospitalityKind,
    "interest_kind": InterestKind,
    "held_by": HeldBy,
    "work_kind": WorkKind,
    "political_activity": PoliticalActivity,
    "with_whom": WithWhom,
    "nature": Nature,
    "sponsor": Sponsor,
    "disclosure_kind": DisclosureKind,
}
MONEY_FIELDS = frozenset({"value_gbp"})
HOURS_FIELDS = frozenset({"hours_per_week", "contracted_hours_per_week"})
DATE_FIELDS = frozenset({"date", "declared_on", "event_date"})
NULLABLE_FIELDS = frozenset({"event_date"})
SETTINGS_FIELDS = tuple(f.name for f in fields(RegisterSettings))
OFFICER_FIELDS = tuple(f.name for f in fields(OfficerFacts))


# --- parsing ----------------------------------------------------------------------


def parse_request(
    data: Any,
    *,
    today: datetime.date | None = None,
    stored_settings: Mapping[Employer, RegisterSettings] | None = None,
) -> Facts:
    """Facts from a decoded JSON request; raises FactsError on anything not in the contract.

    `stored_settings` are each employer's register settings as the monitoring officer
    left them; a request's own `settings` override them for every code evaluated.
    """
    today = today or datetime.date.today()
    if not isinstance(data, dict):
        raise FactsError("The request must be a JSON object.", "")
    unknown = sorted(set(data) - {"employer", "officer", "declaration", "settings"})
    if unknown:
        raise FactsError(f"Unknown field '{unknown[0]}'.", unknown[0])
    if "employer" not in data:
        raise FactsError("The employer is required.", "employer")
    employer = parse_enum(data["employer"], Employer, "employer")
    officer = parse_officer(data.get("officer"), employer)
    if "declaration" not in data:
        raise FactsError("The declaration is required.", "declaration")
    declaration = parse_declaration(data["declaration"], today=today)
    settings = parse_settings(data["settings"]) if "settings" in data else None
    return Facts(
        employer=employer,
        officer=officer,
        declaration=declaration,
        settings=settings,
        stored_settings=stored_settings or {},
    )


def parse_settings(data: Any) -> RegisterSettings:
    if not isinstance(data, dict):
        raise FactsError("The settings must be a JSON object.", "settings")
    values: dict[str, Any] = {}
    for name, raw in data.items():
        path = f"settings.{name}"
        if name not in SETTINGS_FIELDS:
            raise FactsError(f"Unknown setting '{name}'.", path)
        values[name] = parse_token_limit(raw, path)
    return RegisterSettings(**values)


def parse_token_limit(raw: Any, path: str) -> Decimal:
    """A token limit: pounds and pence, more than nothing."""
    value = parse_money(raw, path)
    if value <= 0:
        raise FactsError("Must be more than 0 pounds.", path)
    return value


def parse_officer(data: Any, employer: Employer) -> OfficerFacts:
    if data is None:
        return OfficerFacts()
    if not isinstance(data, dict):
        raise FactsError("The officer must be a JSON object.", "officer")
    values: dict[str, Any] = {}
    for name, raw in data.items():
        path = f"officer.{name}"
        if name not in OFFICER_FIELDS:
            raise FactsError(f"Unknown officer field '{name}'.", path)
        if name == "level":
            values[name] = parse_enum(raw, Level, path)
        elif name == "spinal_column_point":
            values[name] = None if raw is None else parse_spinal_column_point(raw, path)
        elif name == "seconded_to":
            values[name] = None if raw is None else parse_enum(raw, Employer, path)
            if values[name] == employer:
                raise FactsError("An officer cannot be seconded to their own employer.", path)
        elif name == "contracted_hours_per_week":
            values[name] = parse_number(raw, path, maximum=MAX_HOURS, unit="hours")
        else:
            values[name] = parse_bool(raw, path)
    return OfficerFacts(**values)


def parse_declaration(data: Any, *, today: datetime.date) -> DeclarationFacts:
    if not isinstance(data, dict):
        raise FactsError("The declaration must be a JSON object.", "declaration")
    if "type" not in data:
        raise FactsError("The declaration type is required.", "declaration.type")
    kind = parse_enum(data["type"], DeclarationType, "declaration.type")
    allowed = FIELDS_BY_TYPE[kind]
    values: dict[str, Any] = {"type": kind, "date": today, "declared_on": today}
    for name, raw in data.items():
        path = f"declaration.{name}"
        if name == "type":
            continue
        if name not in allowed and name not in COMMON_FIELDS:
            raise FactsError(f"'{name}' is not a field of a {kind.value} declaration.", path)
        values[name] = parse_value(name, raw, path)
    for name in REQUIRED_BY_TYPE.get(kind, ()):
        if values.get(name) is None:
            raise FactsError(
                f"Is required for a declaration of type '{kind.value}'.", f"declaration.{name}"
            )
    if values.get("event_date") is None and kind in EVENT_DATE_DEFAULTS_TO_DATE:
        values["event_date"] = values["date"]
    return DeclarationFacts(**values)


def parse_value(name: str, raw: Any, path: str) -> Any:
    if raw is None and name in NULLABLE_FIELDS:
        return None
    if name in ENUM_FIELDS:
        return parse_enum(raw, ENUM_FIELDS[name], path)
    if name in MONEY_FIELDS:
        return parse_money(raw, path)
    if name in HOURS_FIELDS:
        return parse_number(raw, path, maximum=MAX_HOURS, unit="hours")
    if name in DATE_FIELDS:
        return parse_date(raw, path)
    return parse_bool(raw, path)


_MEMBERS: dict[type[StrEnum], dict[str, StrEnum]] = {}


def parse_enum(raw: Any, enum: type[StrEnum], path: str) -> Any:
    members = _MEMBERS.get(enum)
    if members is None:
        members = _MEMBERS[enum] = {member.value: member for member in enum}
    if isinstance(raw, str):
        member = members.get(raw)
        if member is not None:
            return member
    allowed = ", ".join(members)
    raise FactsError(f"{_as_json_text(raw)} is not one of: {allowed}.", path)


def _as_json_text(raw: Any) -> str:
    """How the offending value was written in the request (JSON, not Python's repr)."""
    try:
        text = json.dumps(raw)
    except (TypeError, ValueError):
        text = repr(raw)
    return text if len(text) <= 60 else f"{text[:57]}..."


def parse_bool(raw: Any, path: str) -> bool:
    if not isinstance(raw, bool):
        raise FactsError("Must be true or false.", path)
    return raw


def parse_whole_number(raw: Any, path: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | float):
        raise FactsError("Must be a whole number.", path)
    if isinstance(raw, float) and (not math.isfinite(raw) or not raw.is_integer()):
        raise FactsError("Must be a whole number.", path)
    if isinstance(raw, Decimal) and (not raw.is_finite() or raw != raw.to_integral_value()):
        raise FactsError("Must be a whole number.", path)
    if raw < 0:
        raise FactsError("Must not be negative.", path)
    return int(raw)


def parse_spinal_column_point(raw: Any, path: str) -> int:
    point = parse_whole_number(raw, path)
    if not MIN_SPINAL_COLUMN_POINT <= point <= MAX_SPINAL_COLUMN_POINT:
        raise FactsError(
            f"Must be a spinal column point from {MIN_SPINAL_COLUMN_POINT} to "
            f"{MAX_SPINAL_COLUMN_POINT}, or null.",
            path,
        )
    return point


def _to_decimal(raw: Any, path: str, unit: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        raise FactsError(f"Must be a number of {unit}.", path)
    if isinstance(raw, str) and not DECIMAL_STRING.fullmatch(raw):
        raise FactsError(f"Must be a number of {unit}, like 24.99.", path)
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    except InvalidOperation:  # pragma: no cover - every str/int/float/Decimal converts
        raise FactsError(f"Must be a number of {unit}, like 24.99.", path) from None
    if not value.is_finite():
        raise FactsError(f"Must be a number of {unit}.", path)
    return value.copy_abs() if value.is_zero() else value  # no "-0" in the register


def parse_money(raw: Any, path: str) -> Decimal:
    value = _to_decimal(raw, path, "pounds")
    if value < 0:
        raise FactsError("Must not be negative.", path)
    if value > MAX_MONEY:
        raise FactsError(f"Must be {MAX_MONEY} pounds or less.", path)
    pounds_and_pence = value.quantize(PENNY)
    if pounds_and_pence != value:  # 24.999; trailing zeros ("25.000") are fine
        raise FactsError("Must have no more than 2 decimal places (pounds and pence).", path)
    return pounds_and_pence


def parse_number(raw: Any, path: str, *, maximum: Decimal, unit: str) -> Decimal:
    value = _to_decimal(raw, path, unit)
    if value < 0:
        raise FactsError("Must not be negative.", path)
    if value > maximum:
        raise FactsError(f"Must be {maximum} {unit} or fewer.", path)
    return value


def parse_date(raw: Any, path: str) -> datetime.date:
    if not isinstance(raw, str):
        raise FactsError("Must be a date written YYYY-MM-DD.", path)
    try:
        if not ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        date = datetime.date.fromisoformat(raw)
    except ValueError:
        raise FactsError(
            f"{_as_json_text(raw)} is not a real date written YYYY-MM-DD.", path
        ) from None
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise FactsError(
            f"{_as_json_text(raw)} is outside the dates the register accepts: "
            f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}.",
            path,
        )
    return date
