"""Load the demonstration data (demo/data.toml) through the services a user's actions use.

`seed()` is what `python manage.py seed_demo` runs. Employers, people and role holders
have no page to go through, so they are written as the admin would write them. Each
declaration is filed as its officer would file it: the answers posted to the type's form,
a draft started (`filing.create_draft`) and submitted (`filing.submit`); then what the
people concerned would do on their pages: each open step decided by its assignee
(`decisions.decide`), what happened to a prohibited offer (`approvals.record_disposition`),
`filing.withdraw`, `filing.end`, `filing.amend`. So each entry has the verdict, route,
events and reference a real one would have, and each action happens on its own day
(`Clock`), so an entry is late only where the data means it to be (`declared_after`).

All or nothing and idempotent: people are keyed on their username, organisations on
their code, role assignments on (organisation, role, officer) and declarations on their
first version's (officer, type, counterparty), never on a reference (a draft has none),
so a second run creates nothing new. The demo password lives here and nowhere else;
each run sets it again, so the printed logins always work.
"""

from __future__ import annotations

import datetime
import tomllib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from declarations import clock, people
from declarations.approvals import DecisionError, RouteError, decide, record_disposition
from declarations.choices import StepState
from declarations.filing import services as filing
from declarations.filing.answers import detail_fields, values_of
from declarations.filing.forms import DRAFT, SUBMIT, DeclarationForm, form_class_for
from declarations.models import DETAIL_MODELS, Declaration, Officer, Organisation, RoleAssignment
from declarations.workflow import IllegalTransition

DATA_FILE = Path(__file__).with_name("data.toml")
DEMO_PASSWORD = "demo-password-2026"
ADMIN_USERNAME = "admin"
ROLES_FROM = datetime.date(2024, 4, 1)
APPOINTED_ON = datetime.date(2019, 9, 2)
FULL_TIME = Decimal("37")  # contracted hours a week, unless the data says otherwise
EMAIL_DOMAIN = "demo.example"  # .example is reserved: no mail can reach a real person
DECLARED_AFTER = 3  # days from the event to its declaration, unless the data says otherwise
DAYS_LATER = 2  # days from one action on a declaration to the next, likewise
FLAGS = ("board_member", "politically_restricted", "procurement_or_regulatory_role")
DECISIONS = ("approve", "reject", "acknowledge")

# What the loader refuses to do is reported, not raised: the rest of the demo still loads.
EXPECTED_REFUSALS = (filing.FilingError, IllegalTransition, DecisionError, RouteError)


def read(path: Path = DATA_FILE) -> dict[str, Any]:
    """The demo data; money and hours as Decimals, as the forms give them."""
    with path.open("rb") as file:
        return tomllib.load(file, parse_float=Decimal)


@dataclass
class SeedReport:
    """What a run created, anything that did not go as the demo data expects, the logins."""

    created: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)


def seed(*, password: str = DEMO_PASSWORD, data: dict[str, Any] | None = None) -> SeedReport:
    """Create (or bring up to date) all the demo data, all or nothing."""
    data = data or read()
    report = SeedReport()
    password_hash = make_password(password)  # one hash for everyone: hashing is slow
    with transaction.atomic():
        officers = seed_people(data["organisations"], password_hash, report)
        seed_admin(password_hash, report)
        demo_clock = Clock(clock.now())
        for spec in sorted(data["declarations"], key=lambda spec: -filed_days_ago(spec)):
            if not _already_filed(spec, officers):
                file_declaration(spec, officers, demo_clock, report)
        seed_leavers(data["organisations"], officers)
    report.logins = demo_logins(data["organisations"], officers)
    return report


