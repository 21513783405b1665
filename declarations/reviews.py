"""Thurrock 18.4: "Any disclosure of interest will be recorded by the employee's manager
and reviewed by their Assistant Director at least annually."

An interest is due for review when it stands (recorded or approved, latest version),
belongs to an officer below assistant director in an organisation whose code asks for
the review (REVIEW_EMPLOYERS), and has had no InterestReview in the last twelve months.
A new version of an interest is a new disclosure and is reviewed afresh.

The reviewer is the officer's assistant director: the nearest active officer at level
assistant_director up their line-management chain (as Officer.management_chain() walks
it, loops stopping the walk). An officer with none in their chain is reviewed by the
monitoring officer, who sees every interest due in their organisations.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from policies.vocabulary import LEVEL_ORDER, DeclarationType, Level

from . import access
from . import choices as c
from .models import Declaration, InterestReview, Officer
from .workflow import record_event

REVIEW_EMPLOYERS: tuple[str, ...] = ("thurrock",)
REVIEWED_STATUSES: tuple[str, ...] = (c.Status.RECORDED, c.Status.APPROVED)
BELOW_ASSISTANT_DIRECTOR: tuple[str, ...] = tuple(
    level.value for level in LEVEL_ORDER if level.rank < Level.ASSISTANT_DIRECTOR.rank
)
NEVER_STOOD: tuple[str, ...] = (c.Status.DRAFT, c.Status.WITHDRAWN)


class ReviewError(Exception):
    """A review that cannot be recorded; the message says why."""


@dataclass(frozen=True)
class DueReview:
    """One interest due for review, with who should review it."""

    declaration: Declaration
    last_reviewed_on: datetime.date | None
    reviewer: Officer | None


def year_before(today: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def may_review(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Assistant directors, monitoring officers and system administrators."""
    if not user.is_authenticated:
        return False
    if access.monitoring_officer_organisations(user).exists():
        return True
    officer = access.officer_of(user)
    return officer is not None and officer.level == Level.ASSISTANT_DIRECTOR


def standing_interests() -> QuerySet[Declaration]:
    """Interests of officers below assistant director that 18.4 asks to be reviewed."""
    newer_version = Declaration.objects.filter(
        reference=OuterRef("reference"), version__gt=OuterRef("version")
    ).exclude(status__in=NEVER_STOOD)
    return (
        Declaration.objects.filter(
            type=DeclarationType.INTEREST,
            status__in=REVIEWED_STATUSES,
            organisation__code__in=REVIEW_EMPLOYERS,
            officer__level__in=BELOW_ASSISTANT_DIRECTOR,
        )
        .exclude(Exists(newer_version))
        .annotate(last_reviewed_on=Max("interest_reviews__reviewed_on"))
        .select_related("officer__user", "organisation", "interest")
        .order_by("officer__user__last_name", "officer__user__first_name", "date", "id")
    )


def due_interests(today: datetime.date | None = None) -> QuerySet[Declaration]:
    """Standing interests with no review in the twelve months up to `today`."""
    today = today or timezone.localdate()
    recent = InterestReview.objects.filter(
        declaration=OuterRef("pk"), reviewed_on__gt=year_before(today)
    )
    return standing_interests().exclude(Exists(recent))


def nearest_assistant_directors(officer_ids: Iterable[int]) -> dict[int, Officer | None]:
    """For each officer, their nearest active assistant director up the chain, or None.

    The chain is read one level at a time (one query per level of management, not per
    officer), then walked in memory the way Officer.management_chain() walks it.
    """
    wanted = set(officer_ids)
    managers: dict[int, int | None] = {}
    senior: set[int] = set()
    frontier = set(wanted)
    while frontier:
        rows = Officer.objects.filter(pk__in=frontier).values_list(
            "pk", "line_manager_id", "level", "active"
        )
        frontier = set()
        for pk, manager_id, level, active in rows:
            managers[pk] = manager_id
            if active and level == Level.ASSISTANT_DIRECTOR:
                senior.add(pk)
            if manager_id is not None and manager_id not in managers:
                frontier.add(manager_id)
        frontier -= managers.keys()
    found: dict[int, int | None] = {}
    for pk in wanted:
        seen = {pk}
        manager_id = managers.get(pk)
        found[pk] = None
        while manager_id is not None and manager_id not in seen:
            if manager_id in senior:
                found[pk] = manager_id
                break
            seen.add(manager_id)
            manager_id = managers.get(manager_id)
    reviewers = Officer.objects.select_related("user").in_bulk(
        {pk for pk in found.values() if pk is not None}
    )
    return {pk: reviewers.get(ad) if ad else None for pk, ad in found.items()}


def reviews_for(
    user: AbstractBaseUser | AnonymousUser,
    today: datetime.date | None = None,
    *,
    only: int | None = None,
) -> list[DueReview]:
    """The interests due for review that this user should see (`only`: just that one).

    A monitoring officer sees every one in their organisations' registers; an
    assistant director those of the officers they are the nearest assistant director
    to. Nobody is asked to review their own interest.
    """
    officer = access.officer_of(user)
    kept = set(access.monitoring_officer_organisations(user).values_list("pk", flat=True))
    due = due_interests(today)
    if only is not None:
        due = due.filter(pk=only)
    if officer is not None:
        due = due.exclude(officer=officer)
    declarations = list(due)
    reviewers = nearest_assistant_directors({d.officer_id for d in declarations})
    return [
        DueReview(d, d.last_reviewed_on, reviewers.get(d.officer_id))
        for d in declarations
        if d.organisation_id in kept
        or d.officer.seconded_to_id in kept
        or (officer is not None and _same(reviewers.get(d.officer_id), officer))
    ]


def due_review(
    user: AbstractBaseUser | AnonymousUser, pk: int, today: datetime.date | None = None
) -> DueReview | None:
    """One interest this user may review now, or None."""
    found = reviews_for(user, today, only=pk)
    return found[0] if found else None


def mark_reviewed(user: AbstractBaseUser, declaration_id: int, *, note: str = "") -> InterestReview:
    """Record that `user` reviewed the interest, with an event in its history."""
    reviewer = access.officer_of(user)
    if reviewer is None:
        raise ReviewError("Your account is not linked to a staff record, so it cannot review.")
    with transaction.atomic():
        # Lock the row so that two reviews of the same interest cannot cross.
        locked = Declaration.objects.select_for_update().filter(pk=declaration_id).first()
        item = due_review(user, declaration_id) if locked else None
        if item is None:
            raise ReviewError(
                "This interest is not waiting for your review: it may have been reviewed "
                "in the last 12 months already."
            )
        review = InterestReview.objects.create(
            declaration=item.declaration, reviewed_by=reviewer, note=note.strip()
        )
        record_event(item.declaration, "interest_reviewed", actor=user, note=note.strip())
    return review


def _same(a: Officer | None, b: Officer | None) -> bool:
    return a is not None and b is not None and a.pk == b.pk
