"""Import officers (and their sign-in accounts) from a CSV file, all or nothing.

The whole file is checked before anything is written, so HR gets every problem in one
go rather than fixing a file one error at a time, and a bad file never half-imports.
Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row
is row 2, and blank lines still count.

The line-management graph is checked once for the whole file, in memory: the file's
links over the register's (read in one query for the file's employers), every loop
found in one pass. The writes then take a fixed number of queries for new officers
(bulk inserts, one bulk update of line managers) and one per changed existing officer,
never a walk up a chain per row: a 500-deep chain imports in a few dozen queries.

Two optional columns say who has left: `leaving_date` (a date, 2026-11-30 or 30/11/2026;
empty clears a leaving date still to come) and `active` (yes, y, true or 1; no, n, false
or 0; any case; empty says nothing). "no" without a date means they leave today; "no"
with a date still to come is refused (they stay active until it comes, as in the
admin). Someone who has left keeps the leaving date that was applied. Once the file is
written, leaving dates that have come are
applied (people.leavers: sign-in stops, waiting steps pass on, interests and outside
work end), and the waiting steps of officers whose line manager changed, and of everyone
below them, go to whoever their routes name now (approvals.move_steps_after_line_management).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Model, Q
from django.db.models.functions import Lower

from declarations import clock, date_input
from declarations.models import Officer, Organisation
from declarations.people import hierarchy, leavers
from policies import vocabulary as v
from policies.facts import MAX_SPINAL_COLUMN_POINT, MIN_SPINAL_COLUMN_POINT

COLUMNS: tuple[str, ...] = (
    "staff_number",
    "first_name",
    "last_name",
    "email",
    "organisation",
    "job_title",
    "department",
    "level",
    "spinal_column_point",
    "line_manager_staff_number",
    "flags",
    "leaving_date",
    "active",
)
REQUIRED_COLUMNS: tuple[str, ...] = (
    "staff_number",
    "first_name",
    "last_name",
    "email",
    "organisation",
    "level",
)
FLAGS: tuple[str, ...] = (
    "board_member",
    "politically_restricted",
    "procurement_or_regulatory_role",
)
YES: frozenset[str] = frozenset({"yes", "y", "true", "1"})
NO: frozenset[str] = frozenset({"no", "n", "false", "0"})
EMPLOYER_CODES: tuple[str, ...] = tuple(employer.value for employer in v.Employer)
LEVELS: tuple[str, ...] = tuple(level.value for level in v.Level)


def _max_length(model: type[Model], name: str) -> int:
    """A text column's limit; every column checked here has one (a CharField)."""
    length = getattr(model._meta.get_field(name), "max_length", None)
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{name} has no max_length to check against")
    return length


# Checked here so that a long value is a reported problem, not a database error mid-import.
MAX_LENGTHS: dict[str, int] = {
    "staff_number": _max_length(Officer, "staff_number"),
    "first_name": _max_length(get_user_model(), "first_name"),
    "last_name": _max_length(get_user_model(), "last_name"),
    "email": _max_length(get_user_model(), "username"),  # it becomes the username
    "job_title": _max_length(Officer, "job_title"),
    "department": _max_length(Officer, "department"),
}
FLAG_SEPARATORS = re.compile(r"[;|,\s]+")

# PostgreSQL cannot store a NUL character in text (SQLite would, silently): refused
# with the row and column, before anything reaches the database.
NUL = "\x00"
NUL_MESSAGE = "contains a NUL character"
LONGEST_LOOP_SHOWN = 20  # staff numbers named in a loop's message before "..."

Key = tuple[str, str]  # (organisation code, staff number): how the file names an officer
Node = int | Key  # an existing officer's pk, or the key of an officer the file creates


class ImportFileError(Exception):
    """The file cannot be read as a UTF-8 CSV at all (missing, unreadable, wrong encoding)."""


