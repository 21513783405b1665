"""The words for every value the register stores or shows: one mapping per enum.

Staff never see the contract's internal names (``approval_required``, ``line_manager``,
``send_for_acknowledgement``). Code and templates ask this module for a value's words
(the accessors take the enum or its string value), so a page, a CSV column, an email and
the history all say the same thing. tests/declarations/test_labels.py checks that every
value of each enum has exactly one label here.

Where the words belong to a model field's choices (statuses, step states, event actions,
employers, levels, roles, declaration types), they are declared once with the choices
in declarations.choices and read from there. A value with a second form has a second,
named mapping: a role addressed to the officer filing ("your line manager") beside its
name ("Line manager"), an outcome refined by what is declared ("Must be declined" for a
gift), an employer as running text names it ("the county council"). An outcome has one
set of words, here: the panel, the queue and the history all read them (`outcome`, and
`outcome_sentence` for a note, "The code says this must be declined."). GOV.UK tag
colours are presentation, so they live here too, not in the services.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

import policies
from declarations import choices as c
from policies import vocabulary as v

if TYPE_CHECKING:
    from declarations.models import Officer

E = TypeVar("E", bound=StrEnum)


def _from_field_choices(enum: type[E], options: list[tuple[str, str]]) -> dict[E, str]:
    return {enum(value): words for value, words in options}


# --- from the model fields' choices --------------------------------------------------

EMPLOYER: dict[v.Employer, str] = _from_field_choices(v.Employer, c.EMPLOYERS)
LEVEL: dict[v.Level, str] = _from_field_choices(v.Level, c.LEVELS)
DECLARATION_TYPE: dict[v.DeclarationType, str] = _from_field_choices(
    v.DeclarationType, c.DECLARATION_TYPES
)
# A role named, as a register, a route or an email names it: "Line manager".
ROLE: dict[v.Role, str] = _from_field_choices(v.Role, c.ROUTE_ROLES)
STATUS: dict[c.Status, str] = {member: member.label for member in c.Status}
STEP_STATE: dict[c.StepState, str] = {member: member.label for member in c.StepState}
DECISION: dict[c.Decision, str] = {member: member.label for member in c.Decision}
# What happened to a declined gift or a stopped activity, in general words; an
# employer's own words for its options are in its duties (policies, `dispositions`).
DISPOSITION: dict[v.Disposition, str] = _from_field_choices(v.Disposition, c.DISPOSITIONS)
# How the history page says each event.
EVENT_ACTION: dict[c.EventAction, str] = {member: member.label for member in c.EventAction}

# --- words of their own --------------------------------------------------------------

# An employer in the middle of a sentence: "checked against the code of the county
# council" (EMPLOYER names it on its own: "The county council").
EMPLOYER_IN_TEXT: dict[v.Employer, str] = {
    v.Employer.ESSEX_PROBATION: "Essex Probation",
    v.Employer.COUNTY_COUNCIL: "the county council",
    v.Employer.OPCC: "the Office of the Police and Crime Commissioner",
    v.Employer.THURROCK: "Thurrock Council",
    v.Employer.ECC: "Essex County Council",
}

# A role addressed to the officer filing: "your line manager", "the monitoring officer".
ROLE_ADDRESSED: dict[v.Role, str] = {
    v.Role.LINE_MANAGER: "your line manager",
    v.Role.HEAD_OF_SERVICE: "your head of service",
    v.Role.ASSISTANT_DIRECTOR: "your assistant director",
    v.Role.DIRECTOR: "your director",
    v.Role.CHIEF_OFFICER: "your chief officer",
    v.Role.CHIEF_EXECUTIVE: "the chief executive",
    v.Role.HR: "HR",
    v.Role.LEGAL_ADVISER: "the legal adviser",
    v.Role.MONITORING_OFFICER: "the monitoring officer",
    v.Role.BOARD_SECRETARY: "the Secretary to the Board",
}

# What an outcome asks, in words that fit every type of declaration: the one set of words
# for an outcome, on the panel, in the queue and (as a sentence) in the history.
OUTCOME: dict[v.Outcome, str] = {
    v.Outcome.PROHIBITED: "Must be declined or must not go ahead",
    v.Outcome.APPROVAL_REQUIRED: "Needs approval",
    v.Outcome.DECLARE: "Must be declared",
    v.Outcome.NO_ACTION: "No action needed",
}
# Sharper words where the type is known: a gift is declined, work does not go ahead.
OUTCOME_BY_TYPE: dict[tuple[v.Outcome, v.DeclarationType], str] = {
    (v.Outcome.APPROVAL_REQUIRED, v.DeclarationType.GIFT): "Needs approval before you accept",
    (
        v.Outcome.APPROVAL_REQUIRED,
        v.DeclarationType.HOSPITALITY,
    ): "Needs approval before you accept",
    (
        v.Outcome.APPROVAL_REQUIRED,
        v.DeclarationType.OUTSIDE_WORK,
    ): "Needs approval before you start",
    (v.Outcome.PROHIBITED, v.DeclarationType.GIFT): "Must be declined",
    (v.Outcome.PROHIBITED, v.DeclarationType.HOSPITALITY): "Must be declined",
    (v.Outcome.PROHIBITED, v.DeclarationType.OUTSIDE_WORK): "Must not go ahead",
    (v.Outcome.PROHIBITED, v.DeclarationType.INTEREST): "Not allowed",
    (v.Outcome.PROHIBITED, v.DeclarationType.RELATIONSHIP): "Not allowed",
    # A disclosure tells of an approach to refuse, a witness statement or a prison visit
    # not to make, or travel to be approved first.
    (
        v.Outcome.APPROVAL_REQUIRED,
        v.DeclarationType.DISCLOSURE,
    ): "Needs approval before it goes ahead",
    (v.Outcome.PROHIBITED, v.DeclarationType.DISCLOSURE): "Not allowed",
}

FLAG: dict[v.Flag, str] = {
    v.Flag.TIMING_SENSITIVE: (
        "Take care over timing: the giver has a decision pending with your employer."
    ),
    v.Flag.HOURS_EXCEED_48: (
        "With your contracted hours this comes to more than 48 hours a week on average."
    ),
    v.Flag.WITHDRAW_FROM_DECISION: "Do not take part in any decision that this affects.",
    v.Flag.REDIRECT_TO_CHARITY: (
        "Suggest the giver makes a goodwill gesture to the charity your employer names instead."
    ),
    v.Flag.RECORD_ON_CONTACT_LOG: "Record the offer on the contact log.",
    v.Flag.REPORT_IF_BEQUEST_MADE: "Tell your employer if a bequest is made to you.",
    v.Flag.NO_DIRECT_SUPERVISION: "You must not directly supervise this person.",
    v.Flag.RETURN_OR_HAND_OVER: "You may need to return the gift or hand it over.",
    v.Flag.ANNUAL_REVIEW: "This entry is reviewed every year: keep it up to date.",
}

# --- GOV.UK tag colours --------------------------------------------------------------

NO_TAG = "govuk-tag--grey"
OUTCOME_TAG: dict[v.Outcome, str] = {
    v.Outcome.NO_ACTION: "govuk-tag--green",
    v.Outcome.DECLARE: "govuk-tag--blue",
    v.Outcome.APPROVAL_REQUIRED: "govuk-tag--yellow",
    v.Outcome.PROHIBITED: "govuk-tag--red",
}
STATUS_TAG: dict[c.Status, str] = {
    c.Status.DRAFT: "govuk-tag--grey",
    c.Status.SUBMITTED: "govuk-tag--blue",
    c.Status.AWAITING_APPROVAL: "govuk-tag--yellow",
    c.Status.AWAITING_ACKNOWLEDGEMENT: "govuk-tag--yellow",
    c.Status.APPROVED: "govuk-tag--green",
    c.Status.REJECTED: "govuk-tag--red",
    c.Status.RECORDED: "govuk-tag--green",
    c.Status.WITHDRAWN: "govuk-tag--grey",
    c.Status.ENDED: "govuk-tag--grey",
    c.Status.SUPERSEDED: "govuk-tag--grey",
}
STEP_TAG: dict[c.StepState, str] = {
    c.StepState.PENDING: "govuk-tag--yellow",
    c.StepState.APPROVED: "govuk-tag--green",
    c.StepState.ACKNOWLEDGED: "govuk-tag--green",
    c.StepState.REJECTED: "govuk-tag--red",
    c.StepState.CANCELLED: "govuk-tag--grey",
}

# Every enum and its mappings, for the test that each value has exactly one label. (Mapping
# is invariant in its key, so a mapping keyed by one enum is typed Mapping[Any, str] here.)
MAPPINGS: dict[type[StrEnum], tuple[Mapping[Any, str], ...]] = {
    v.Employer: (EMPLOYER, EMPLOYER_IN_TEXT),
    v.Level: (LEVEL,),
    v.DeclarationType: (DECLARATION_TYPE,),
    v.Role: (ROLE, ROLE_ADDRESSED),
    v.Outcome: (OUTCOME, OUTCOME_TAG),
    v.Flag: (FLAG,),
    v.Disposition: (DISPOSITION,),
    c.Status: (STATUS, STATUS_TAG),
    c.StepState: (STEP_STATE, STEP_TAG),
    c.Decision: (DECISION,),
    c.EventAction: (EVENT_ACTION,),
}


# --- accessors: each takes the enum or its string value -------------------------------


def _words(mapping: Mapping[E, str], enum: type[E], value: str | None) -> str:
    """The value's words; "" for no value; a value the enum does not know (say in an old
    verdict's JSON) is shown as its own words rather than failing the page."""
    if value is None or value == "":
        return ""
    try:
        return mapping[enum(value)]
    except ValueError:
        return c.label(str(value))


