"""Annual declarations: once a year an officer says they have nothing to declare, or
that they have reviewed their current interests and they are correct.

A code that asks for this declares an annual return (policies.duties.AnnualReturn:
Thurrock's 18.1, officers at or above assistant director); it binds the officers of
that employer and those seconded to it. For everybody else it is optional but
available. The year is the calendar year in Europe/London. One declaration per officer
and year: a second attempt is refused with `AlreadyDone`, never a database error.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import dateformat

import policies
from declarations import choices as c
from declarations import clock
from declarations.choices import EventAction
from declarations.models import AnnualDeclaration, Declaration, Officer, Organisation
from declarations.policy_reference import citation_url
from declarations.workflow import record_event
from policies.clauses import clause_label
from policies.duties import AnnualReturn
from policies.vocabulary import Employer, Level

LONDON = ZoneInfo("Europe/London")
# How the time of a declaration is written, on the page and in messages.
WHEN_FORMAT = r"j F Y \a\t g:i a"

Kind = AnnualDeclaration.Kind


class AnnualError(Exception):
    """A declaration that cannot be made as asked; `field` is the question at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AlreadyDone(AnnualError):
    """This year's declaration has already been made."""

    def __init__(self, declaration: AnnualDeclaration) -> None:
        self.declaration = declaration
        super().__init__(
            f"You have already made your annual declaration for {declaration.year}, "
            f"on {when(declaration)}."
        )


def now() -> datetime.datetime:
    """The current time (one place, so tests can move the clock)."""
    return clock.now()


def current_year() -> int:
    """This calendar year in Europe/London."""
    return now().astimezone(LONDON).year


def when(declaration: AnnualDeclaration) -> str:
    """When it was made, in Europe/London: "3 March 2026 at 10:15 a.m."."""
    return dateformat.format(declaration.confirmed_at.astimezone(LONDON), WHEN_FORMAT)


def current_interests(officer: Officer) -> QuerySet[Declaration]:
    """The officer's interests that stand today in London (DeclarationQuerySet.
    current_interests): the version in force, decided or being noted, not ended."""
    today = now().astimezone(LONDON).date()
    return (
        Declaration.objects.filter(officer=officer)
        .current_interests(today)
        .select_related("interest")
        .order_by("date", "reference", "id")
    )


def declaration_for(officer: Officer, year: int) -> AnnualDeclaration | None:
    return AnnualDeclaration.objects.filter(officer=officer, year=year).first()


def history(officer: Officer) -> QuerySet[AnnualDeclaration]:
    """Every annual declaration the officer has made, newest year first."""
    return (
        AnnualDeclaration.objects.filter(officer=officer)
        .prefetch_related("interests")
        .order_by("-year")
    )


def annual_return_of(code: str | None) -> AnnualReturn | None:
    """The annual return an employer's code asks for, if any."""
    try:
        return policies.duties_for(code).annual_return if code else None
    except ValueError:  # an organisation with no code in the contract
        return None


def _covers(annual_return: AnnualReturn | None, level: str) -> bool:
    return annual_return is not None and Level(level).rank >= annual_return.at_or_above.rank


def return_required(officer: Officer) -> tuple[str, AnnualReturn] | None:
    """The code (own or host) whose annual return this officer must make, with it."""
    codes = [officer.organisation.code]
    if officer.seconded_to is not None:
        codes.append(officer.seconded_to.code)
    for code in codes:
        annual_return = annual_return_of(code)
        if annual_return is not None and _covers(annual_return, officer.level):
            return code, annual_return
    return None


def required_by_code(officer: Officer) -> bool:
    """An active officer whose own code, or the code of the employer they are seconded
    to, asks for an annual return at their level (Thurrock 18.1) must declare every year."""
    return officer.active and return_required(officer) is not None


def required_officers(organisation: Organisation) -> QuerySet[Officer]:
    """The active officers of (or seconded in to) `organisation` for whom
    `required_by_code` holds, as one query."""
    required = Q(pk__in=[])
    for employer in Employer:
        annual_return = annual_return_of(employer.value)
        if annual_return is None:
            continue
        levels = [level.value for level in Level if _covers(annual_return, level.value)]
        required |= Q(organisation__code=employer.value, level__in=levels)
        required |= Q(seconded_to__code=employer.value, level__in=levels)
    return Officer.objects.filter(
        Q(organisation=organisation) | Q(seconded_to=organisation), required, active=True
    )