class ImportRejected(Exception):
    """The file was read but has problems; nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) found")
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, field {self.field}: {self.message}"


@dataclass
class OfficerRow:
    """One data row, cleaned. None means the column is absent: leave that field alone."""

    row: int
    staff_number: str
    first_name: str
    last_name: str
    email: str
    organisation: str
    level: str
    job_title: str | None = None
    department: str | None = None
    spinal_column_point: int | None = None
    spinal_column_point_given: bool = False
    line_manager_staff_number: str | None = None
    flags: frozenset[str] | None = None
    left_on: datetime.date | None = None
    left_on_given: bool = False  # the file has a leaving_date column
    active: bool | None = None  # None: not said

    @property
    def key(self) -> Key:
        return (self.organisation, self.staff_number)


@dataclass
class RowOutcome:
    row: int
    staff_number: str
    action: str  # "created", "updated" or "unchanged"


@dataclass
class ImportResult:
    outcomes: list[RowOutcome] = field(default_factory=list)
    dry_run: bool = False
    # Leaving dates the file sets or clears (applied after the writes, people.leavers),
    # and the officers whose line manager the file changed.
    leaving: list[tuple[Officer, datetime.date | None]] = field(default_factory=list)
    line_managers_changed: list[int] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # staff numbers of those who left now
    steps_moved: int = 0

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def summary(self) -> str:
        text = (
            f"created {self.count('created')}, updated {self.count('updated')}, "
            f"unchanged {self.count('unchanged')}"
        )
        if self.left:
            text += f"; {len(self.left)} left"
        if self.steps_moved:
            text += (
                f"; {self.steps_moved} waiting step{'s' if self.steps_moved != 1 else ''} passed on"
            )
        return f"{text} (dry run: nothing saved)" if self.dry_run else text


@dataclass
class _Plan:
    """What one row will do: the existing officer and user it updates, if any."""

    row: OfficerRow
    organisation: Organisation
    officer: Officer | None
    user: Any  # the AUTH_USER_MODEL instance to update, or None to create one
    # The line manager the file names, once checked: an officer already in the register
    # (their id) or one this file creates (their key); None for none or not given.
    manager: Node | None = None


@dataclass
class _Graph:
    """Line management held in memory: each node's line manager, and how to name them."""

    nodes: dict[Key, Node] = field(default_factory=dict)  # how the file names an officer
    labels: dict[Node, str] = field(default_factory=dict)  # their staff number
    managers: dict[Node, Node | None] = field(default_factory=dict)


def import_officers(path: Path, *, dry_run: bool = False) -> ImportResult:
    """Check the whole file, then create or update every officer in one transaction.

    Raises ImportFileError if the file cannot be read and ImportRejected (listing every
    problem) if any row is bad; in both cases nothing is saved. A dry run does all the
    work inside the transaction and then rolls it back, so it reports exactly what a
    real run would do.
    """
    header, records = read_csv(path)
    header_problems = check_header(header)
    if header_problems:
        raise ImportRejected(header_problems)
    with transaction.atomic():
        plans, problems = validate(header, records)
        if problems:
            raise ImportRejected(problems)
        result = apply(plans)
        problems = check_written_line_managers(plans)
        if problems:  # only someone else's change made while this ran can get here
            raise ImportRejected(problems)
        leave_and_move(result)
        result.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return result


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header names (trimmed, lower case) and the non-blank rows with their row numbers.

    "utf-8-sig" drops the byte order mark Excel puts at the start of "CSV UTF-8" files.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a CSV file.") from None
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{path} is not UTF-8 text (unexpected byte at position {error.start}). "
            'Save it as "CSV UTF-8" and try again.'
        ) from None
    except OSError as error:
        raise ImportFileError(f"{path} cannot be read: {error.strerror or error}.") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(f"{path} is not a readable CSV file: {error}.") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportFileError(
            f"{path} is empty: the first row must name the columns ({', '.join(COLUMNS)})."
        )
    header = [cell.strip().lower() for cell in rows[0]]
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        values = [cell.strip() for cell in cells]
        if not any(values):
            continue  # a blank line, or a spreadsheet row with nothing in it
        record = {name: values[i] if i < len(values) else "" for i, name in enumerate(header)}
        extra = [value for value in values[len(header) :] if value]
        if extra:
            record[""] = ", ".join(extra)  # reported by validate(): more values than columns
        records.append((number, record))
    return header, records