def employer(value: v.Employer | str | None) -> str:
    """ "The county council": an employer named on its own (a heading, a column)."""
    return _words(EMPLOYER, v.Employer, value)


def employer_in_text(value: v.Employer | str | None) -> str:
    """ "the county council", "Thurrock Council": an employer inside a sentence."""
    return _words(EMPLOYER_IN_TEXT, v.Employer, value)


def level(value: v.Level | str | None) -> str:
    return _words(LEVEL, v.Level, value)


def declaration_type(value: v.DeclarationType | str | None) -> str:
    return _words(DECLARATION_TYPE, v.DeclarationType, value)


def role(value: v.Role | str | None) -> str:
    """ "Line manager", "Secretary to the Board": a role as a register or route names it."""
    return _words(ROLE, v.Role, value)


def in_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return " and ".join(filter(None, [", ".join(items[:-1]), *items[-1:]]))


def officer_name(officer: Officer | None) -> str:
    """ "Sam Officer", or "Sam Officer (former officer)" once they have left (inactive:
    people.leavers), as the register, its entries, exports' names and the approvals
    pages name an officer, from the officer already joined to the row. The published
    register is the public's and names officers as it always has."""
    if officer is None:
        return ""
    return officer.full_name if officer.active else f"{officer.full_name} (former officer)"