def seed_people(
    organisations: list[dict[str, Any]], password_hash: str, report: SeedReport
) -> dict[str, Officer]:
    """The employers, every demo user and officer record, and the role holders."""
    User = get_user_model()
    officers: dict[str, Officer] = {}
    by_code: dict[str, Organisation] = {}
    for org in organisations:
        by_code[org["code"]], created = Organisation.objects.update_or_create(
            code=org["code"],
            defaults={"name": org["name"], "reference_prefix": org["reference_prefix"]},
        )
        report.created["organisations"] += created
    for org in organisations:
        for person in org["people"]:  # senior first, so a line manager exists before a report
            # A demo leaver is active until seed_leavers applies their leaving date, and
            # stays a former officer when the demo is loaded again.
            leaver = "left_days_ago" in person
            user, created = User.objects.update_or_create(
                username=person["username"],
                defaults={
                    "first_name": person["first_name"],
                    "last_name": person["last_name"],
                    "email": f"{person['username']}@{EMAIL_DOMAIN}",
                    "password": password_hash,
                    **({} if leaver else {"is_active": True}),
                },
            )
            report.created["users"] += created
            manager, host = person.get("line_manager"), person.get("seconded_to")
            officer, created = Officer.objects.update_or_create(
                user=user,
                defaults={
                    "organisation": by_code[org["code"]],
                    "staff_number": person["staff_number"],
                    "job_title": person["job_title"],
                    "department": person["department"],
                    "level": person["level"],
                    "spinal_column_point": person.get("spinal_column_point"),
                    "line_manager": officers[manager] if manager else None,
                    "contracted_hours_per_week": person.get("contracted_hours_per_week", FULL_TIME),
                    "seconded_to": by_code[host] if host else None,
                    "appointed_on": person.get("appointed_on", APPOINTED_ON),
                    **({} if leaver else {"active": True}),
                    **{flag: flag in person.get("flags", ()) for flag in FLAGS},
                },
            )
            report.created["officers"] += created
            officers[person["username"]] = officer
            for role in person.get("roles", ()):
                _, created = RoleAssignment.objects.get_or_create(
                    organisation=officer.organisation,
                    role=role,
                    officer=officer,
                    defaults={"valid_from": ROLES_FROM},
                )
                report.created["role assignments"] += created
    return officers


def seed_leavers(organisations: list[dict[str, Any]], officers: dict[str, Officer]) -> None:
    """Officers who have left (`left_days_ago`), through the same service as the import
    and the admin: their open steps pass on and their interests and outside work end.
    Someone who has left already (the demo loaded before) keeps the leaving date they
    were given then: loading again a day later does not move it."""
    for org in organisations:
        for person in org["people"]:
            officer = officers[person["username"]]
            if "left_days_ago" in person and officer.active:
                left_on = clock.today() - datetime.timedelta(days=person["left_days_ago"])
                people.record_leaving(officer, left_on, actor=None, reason="Left (demo).")


def seed_admin(password_hash: str, report: SeedReport) -> None:
    """A superuser for the Django admin; not an officer, so it files nothing."""
    _, created = get_user_model().objects.update_or_create(
        username=ADMIN_USERNAME,
        defaults={
            "first_name": "System",
            "last_name": "Administrator",
            "email": f"{ADMIN_USERNAME}@{EMAIL_DOMAIN}",
            "password": password_hash,
            "is_staff": True,
            "is_superuser": True,
            "is_active": True,
        },
    )
    report.created["users"] += created


# --- declarations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """The real time now, and a way to act some days before it."""

    now: datetime.datetime

    @contextmanager
    def days_ago(self, days: int) -> Iterator[datetime.date]:
        """Every service called inside works as if it were `days` days before now.

        A user acts today, so no service takes a date: they read the register's clock
        (declarations.clock), which is set back for this block only.
        """
        moment = self.now - datetime.timedelta(days=max(days, 0))
        with clock.set_to(moment):
            yield clock.today()


def filed_days_ago(spec: dict[str, Any]) -> int:
    return max(spec["days_ago"] - spec.get("declared_after", DECLARED_AFTER), 0)


def _already_filed(spec: dict[str, Any], officers: dict[str, Officer]) -> bool:
    return Declaration.objects.filter(
        officer=officers[spec["officer"]],
        type=spec["type"],
        counterparty=spec["counterparty"],
        amends__isnull=True,
    ).exists()