def check_header(header: list[str]) -> list[Problem]:
    """Missing, unknown and repeated columns; any of these makes the rows meaningless."""
    problems = [
        Problem(1, name, "missing column") for name in REQUIRED_COLUMNS if name not in header
    ]
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name:
            continue  # a trailing comma in the header row; values under it are reported
        if NUL in name:
            problems.append(Problem(1, f"(column {position})", NUL_MESSAGE))
        elif name not in COLUMNS:
            problems.append(
                Problem(1, name, f"unknown column '{name}' (the columns are {', '.join(COLUMNS)})")
            )
        elif name in seen:
            problems.append(Problem(1, name, f"column '{name}' appears more than once"))
        seen.add(name)
    return problems


def validate(
    header: list[str], records: list[tuple[int, dict[str, str]]]
) -> tuple[list[_Plan], list[Problem]]:
    """Check every row against the vocabulary, the file's other rows and the database."""
    records, problems = _without_nul(records)
    organisations = {org.code: org for org in Organisation.objects.all()}
    rows: list[OfficerRow] = []
    problems += _check_duplicates(records)
    for number, record in records:
        row, row_problems = clean_row(number, record, set(header), organisations)
        problems += row_problems
        if row is not None:
            rows.append(row)
    plans, match_problems = _match_existing(rows, organisations)
    problems += match_problems
    problems += _check_line_managers(plans, records, organisations)
    return plans, sorted(set(problems), key=lambda p: (p.row, _field_order(p.field), p.message))


def clean_row(
    number: int,
    record: dict[str, str],
    columns: set[str],
    organisations: dict[str, Organisation],
) -> tuple[OfficerRow | None, list[Problem]]:
    """One row's values, normalised, and what is wrong with them taken one by one."""
    problems: list[Problem] = []

    def problem(name: str, message: str) -> None:
        problems.append(Problem(number, name, message))

    if record.get(""):
        problem("(none)", f"more values than there are columns: {record['']}")
    for name in REQUIRED_COLUMNS:
        if not record.get(name):
            problem(name, f"{name.replace('_', ' ')} is required")
    for name, limit in MAX_LENGTHS.items():
        value = record.get(name) or ""
        if len(value) > limit:
            problem(
                name, f"'{value[:20]}...' is too long ({len(value)} characters, at most {limit})"
            )

    email = record.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problem("email", f"'{email}' is not a valid email address")

    code = record.get("organisation", "").lower()
    if code and code not in EMPLOYER_CODES:
        problem(
            "organisation", f"'{code}' is not an employer code (use one of {_or(EMPLOYER_CODES)})"
        )
    elif code and code not in organisations:
        problem("organisation", f"no organisation with code '{code}' is set up in the register")

    level = re.sub(r"[\s-]+", "_", record.get("level", "").lower())
    if level and level not in LEVELS:
        problem("level", f"'{record['level']}' is not a level (use one of {_or(LEVELS)})")

    spinal_text = record.get("spinal_column_point", "")
    spinal_point: int | None = None
    if spinal_text:
        if (
            spinal_text.isascii()
            and spinal_text.isdigit()
            and MIN_SPINAL_COLUMN_POINT <= int(spinal_text) <= MAX_SPINAL_COLUMN_POINT
        ):
            spinal_point = int(spinal_text)
        else:
            problem(
                "spinal_column_point",
                f"'{spinal_text}' is not a spinal column point (a whole number from "
                f"{MIN_SPINAL_COLUMN_POINT} to {MAX_SPINAL_COLUMN_POINT}, or leave it empty)",
            )

    manager = record.get("line_manager_staff_number", "")
    if manager and manager == record.get("staff_number"):
        problem(
            "line_manager_staff_number",
            f"'{manager}' is this officer's own staff number: "
            "an officer cannot be their own line manager",
        )

    flags: frozenset[str] | None = None
    if "flags" in columns:
        given = [flag for flag in FLAG_SEPARATORS.split(record.get("flags", "").lower()) if flag]
        for flag in given:
            if flag not in FLAGS:
                problem("flags", f"'{flag}' is not a flag (use {_or(FLAGS)})")
        flags = frozenset(given)

    left_on, active = _leaving(record, columns, problem)

    if problems:
        return None, problems
    return OfficerRow(
        row=number,
        staff_number=record["staff_number"],
        first_name=record["first_name"],
        last_name=record["last_name"],
        email=email,
        organisation=code,
        level=level,
        job_title=record["job_title"] if "job_title" in columns else None,
        department=record["department"] if "department" in columns else None,
        spinal_column_point=spinal_point,
        spinal_column_point_given="spinal_column_point" in columns,
        line_manager_staff_number=(
            record["line_manager_staff_number"] if "line_manager_staff_number" in columns else None
        ),
        flags=flags,
        left_on=left_on,
        left_on_given="leaving_date" in columns,
        active=active,
    ), []