def how_many(count: int, unit: str) -> str:
    """ "1 day", "1,366 days", "6 years": a count of something, as every page writes it."""
    return f"{count:,} {unit}" if count == 1 else f"{count:,} {unit}s"


def in_sentence(words: str) -> str:
    """Words continuing a sentence: "Given to ..." -> "given to ...", but "HR" and "I have
    ..." as they are."""
    if words[1:2].isupper() or words.startswith("I "):
        return words
    return words[:1].lower() + words[1:]


def role_in_text(value: v.Role | str | None) -> str:
    """ "line manager", "HR": a role's words inside a sentence."""
    return in_sentence(role(value))


def role_addressed(value: v.Role | str | None) -> str:
    """ "your line manager", "the monitoring officer": a role as the officer filing reads it."""
    return _words(ROLE_ADDRESSED, v.Role, value)


def outcome(
    value: v.Outcome | str | None, declaration_type: v.DeclarationType | str | None = None
) -> str:
    """What the outcome asks; sharper when the type of declaration is given."""
    words = _words(OUTCOME, v.Outcome, value)
    if words and value and declaration_type:
        try:
            key = (v.Outcome(value), v.DeclarationType(declaration_type))
        except ValueError:
            return words
        return OUTCOME_BY_TYPE.get(key, words)
    return words


