"""Django choices built from the policy vocabulary, so models and rules share names.

Labels are the plain-English words staff see; values are the contract's names. The
words a model field's choices carry are declared here once (they are part of the
migrations' state); declarations.labels reads them from here and adds the other forms
(an outcome in the filer's words, a role addressed to the officer), so code asks
labels for any value's words.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models

from policies import vocabulary as v

# Plain-English labels where a value's words alone would read oddly on screen (the
# outcomes' words are in declarations.labels: no model field stores an outcome).
LABELS: dict[str, str] = {
    "essex-probation": "Essex Probation",
    "county-council": "The county council",
    "opcc": "Office of the Police and Crime Commissioner",
    "thurrock": "Thurrock Council",
    "ecc": "Essex County Council",
    "hr": "HR",
    "board_secretary": "Secretary to the Board",
    "self": "Me",
    "debt_to_employer": "Debt owed to the employer",
    "secret_society": "Membership of a body not open to the public",
    "returned_to_giver": "Returned to the giver",
    "handed_to_monitoring_officer": "Handed to the monitoring officer",
    "given_to_named_charity": "Given to the charity the code names",
    "given_to_charity": "Given to a charity",
    "kept_by_employer": "Kept by the employer",
    "shared_with_team": "Shared with the team",
    "paid_the_difference": "Paid the difference",
    "not_gone_ahead": "Not gone ahead, or stopped",
}


def label(value: str) -> str:
    """A field choice's words: the value's own, unless LABELS says otherwise."""
    return LABELS.get(value, value.replace("_", " ").replace("-", " ").capitalize())


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, label(member.value)) for member in enum]


def values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


EMPLOYERS = choices(v.Employer)
LEVELS = choices(v.Level)
ROUTE_ROLES = choices(v.Role)
DECLARATION_TYPES = choices(v.DeclarationType)
DISPOSITIONS = choices(v.Disposition)
OUTCOMES = choices(v.Outcome)


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


class Decision(models.TextChoices):
    """What an approver does with a step (declarations.approvals.decisions.decide)."""

    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"
    ACKNOWLEDGE = "acknowledge", "Acknowledge"


class EventAction(models.TextChoices):
    """What a DeclarationEvent records; the label is how the history page says it.

    The first group are workflow transitions (declarations.workflow.TRANSITIONS); the
    rest happen without a change of status (declarations.workflow.record_event).
    """

    SUBMIT = "submit", "Submitted"
    WITHDRAW = "withdraw", "Withdrawn"
    SEND_FOR_APPROVAL = "send_for_approval", "Sent for approval"
    SEND_FOR_ACKNOWLEDGEMENT = "send_for_acknowledgement", "Sent to be acknowledged"
    RECORD = "record", "Recorded"
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Rejected"
    END = "end", "Ended"
    SUPERSEDE = "supersede", "Replaced by a new version"

    CREATED = "created", "Started"
    EDITED = "edited", "Answers changed"
    AMENDMENT_STARTED = "amendment_started", "Amendment started"
    ROUTE_OPENED = "route_opened", "Route opened"
    STEPS_CANCELLED = "steps_cancelled", "Requests cancelled"
    CONFIRMED_DECLINED = "confirmed_declined", "Confirmed it was declined"
    DISPOSITION_RECORDED = "disposition_recorded", "Recorded what happened to it"
    DISPOSITION_REMINDER_SENT = "disposition_reminder_sent", "Reminded to record what happened"
    STEP_APPROVED = "step_approved", "Approved a step"
    STEP_REJECTED = "step_rejected", "Rejected a step"
    STEP_ACKNOWLEDGED = "step_acknowledged", "Acknowledged"
    STEP_DELEGATED = "step_delegated", "Passed to a delegate"
    INTEREST_REVIEWED = "interest_reviewed", "Reviewed"
    ANNUAL_CONFIRMATION = "annual_confirmation", "Annual confirmation"
    DEADLINE_REMINDER_SENT = "deadline_reminder_sent", "Deadline reminder sent"
    STEP_MOVED = "step_moved", "Passed to someone else"
    WITHHOLDING_ASKED = "withholding_asked", "Asked to keep it out of the published register"
    WITHHOLDING_GRANTED = "withholding_granted", "Kept out of the published register"
    WITHHOLDING_REFUSED = "withholding_refused", "To be published as usual"


class SecurityEventKind(models.TextChoices):
    """What a SecurityEvent records (the security log, OWASP ASVS V16)."""

    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out"
    SIGN_OUT = "sign_out", "Signed out"
    SIGN_IN_REFUSED = "sign_in_refused", "Sign-in refused"
    SESSION_EXPIRED = "session_expired", "Session expired"
    OTHER_SESSIONS_ENDED = "other_sessions_ended", "Signed out of other sessions"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
    PASSWORD_RESET = "password_reset", "Password reset"
    SECOND_FACTOR_ADDED = "second_factor_added", "Second factor set up"
    SECOND_FACTOR_REMOVED = "second_factor_removed", "Second factor removed"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Wrong second-factor code"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    RECOVERY_CODES_CREATED = "recovery_codes_created", "Recovery codes made"
    ACCESS_DENIED = "access_denied", "Access denied"
    REGISTER_EXPORTED = "register_exported", "Register exported"
    EXPORT_DOWNLOADED = "export_downloaded", "Register export downloaded"
    REGISTER_ENTRY_OPENED = "register_entry_opened", "Register entry opened"
    REGISTER_PUBLISHED = "register_published", "Register published"
    REGISTER_SETTING_CHANGED = "register_setting_changed", "Register setting changed"
    OFFICER_LEFT = "officer_left", "Officer left"
    SUBJECT_ACCESS_REQUESTED = "subject_access_requested", "Subject access copy asked for"
    SUBJECT_ACCESS_DOWNLOADED = "subject_access_downloaded", "Subject access copy downloaded"
    RETENTION_APPLIED = "retention_applied", "Entries deleted under the retention schedule"


class RegisterSetting(models.TextChoices):
    """The register's settings a monitoring officer may change (RegisterSettingChange)."""

    TOKEN_LIMIT_GBP = "token_limit_gbp", "Token limit"
    RETENTION_YEARS = "retention_years", "Retention period"
    PUBLICATION_DROP_MONTHS = "publication_drop_months", "Months an ended entry stays published"


class WithholdingState(models.TextChoices):
    """Where an officer's request to withhold an entry from publication stands."""

    ASKED = "asked", "Waiting for a decision"
    GRANTED = "granted", "Kept out of the published register"
    REFUSED = "refused", "Published as usual"


class ExportFormat(models.TextChoices):
    """The files a register export can be made as."""

    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class ExportState(models.TextChoices):
    """Where a background export has got to."""

    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being made"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"