def _leaving(
    record: dict[str, str], columns: set[str], problem: Any
) -> tuple[datetime.date | None, bool | None]:
    """The row's leaving date and whether it says the officer is still active."""
    left_on: datetime.date | None = None
    text = record.get("leaving_date", "") if "leaving_date" in columns else ""
    if text:
        left_on = date_input.read_one_box(text)
        if left_on is None:
            problem(
                "leaving_date",
                f"'{text}' is not a date (write it as 2026-11-30 or 30/11/2026, or leave it empty)",
            )
    active: bool | None = None
    said = record.get("active", "").lower() if "active" in columns else ""
    if said in YES:
        active = True
    elif said in NO:
        active = False
    elif said:
        problem("active", f"'{record['active']}' is not yes or no (or leave it empty)")
    if active and left_on is not None and left_on <= clock.today():
        problem(
            "active",
            f"'{record['active']}', but the leaving date {left_on:%d/%m/%Y} has come: "
            "say no, or change the leaving date",
        )
    if active is False and left_on is not None and left_on > clock.today():
        problem(
            "active",
            f"'{record['active']}', but the leaving date {left_on:%d/%m/%Y} is still to come: "
            "say yes (or leave it empty) until they leave, as they stop being active on it, "
            "or change the leaving date",
        )
    return left_on, active


def apply(plans: list[_Plan]) -> ImportResult:
    """Write the checked rows: users, then officers, then every line manager at once.

    New users and officers are inserted in bulk and line managers set by one bulk update
    once every officer exists, so a row may name a manager on a later row and no moment
    in between holds a half-made chain. Officer.save() would walk each new manager's
    chain, a query per level, to refuse a loop: `validate` has already checked the whole
    graph for loops in memory, and `check_written_line_managers` checks what was written,
    so the writes here do not call it (a new officer, an update of other fields and a
    bulk update never walk a chain).
    """
    user_model = get_user_model()
    result = ImportResult()
    officers: dict[Key, Officer] = {}
    changed: dict[Key, bool] = {}  # existing officers only: updated or unchanged
    users_changed: set[Key] = set()
    new_users: list[Any] = []
    for plan in plans:
        user = plan.user
        if user is None:
            user = plan.user = user_model(username=plan.row.email.lower())
            user.set_unusable_password()
            _assign(user, _user_values(user, plan.row))
            new_users.append(user)
        elif names := _assign(user, _user_values(user, plan.row)):
            user.save(update_fields=names)
            users_changed.add(plan.row.key)
    user_model.objects.bulk_create(new_users)

    new_officers: list[Officer] = []
    for plan in plans:
        row = plan.row
        officer = plan.officer
        if officer is None:
            officer = Officer(
                user=plan.user, organisation=plan.organisation, staff_number=row.staff_number
            )
            _assign(officer, _officer_values(row))
            new_officers.append(officer)
            result.outcomes.append(RowOutcome(row.row, row.staff_number, "created"))
        else:
            names = _assign(officer, _officer_values(row))
            if names:  # never the line manager: that is set below
                Officer.objects.filter(pk=officer.pk).update(
                    **{name: getattr(officer, name) for name in names}
                )
            changed[row.key] = row.key in users_changed or bool(names)
        officers[row.key] = officer
    Officer.objects.bulk_create(new_officers)

    moved: list[Officer] = []
    for plan in plans:
        row = plan.row
        if row.line_manager_staff_number is None:
            continue  # no line manager column: the current one stays
        officer = officers[row.key]
        manager = plan.manager
        manager_id = officers[manager].pk if isinstance(manager, tuple) else manager
        if officer.line_manager_id != manager_id:
            officer.line_manager_id = manager_id
            moved.append(officer)
            if row.key in changed:  # an officer created above counts as created only
                changed[row.key] = True
    Officer.objects.bulk_update(moved, ["line_manager"])
    created = {id(officer) for officer in new_officers}  # they have nothing waiting yet
    result.line_managers_changed = [officer.pk for officer in moved if id(officer) not in created]

    today = clock.today()
    for plan in plans:
        row = plan.row
        officer = officers[row.key]
        wanted = _leaving_date(row, officer, today)
        if wanted is _UNCHANGED or not officer.active:
            continue  # nothing said; or someone who has left: their leaving date is kept
        leaves_now = wanted is not None and wanted <= today and officer.active
        if wanted != officer.left_on or leaves_now:
            result.leaving.append((officer, wanted))
            if row.key in changed:
                changed[row.key] = True

    for plan in plans:
        row = plan.row
        if row.key in changed:
            action = "updated" if changed[row.key] else "unchanged"
            result.outcomes.append(RowOutcome(row.row, row.staff_number, action))
    result.outcomes.sort(key=lambda outcome: outcome.row)
    return result


