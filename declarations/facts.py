"""Where the register meets the policy contract.

`request_for` is the one place a Declaration (with its officer and detail model)
becomes the contract's JSON request, and `facts_for` passes that through
`policies.parse_request`, so a declaration filed on the web, JSON sent to the API
and JSON piped to `manage.py policy_check` all go through the same parser and mean
the same thing. `parse_json_request` is the shared front door for raw JSON text.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import policies
from policies.facts import FIELDS_BY_TYPE
from policies.vocabulary import DeclarationType

if TYPE_CHECKING:
    from declarations.models import Declaration, Officer


def request_for(declaration: Declaration) -> dict[str, Any]:
    """The contract's JSON request for `declaration` (decimals as strings, dates ISO).

    Only the fields the contract lists for the declaration's type are sent, so a gift
    row's blank `hospitality_kind` never reaches the parser. A declaration whose
    details have not been filled in is refused rather than judged on defaults.
    """
    kind = DeclarationType(declaration.type)
    detail = declaration.detail
    if detail is None:
        raise policies.FactsError(
            f"The {kind.value.replace('_', ' ')} details have not been filled in.",
            "declaration",
        )
    facts: dict[str, Any] = {
        "type": kind.value,
        "date": declaration.date.isoformat(),
        "declared_on": declaration.declared_on.isoformat(),
    }
    for name in FIELDS_BY_TYPE[kind]:
        value = getattr(detail, name)
        if value == "":  # a blank choice: the contract's default applies
            continue
        facts[name] = _json_value(value)
    return {
        "employer": declaration.organisation.code,
        "officer": officer_request(declaration.officer),
        "declaration": facts,
    }


def officer_request(officer: Officer) -> dict[str, Any]:
    """The contract's `officer` object for an Officer."""
    return {
        "level": officer.level,
        "spinal_column_point": officer.spinal_column_point,
        "seconded_to": officer.seconded_to.code if officer.seconded_to is not None else None,
        "board_member": officer.board_member,
        "politically_restricted": officer.politically_restricted,
        "procurement_or_regulatory_role": officer.procurement_or_regulatory_role,
        "contracted_hours_per_week": _json_value(officer.contracted_hours_per_week),
    }


def facts_for(declaration: Declaration) -> policies.Facts:
    """The policy facts of a declaration; FactsError if the stored data breaks the contract."""
    return policies.parse_request(request_for(declaration))


def parse_json_request(body: str | bytes) -> policies.Facts:
    """Facts from raw JSON text (the CLI's stdin, the API's body); FactsError if bad.

    Numbers are read as Decimal so money keeps its exact pence, and anything that is
    not strict JSON (NaN, Infinity, a number too long to read, nesting too deep to
    parse, text that is not UTF-8) is refused with the field "".
    """
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise policies.FactsError("The request is not UTF-8 text.", "") from None
    if not body.strip():
        raise policies.FactsError("The request is empty: send one JSON object.", "")
    try:
        data = json.loads(body, parse_float=Decimal, parse_constant=_refuse_constant)
    except policies.FactsError:
        raise
    except json.JSONDecodeError as error:
        raise policies.FactsError(
            f"The request is not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno}).",
            "",
        ) from None
    except (ValueError, RecursionError):
        raise policies.FactsError("The request is not valid JSON.", "") from None
    return policies.parse_request(data)


def _refuse_constant(name: str) -> Any:
    """Python's json reads NaN and Infinity; JSON has no such numbers."""
    raise policies.FactsError(f"The request is not valid JSON: {name} is not a number.", "")


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")  # "24.99", never "2.499E+1", which the contract refuses
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