def outcome_in_text(
    value: v.Outcome | str | None, declaration_type: v.DeclarationType | str | None = None
) -> str:
    """The outcome's own words (`outcome`) as they read after "this": "must be declined",
    "needs approval before you accept", "is not allowed", "needs no action"."""
    words = outcome(value, declaration_type)
    if not words:
        return ""
    if value == v.Outcome.NO_ACTION:
        return "needs no action"
    lowered = in_sentence(words)
    return lowered if lowered.startswith(("must ", "needs ")) else f"is {lowered}"


def outcome_sentence(
    value: v.Outcome | str | None, declaration_type: v.DeclarationType | str | None = None
) -> str:
    """The outcome as a sentence for a history note: "The code says this must be declined."
    ("" for no outcome)."""
    words = outcome_in_text(value, declaration_type)
    return f"The code says this {words}." if words else ""


def disposition(value: v.Disposition | str | None) -> str:
    """ "Returned to the giver": what happened, in general words (an employer's own words
    for its options are in its duties)."""
    return _words(DISPOSITION, v.Disposition, value)


def disposition_words(value: str, code: str = "", declaration_type: str = "") -> str:
    """What happened, as a register, an approver and an export say it: the employer's
    own words for the option the officer chose (the county council's "Refused", 10.2;
    Thurrock's "Given to the Mayor's Charity Fund", 14.5), the general words where its
    code has none or words only the officer can say ("I have not gone ahead..."). A
    value no longer offered is shown as stored."""
    try:
        disposition = v.Disposition(value)
    except ValueError:
        return value
    options: tuple[Any, ...] = ()
    if code:
        try:
            options = policies.duties_for(code).dispositions_for(declaration_type)
        except ValueError:  # an organisation with no code in the contract
            options = ()
    own = next((o.words for o in options if o.disposition is disposition), "")
    if own and not own.startswith("I "):
        return own
    return DISPOSITION[disposition]


def flag(value: v.Flag | str | None) -> str:
    return _words(FLAG, v.Flag, value)


def status(value: c.Status | str | None) -> str:
    return _words(STATUS, c.Status, value)


def step_state(value: c.StepState | str | None) -> str:
    return _words(STEP_STATE, c.StepState, value)


def decision(value: c.Decision | str | None) -> str:
    return _words(DECISION, c.Decision, value)


def action(value: c.EventAction | str | None) -> str:
    """How the history says an event: "Submitted", "Sent to be acknowledged"."""
    return _words(EVENT_ACTION, c.EventAction, value)


def outcome_tag(value: v.Outcome | str | None) -> str:
    return _tag(OUTCOME_TAG, v.Outcome, value)


def status_tag(value: c.Status | str | None) -> str:
    return _tag(STATUS_TAG, c.Status, value)


def step_tag(value: c.StepState | str | None) -> str:
    return _tag(STEP_TAG, c.StepState, value)


def _tag(mapping: Mapping[E, str], enum: type[E], value: str | None) -> str:
    if value is None:
        return NO_TAG
    try:
        return mapping[enum(value)]
    except ValueError:
        return NO_TAG


def choices_of(mapping: Mapping[E, str]) -> list[tuple[str, str]]:
    """(value, words) pairs in the enum's order, for a form's choices."""
    return [(str(member.value), words) for member, words in mapping.items()]


def long_date(date: datetime.date) -> str:
    """27 March 2026, the GOV.UK style, wherever the register writes a date in words."""
    return f"{date.day} {date:%B %Y}"