# `_leaving_date`'s answer when the row says nothing about leaving.
_UNCHANGED: Any = object()


def _leaving_date(row: OfficerRow, officer: Officer, today: datetime.date) -> Any:
    """The leaving date the row asks for (None: no date), or _UNCHANGED. "active: no"
    without a date means today, or the date already stored for someone who has left."""
    if row.active is False and row.left_on is None:
        return officer.left_on or today
    if row.left_on_given:
        return row.left_on
    return _UNCHANGED


def leave_and_move(result: ImportResult) -> None:
    """After the writes, in the import's transaction: store the leaving dates (applying
    those that have come), then pass on the waiting chain steps of officers whose line
    manager changed and of everyone below them."""
    from declarations import approvals  # late: the approvals journey imports people

    for officer, left_on in result.leaving:
        leaving = leavers.record_leaving(officer, left_on, actor=None, reason="officer import")
        if leaving is not None:
            if leaving.newly_left:
                result.left.append(officer.staff_number)
            result.steps_moved += leaving.steps_moved
    moved = approvals.move_steps_after_line_management(result.line_managers_changed)
    result.steps_moved += len(moved)


def _user_values(user: Any, row: OfficerRow) -> dict[str, Any]:
    values = {"first_name": row.first_name, "last_name": row.last_name, "email": row.email}
    # The username follows the email only while it was made from the email: a username
    # an administrator chose is how that person signs in, so it is left alone.
    if user.username == user.email.lower():
        values["username"] = row.email.lower()
    return values


def _officer_values(row: OfficerRow) -> dict[str, Any]:
    values: dict[str, Any] = {"level": row.level}
    if row.job_title is not None:
        values["job_title"] = row.job_title
    if row.department is not None:
        values["department"] = row.department
    if row.spinal_column_point_given:
        values["spinal_column_point"] = row.spinal_column_point
    if row.flags is not None:
        values.update({flag: flag in row.flags for flag in FLAGS})
    return values