def file_declaration(
    spec: dict[str, Any], officers: dict[str, Officer], calendar: Clock, report: SeedReport
) -> None:
    """File one declaration as its officer would, then do what follows it, day by day.

    Anything a service refuses is noted in the report and ends this declaration's story.
    """
    officer, days, draft = officers[spec["officer"]], filed_days_ago(spec), spec.get("draft")
    try:
        with calendar.days_ago(days) as today:
            date = today - datetime.timedelta(days=spec["days_ago"] - days)
            answers = {"counterparty": spec["counterparty"], "description": spec["description"]}
            form = _answered_form(
                officer,
                spec["type"],
                {**answers, "date": date, **spec["answers"]},
                submitting=not draft,
            )
            declaration = filing.create_draft(
                officer, spec["type"], form.answers(), actor=officer.user, given=form.given()
            )
            report.created["declarations"] += 1
            if draft:
                return
            _submit(declaration, spec["expect"], report)
        for action in spec.get("then", ()):
            days -= action.get("days_later", DAYS_LATER)
            with calendar.days_ago(days) as today:
                declaration.refresh_from_db()
                declaration = _act(declaration, action, today, report)
    except EXPECTED_REFUSALS as error:
        report.problems.append(
            f"{spec['officer']}, {spec['type']}, {spec['counterparty']}: {error}"
        )


def _act(
    declaration: Declaration, action: dict[str, Any], today: datetime.date, report: SeedReport
) -> Declaration:
    """One action after filing; returns the version that later actions apply to."""
    user, kind, reason = declaration.officer.user, action["action"], action.get("reason", "")
    if kind in DECISIONS:
        _decide_open_steps(declaration, kind, reason)
    elif kind == "disposition":
        record_disposition(declaration, user, action["disposition"], today, action.get("note", ""))
    elif kind == "withdraw":
        filing.withdraw(declaration, actor=user, reason=reason)
    elif kind == "end":
        filing.end(declaration, today, actor=user, note=reason)
    elif kind == "amend":
        amended = filing.amend(declaration, actor=user)
        report.created["declarations"] += 1
        values = {**values_of(amended), **action["answers"]}
        if "description" in action:
            values["description"] = action["description"]
        form = _answered_form(amended.officer, amended.type, values, submitting=True)
        filing.update_draft(amended, form.answers(), actor=user, given=form.given())
        _submit(amended, action["expect"], report)
        return amended
    else:
        raise ValueError(f"Unknown demo action {kind!r}.")
    return declaration


def _answered_form(
    officer: Officer, declaration_type: str, values: dict[str, Any], *, submitting: bool
) -> DeclarationForm:
    """The type's form answered as the officer would answer it on the page.

    To submit, every question is answered: those the data leaves out get the answer
    the model stores by default (usually "No"). A draft holds only what was given.
    """
    if submitting:
        blank = DETAIL_MODELS[declaration_type]()
        fields = detail_fields(declaration_type)
        values = {**{name: getattr(blank, name) for name in fields}, **values}
    form_class = form_class_for(declaration_type)
    data = form_class.data_from(values)
    form = form_class(data=data, officer=officer, mode=SUBMIT if submitting else DRAFT)
    if not form.is_valid():
        raise filing.FilingError(f"the form refuses the answers: {form.errors.as_text()}")
    return form


def _submit(declaration: Declaration, expect: str, report: SeedReport) -> None:
    """Submit as the check-answers page does; note it if the code's outcome is unexpected."""
    declaration = filing.submit(declaration, actor=declaration.officer.user)
    outcome = (declaration.verdict or {}).get("outcome")
    if outcome != expect:
        report.problems.append(f"{declaration}: expected {expect}, the code gave {outcome}.")


def _decide_open_steps(declaration: Declaration, decision: str, reason: str) -> None:
    """Each open step decided, in order, by the person it is assigned to."""
    decided = 0
    while True:
        step = (
            declaration.approval_steps.filter(state=StepState.PENDING, opened_at__isnull=False)
            .select_related("assignee")
            .order_by("order")
            .first()
        )
        if step is None or step.assignee is None:
            break
        decide(step.pk, by=step.assignee, decision=decision, reason=reason)
        decided += 1
        if decision == "reject":
            break
    if not decided:
        raise RouteError(f"no open step for anyone to {decision}")


def demo_logins(
    organisations: list[dict[str, Any]], officers: dict[str, Officer]
) -> list[tuple[str, str, str, str]]:
    """(username, name, organisation, role) for the accounts worth signing in as."""
    rows = [(ADMIN_USERNAME, "System Administrator", "-", "Django admin (superuser)")]
    for org in organisations:
        for person in org["people"]:
            if person.get("login"):
                name = officers[person["username"]].full_name
                role = f"{person['job_title']} ({person['login']})"
                rows.append((person["username"], name, org["short_name"], role))
    return rows