def is_due(officer: Officer, year: int | None = None) -> bool:
    """Whether the code requires a declaration for `year` that has not been made."""
    year = current_year() if year is None else year
    return (
        required_by_code(officer)
        and not AnnualDeclaration.objects.filter(officer=officer, year=year).exists()
    )


def problem_with(kind: str, interest_count: int) -> str | None:
    """Why `kind` cannot be chosen by someone with `interest_count` current interests."""
    if kind == Kind.NOTHING_TO_DECLARE and interest_count:
        return (
            "You cannot say you have nothing to declare while you have current interests. "
            "Confirm your interests, or end any that have stopped first"
        )
    if kind == Kind.INTERESTS_CONFIRMED and not interest_count:
        return (
            "You have no current interests to confirm. Choose “I have nothing to declare” instead"
        )
    return None


def confirm(
    officer: Officer,
    kind: str,
    *,
    actor: User,
    year: int | None = None,
    shown: Collection[int] | None = None,
) -> AnnualDeclaration:
    """Make the officer's declaration for `year` and note it on each interest confirmed.

    `shown` is the interests the officer was looking at: if they are no longer the
    current ones, nothing is made, so nobody confirms a list they have not seen.
    """
    year = current_year() if year is None else year
    if kind not in Kind.values:
        raise AnnualError("Select what you are declaring", "kind")
    with transaction.atomic():
        # One declaration at a time per officer: the row lock queues a second attempt.
        list(Officer.objects.select_for_update().filter(pk=officer.pk).order_by().values("pk"))
        existing = declaration_for(officer, year)
        if existing is not None:
            raise AlreadyDone(existing)
        interests = list(current_interests(officer))
        problem = problem_with(kind, len(interests))
        if problem:
            raise AnnualError(problem, "kind")
        if (
            kind == Kind.INTERESTS_CONFIRMED
            and shown is not None
            and set(shown) != {d.pk for d in interests}
        ):
            raise AnnualError(
                "Your current interests have changed since you opened this page. "
                "Check the list again before you confirm"
            )
        try:
            with transaction.atomic():
                made = AnnualDeclaration.objects.create(
                    officer=officer, year=year, kind=kind, confirmed_at=now()
                )
        except IntegrityError:
            existing = AnnualDeclaration.objects.filter(officer=officer, year=year).first()
            if existing is None:
                raise
            raise AlreadyDone(existing) from None
        if kind == Kind.INTERESTS_CONFIRMED:
            made.interests.set(interests)
            for declaration in interests:
                record_event(
                    declaration,
                    EventAction.ANNUAL_CONFIRMATION,
                    actor=actor,
                    note=f"Confirmed current for {year}",
                )
    return made


@dataclass(frozen=True)
class AnnualPage:
    """What the annual declaration page shows one officer."""

    year: int
    done: AnnualDeclaration | None
    required: bool
    interests: list[Declaration]
    past: list[AnnualDeclaration] = field(default_factory=list)
    code_name: str = ""  # the code that asks for it, when one does
    clause_label: str = ""
    clause_quote: str = ""
    clause_url: str = ""
    at_or_above: str = ""  # the lowest level it binds, in words

    @property
    def shown(self) -> str:
        """The ids of the interests listed, for the form to send back."""
        return ",".join(str(d.pk) for d in self.interests)


def page_for(officer: Officer, year: int | None = None) -> AnnualPage:
    year = current_year() if year is None else year
    made = list(history(officer))
    found = return_required(officer) if officer.active else None
    requirement: dict[str, str] = {}
    if found is not None:
        code, annual_return = found
        requirement = {
            "code_name": policies.module_for(code).NAME,
            "clause_label": clause_label(code, annual_return.cite),
            "clause_quote": annual_return.quote,
            "clause_url": citation_url(f"{code}:{annual_return.cite}"),
            "at_or_above": c.label(annual_return.at_or_above.value).lower(),
        }
    return AnnualPage(
        year=year,
        done=next((d for d in made if d.year == year), None),
        required=found is not None,
        interests=list(current_interests(officer)),
        past=[d for d in made if d.year != year],
        **requirement,
    )
