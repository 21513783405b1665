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
from declarations.choices import Status
from policies.facts import FIELDS_BY_TYPE, RegisterSettings
from policies.vocabulary import DeclarationType, Employer

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
        if value == "" or value is None:  # a blank choice or date: the contract's default
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
    return policies.parse_request(
        request_for(declaration), stored_settings=settings_for(declaration)
    )


def settings_for(declaration: Declaration) -> dict[Employer, RegisterSettings]:
    """The register settings a declaration is judged with: those recorded with its verdict
    when it was submitted (what was true then), otherwise (a draft, or a verdict recorded
    before settings were) its officer's organisation's and host's as they are now."""
    recorded = (declaration.verdict or {}).get(SETTINGS)
    if isinstance(recorded, dict) and declaration.status != Status.DRAFT:
        return {
            Employer(code): RegisterSettings(
                token_limit_gbp=Decimal(str(values["token_limit_gbp"]))
            )
            for code, values in recorded.items()
            if code in Employer._value2member_map_
        }
    return officers_register_settings(declaration.officer)


def officers_register_settings(officer: Officer) -> dict[Employer, RegisterSettings]:
    """The settings now in force for the codes the officer files under: their
    organisation's, and their host's while seconded."""
    organisations = [officer.organisation]
    if officer.seconded_to is not None:
        organisations.append(officer.seconded_to)
    return {Employer(o.code): o.register_settings() for o in organisations}


def stored_register_settings() -> dict[Employer, RegisterSettings]:
    """Every organisation's register settings, as its monitoring officer left them (the
    policy-check command and API judge a request with these unless it brings its own)."""
    from django.db import DatabaseError

    from declarations.models import Organisation  # imported late: models import this layer

    try:
        stored = list(Organisation.objects.values_list("code", "token_limit_gbp"))
    except DatabaseError:  # no register database (yet): nothing is stored, defaults apply
        return {}
    return {
        Employer(code): policies.RegisterSettings(token_limit_gbp=limit)
        for code, limit in stored
        if code in Employer._value2member_map_
    }


# The keys of a stored verdict under which are kept the token limits its token tests
# applied, {"opcc": "25.00"} (policies.Verdict.token_limits: shown with the entry), and
# every evaluated code's settings, {"opcc": {"token_limit_gbp": "25.00"}}: what the
# declaration is judged with again later (routing), whichever rules fired.
TOKEN_LIMITS = "token_limits"
SETTINGS = "settings"


def verdict_record(verdict: policies.Verdict, facts: policies.Facts) -> dict[str, Any]:
    """The verdict as a declaration stores it: the contract's JSON, with the token limits
    the codes applied and the settings each code was evaluated with."""
    return {
        **verdict.as_json(),
        TOKEN_LIMITS: {str(code): format(limit, "f") for code, limit in verdict.token_limits},
        SETTINGS: {
            str(code): {"token_limit_gbp": format(facts.token_limit(code), "f")}
            for code in verdict.codes_applied
        },
    }


def parse_json_request(
    body: str | bytes, *, stored_settings: dict[Employer, RegisterSettings] | None = None
) -> policies.Facts:
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
    return policies.parse_request(data, stored_settings=stored_settings)


def _refuse_constant(name: str) -> Any:
    """Python's json reads NaN and Infinity; JSON has no such numbers."""
    raise policies.FactsError(f"The request is not valid JSON: {name} is not a number.", "")


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")  # "24.99", never "2.499E+1", which the contract refuses
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
