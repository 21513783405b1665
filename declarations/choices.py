"""Django choices built from the policy vocabulary, so models and rules share names.

Labels are the plain-English words staff see; values are the contract's names.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models

from policies import vocabulary as v

# Plain-English labels where a value's words alone would read oddly on screen.
LABELS: dict[str, str] = {
    "essex-probation": "Essex Probation",
    "county-council": "The county council",
    "opcc": "Office of the Police and Crime Commissioner",
    "thurrock": "Thurrock Council",
    "ecc": "Essex County Council",
    "hr": "HR",
    "self": "Me",
    "no_action": "No action needed",
    "approval_required": "Needs approval",
    "prohibited": "Must be declined",
    "debt_to_employer": "Debt owed to the employer",
    "secret_society": "Membership of a body not open to the public",
}


def label(value: str) -> str:
    return LABELS.get(value, value.replace("_", " ").replace("-", " ").capitalize())


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, label(member.value)) for member in enum]


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


EMPLOYERS = choices(v.Employer)
LEVELS = choices(v.Level)
ROUTE_ROLES = choices(v.Role)
OUTCOMES = choices(v.Outcome)
DECLARATION_TYPES = choices(v.DeclarationType)


class OrganisationRole(models.TextChoices):
    """Roles an organisation appoints people to (RoleAssignment)."""

    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    CHIEF_OFFICER = "chief_officer", "Chief officer"
    MONITORING_OFFICER = "monitoring_officer", "Monitoring officer"
    BOARD_SECRETARY = "board_secretary", "Secretary to the Board"
    HR = "hr", "HR"
    LEGAL_ADVISER = "legal_adviser", "Legal adviser"


class Status(models.TextChoices):
    """Where a declaration stands in its workflow (declarations.workflow moves it)."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement", "Awaiting acknowledgement"
    RECORDED = "recorded", "Recorded"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ENDED = "ended", "Ended"
    SUPERSEDED = "superseded", "Replaced by a newer version"


class StepState(models.TextChoices):
    PENDING = "pending", "Waiting"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    CANCELLED = "cancelled", "Cancelled"