def _assign(instance: Model, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; name the fields that did (so unchanged rows are not
    saved, and changed ones write only what changed)."""
    differs = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            differs.append(name)
    return differs


def _key(record: dict[str, str]) -> Key | None:
    code, staff_number = record.get("organisation", "").lower(), record.get("staff_number", "")
    return (code, staff_number) if code and staff_number else None


def _without_nul(
    records: list[tuple[int, dict[str, str]]],
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """A problem for each value holding a NUL character, and the records with those
    characters dropped, so the other checks neither repeat it nor echo it back."""
    problems = []
    cleaned = []
    for number, record in records:
        if any(NUL in value for value in record.values()):
            problems += [
                Problem(number, name or "(none)", NUL_MESSAGE)
                for name, value in record.items()
                if NUL in value
            ]
            record = {name: value.replace(NUL, "") for name, value in record.items()}
        cleaned.append((number, record))
    return cleaned, problems


def _check_duplicates(records: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    """The same officer or email twice in the file: which row should win is anyone's guess."""
    problems = []
    staff_numbers: dict[Key, int] = {}
    emails: dict[str, int] = {}
    for number, record in records:
        key = _key(record)
        if key and key in staff_numbers:
            problems.append(
                Problem(
                    number,
                    "staff_number",
                    f"staff number '{key[1]}' is already used for {key[0]} "
                    f"on row {staff_numbers[key]}",
                )
            )
        elif key:
            staff_numbers[key] = number
        email = record.get("email", "")
        if email.lower() in emails:
            problems.append(
                Problem(
                    number,
                    "email",
                    f"email '{email}' is already used on row {emails[email.lower()]}",
                )
            )
        elif email:
            emails[email.lower()] = number
    return problems


def _match_existing(
    rows: list[OfficerRow], organisations: dict[str, Organisation]
) -> tuple[list[_Plan], list[Problem]]:
    """Pair each row with the officer (by employer and staff number) and user (by email)
    it updates, refusing an email that already belongs to someone else."""
    user_model = get_user_model()
    emails = {row.email.lower() for row in rows}
    users_by_email: dict[str, list[Any]] = {}
    matching_users = (
        user_model.objects.annotate(email_lower=Lower("email"), username_lower=Lower("username"))
        .filter(Q(email_lower__in=emails) | Q(username_lower__in=emails))
        .select_related("officer__organisation")
    )
    for account in matching_users:
        for address in {account.email_lower, account.username_lower} & emails:
            users_by_email.setdefault(address, []).append(account)
    existing = {
        (officer.organisation.code, officer.staff_number): officer
        for officer in Officer.objects.filter(
            organisation__code__in={row.organisation for row in rows}
        ).select_related("user", "organisation")
    }

    plans, problems = [], []
    for row in rows:
        officer = existing.get(row.key)
        others = [
            user
            for user in users_by_email.get(row.email.lower(), [])
            if officer is None or user.pk != officer.user_id
        ]
        user = officer.user if officer else None
        if officer is None and len(others) == 1 and not hasattr(others[0], "officer"):
            user, others = others[0], []  # an account with no officer yet: give it one
        for other in others:
            problems.append(Problem(row.row, "email", _belongs_to(row.email, other)))
        if row.active and officer is not None and not officer.active:
            left = f" on {officer.left_on:%d/%m/%Y}" if officer.left_on else ""
            problems.append(
                Problem(
                    row.row,
                    "active",
                    f"says active, but {officer.full_name} has left{left}: the import does not "
                    "bring back someone who has left (an administrator can)",
                )
            )
        plans.append(_Plan(row, organisations[row.organisation], officer, user))
    return plans, problems


def _belongs_to(email: str, user: Any) -> str:
    officer = getattr(user, "officer", None)
    if officer is not None:
        return (
            f"'{email}' already belongs to {officer.full_name}, staff number "
            f"'{officer.staff_number}' at {officer.organisation}"
        )
    return f"'{email}' already belongs to the user account '{user.username}'"


def _check_line_managers(
    plans: list[_Plan],
    records: list[tuple[int, dict[str, str]]],
    organisations: dict[str, Organisation],
) -> list[Problem]:
    """Every line manager must exist, and the register after the import must hold no loop.

    Existence is checked on every row, bad ones included, and a bad row still names an
    officer who may manage others; loops can only be traced through rows that are good.
    The register's line managers are read once (`_stored_graph`), the file's laid over
    them, and every loop found in one pass over the result (`_on_loops`): no query, and
    no walk up a chain, per row. Each good row's `manager` is set for `apply`.
    """
    codes = {record.get("organisation", "").lower() for _, record in records}
    graph = _stored_graph(codes & organisations.keys())
    nodes, labels, managers = graph.nodes, graph.labels, graph.managers
    for plan in plans:
        node: Node = plan.officer.pk if plan.officer else plan.row.key
        nodes[plan.row.key] = node
        labels[node] = plan.row.staff_number
        managers.setdefault(node, None)
    for key in {key for key in (_key(record) for _, record in records) if key} - nodes.keys():
        nodes[key] = key
        labels[key] = key[1]

    problems = []
    for number, record in records:
        code, wanted = (
            record.get("organisation", "").lower(),
            record.get("line_manager_staff_number"),
        )
        if wanted and code in organisations and (code, wanted) not in nodes:
            problems.append(
                Problem(
                    number,
                    "line_manager_staff_number",
                    f"no officer with staff number '{wanted}' at {organisations[code]}, "
                    "in this file or the register",
                )
            )

    for plan in plans:
        row = plan.row
        if row.line_manager_staff_number is None:
            continue  # no line manager column: the current one stays
        manager_key = (row.organisation, row.line_manager_staff_number)
        plan.manager = nodes.get(manager_key) if row.line_manager_staff_number else None
        managers[nodes[row.key]] = plan.manager
    return problems + _loop_problems(plans, graph, _on_loops(managers))


def check_written_line_managers(plans: list[_Plan]) -> list[Problem]:
    """After writing, inside the same transaction: the register as now stored holds no
    loop through an officer of the file (one read, as `validate` did; only a change that
    someone else made while the import ran could make one). This stands in for the walk
    Officer.save() would have made for each new line manager."""
    codes = {plan.row.organisation for plan in plans}
    graph = _stored_graph(codes)
    for plan in plans:
        # As `apply` wrote them: the managers are stored officers' ids now.
        plan.manager = graph.managers.get(graph.nodes[plan.row.key])
    return _loop_problems(plans, graph, _on_loops(graph.managers))


def _stored_graph(codes: set[str]) -> _Graph:
    """The register's line managers for the officers of these employers, read in one
    query, and (rarely) for managers above them who work elsewhere, one query per such
    level, so that a chain passing through another employer is followed to its end."""
    graph = _Graph()
    found = Officer.objects.filter(organisation__code__in=codes)
    asked: set[int] = set()
    while True:
        for pk, manager_pk, staff_number, code in found.values_list(
            "pk", "line_manager_id", "staff_number", "organisation__code"
        ):
            graph.nodes[(code, staff_number)] = pk
            graph.labels[pk] = staff_number
            graph.managers[pk] = manager_pk
        stored = {m for m in graph.managers.values() if isinstance(m, int)}
        elsewhere = stored - graph.managers.keys() - asked
        if not elsewhere:
            return graph
        asked |= elsewhere
        found = Officer.objects.filter(pk__in=elsewhere)


def _on_loops(managers: Mapping[Node, Node | None]) -> set[Node]:
    """Every node that is on a line-management loop, in one pass: each node is walked
    past once, whatever the depth of the chains."""
    finished: set[Node] = set()
    on_loops: set[Node] = set()
    for start in managers:
        path: list[Node] = []
        on_path: set[Node] = set()
        node: Node | None = start
        while node is not None and node not in finished and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = managers.get(node)
        if node is not None and node in on_path:
            on_loops.update(path[path.index(node) :])
        finished.update(path)
    return on_loops


def _loop_problems(plans: list[_Plan], graph: _Graph, on_loops: set[Node]) -> list[Problem]:
    """A problem for each row whose line manager puts them on a loop, naming the loop."""
    problems = []
    for plan in plans:
        row = plan.row
        node = graph.nodes.get(row.key)
        if node not in on_loops or plan.manager is None or not row.line_manager_staff_number:
            continue
        chain = hierarchy.loop_path(node, plan.manager, graph.managers)
        names = [graph.labels[link] for link in chain]
        if len(names) > LONGEST_LOOP_SHOWN:
            names = [
                *names[: LONGEST_LOOP_SHOWN - 1],
                f"... ({len(names) - LONGEST_LOOP_SHOWN} more)",
                names[-1],
            ]
        path = ", who reports to ".join(names)
        problems.append(
            Problem(
                row.row,
                "line_manager_staff_number",
                f"'{row.line_manager_staff_number}' as line manager would make a "
                f"line-management loop: {graph.labels[node]} would report to {path}",
            )
        )
    return problems


def _field_order(name: str) -> int:
    return COLUMNS.index(name) if name in COLUMNS else len(COLUMNS)


def _or(options: tuple[str, ...]) -> str:
    return ", ".join(options[:-1]) + " or " + options[-1]
