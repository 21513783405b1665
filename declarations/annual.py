"""Annual declarations: once a year an officer says they have nothing to declare, or
that they have reviewed their current interests and they are correct.

Thurrock's code (clause 18.1) requires this every year of officers at or above
assistant director; for everybody else it is optional but available. The year is
the calendar year in Europe/London. One declaration per officer and year: a second
attempt is refused with `AlreadyDone`, never a database error.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import dateformat, timezone

from policies.vocabulary import Level

from .choices import Status
from .models import AnnualDeclaration, Declaration, Officer
from .policy_reference import citation_url
from .workflow import record_event

LONDON = ZoneInfo("Europe/London")
THURROCK = "thurrock"
CLAUSE = "thurrock:18.1"
# The start of clause 18.1, quoted on the page (tests check it against the code's text).
CLAUSE_QUOTE = (
    "Officers at or above the level of Assistant Director must provide written "
    "notification of any personal and financial interests which could bring them into "
    "conflict with the Council's interests. This should be submitted to the Council's "
    "monitoring officer annually"
)
# An interest stands while it is one of these (and has not ended).
CURRENT_STATUSES: tuple[str, ...] = (
    Status.RECORDED,
    Status.APPROVED,
    Status.AWAITING_ACKNOWLEDGEMENT,
)
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
    return timezone.now()


def current_year() -> int:
    """This calendar year in Europe/London."""
    return now().astimezone(LONDON).year


def when(declaration: AnnualDeclaration) -> str:
    """When it was made, in Europe/London: "3 March 2026 at 10:15 a.m."."""
    return dateformat.format(declaration.confirmed_at.astimezone(LONDON), WHEN_FORMAT)


def current_interests(officer: Officer) -> QuerySet[Declaration]:
    """The officer's interests that stand: latest version, decided or being noted, not ended."""
    today = now().astimezone(LONDON).date()
    newer = Declaration.objects.filter(
        reference=OuterRef("reference"),
        version__gt=OuterRef("version"),
        status__in=CURRENT_STATUSES,
    )
    return (
        Declaration.objects.filter(officer=officer, type="interest", status__in=CURRENT_STATUSES)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .exclude(Exists(newer))
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


def required_by_code(officer: Officer) -> bool:
    """Thurrock 18.1: an active officer at or above assistant director of (or seconded
    to) Thurrock must declare every year."""
    at_thurrock = officer.organisation.code == THURROCK or (
        officer.seconded_to_id is not None and officer.seconded_to.code == THURROCK
    )
    return officer.active and at_thurrock and officer.level_rank >= Level.ASSISTANT_DIRECTOR.rank


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
    actor: AbstractBaseUser,
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
                    "annual_confirmation",
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
    clause_quote: str = CLAUSE_QUOTE
    clause_url: str = ""

    @property
    def shown(self) -> str:
        """The ids of the interests listed, for the form to send back."""
        return ",".join(str(d.pk) for d in self.interests)


def page_for(officer: Officer, year: int | None = None) -> AnnualPage:
    year = current_year() if year is None else year
    made = list(history(officer))
    return AnnualPage(
        year=year,
        done=next((d for d in made if d.year == year), None),
        required=required_by_code(officer),
        interests=list(current_interests(officer)),
        past=[d for d in made if d.year != year],
        clause_url=citation_url(CLAUSE),
    )
