"""Reviews of declared interests, where a code asks for them (policies.duties.
InterestReviews). Thurrock 18.4: "Any disclosure of interest will be recorded by the
employee's manager and reviewed by their Assistant Director at least annually."

An interest is due for review when it stands (recorded or approved, latest version),
belongs to an officer of an organisation whose code asks for the review, below the level
the code names, and has had no InterestReview in the period the code sets (twelve
months for Thurrock). A new version of an interest is a new disclosure and is reviewed
afresh.

The reviewer is the nearest active officer at the code's reviewer level (Thurrock: an
assistant director) up the officer's line-management chain (declarations.people.hierarchy walks
it, loops stopping the walk). An officer with none in their chain is reviewed by the
monitoring officer, who sees every interest due in their organisations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet

import policies
from declarations import access, clock
from declarations import choices as c
from declarations.models import Declaration, InterestReview, Officer
from declarations.people import nearest_at_level_for
from declarations.policy_reference import citation_url
from declarations.workflow import record_event
from policies.clauses import clause_label
from policies.duties import InterestReviews
from policies.vocabulary import Employer, Level


class ReviewError(Exception):
    """A review that cannot be recorded; the message says why."""


@dataclass(frozen=True)
class DueReview:
    """One interest due for review, with who should review it."""

    declaration: Declaration
    last_reviewed_on: datetime.date | None
    reviewer: Officer | None


def declared_reviews() -> dict[str, InterestReviews]:
    """Employer code -> the interest reviews its code asks for (codes that ask none left out)."""
    return {
        employer.value: found
        for employer in Employer
        if (found := policies.duties_for(employer).interest_reviews) is not None
    }


@dataclass(frozen=True)
class AskedBy:
    """A code that asks for interest reviews, in words for the page."""

    code_name: str
    clause_label: str
    clause_url: str
    quote: str


def asked_by() -> list[AskedBy]:
    """Each code that asks for interest reviews, with the clause it asks in."""
    return [
        AskedBy(
            code_name=policies.module_for(code).NAME,
            clause_label=clause_label(code, duty.cite),
            clause_url=citation_url(f"{code}:{duty.cite}"),
            quote=duty.quote,
        )
        for code, duty in declared_reviews().items()
    ]


def months_before(today: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, or the month's last day (28 February for 29 February
    a year before)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = today.day
    while True:
        try:
            return datetime.date(year, month + 1, day)
        except ValueError:  # no 31st (or 29th) that month: its last day instead
            day -= 1


def year_before(today: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February)."""
    return months_before(today, 12)


def may_review(user: User | AnonymousUser) -> bool:
    """Monitoring officers, system administrators, and officers at the reviewer level of
    a code that asks for reviews and applies to them (their own or their host's)."""
    if not user.is_authenticated:
        return False
    if access.keeps_a_register(user):
        return True
    officer = access.officer_of(user)
    if officer is None:
        return False
    declared = declared_reviews()
    codes = [officer.organisation.code]
    if officer.seconded_to is not None:
        codes.append(officer.seconded_to.code)
    return any(
        code in declared and officer.level == declared[code].reviewer_level for code in codes
    )


def _levels_below(level: Level) -> list[str]:
    return [lower.value for lower in Level if lower.rank < level.rank]


def standing_interests() -> QuerySet[Declaration]:
    """Interests of the officers whose code asks for their interests to be reviewed (by
    the level they declared at): the version of each that stands, once it was recorded
    or approved."""
    reviewed = Q(pk__in=[])
    for code, duty in declared_reviews().items():
        reviewed |= Q(organisation__code=code, officer_level__in=_levels_below(duty.below))
    return (
        Declaration.objects.interests()
        .standing()
        .recorded_or_approved()
        .filter(reviewed)
        .annotate(last_reviewed_on=Max("interest_reviews__reviewed_on"))
        .select_related("officer__user", "organisation", "interest")
        .order_by("officer__user__last_name", "officer__user__first_name", "date", "id")
    )


def due_interests(today: datetime.date | None = None) -> QuerySet[Declaration]:
    """Standing interests with no review in the period their code sets, up to `today`."""
    today = today or clock.today()
    reviewed_recently = Q(pk__in=[])
    for code, duty in declared_reviews().items():
        recent = InterestReview.objects.filter(
            declaration=OuterRef("pk"), reviewed_on__gt=months_before(today, duty.every_months)
        )
        reviewed_recently |= Q(Exists(recent), organisation__code=code)
    return standing_interests().exclude(reviewed_recently)


def reviews_for(
    user: User | AnonymousUser,
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
    reviewers = _reviewers(declarations)
    return [
        DueReview(d, getattr(d, "last_reviewed_on", None), reviewers.get(d.officer_id))
        for d in declarations
        if d.organisation_id in kept
        or d.officer.seconded_to_id in kept
        or (officer is not None and _same(reviewers.get(d.officer_id), officer))
    ]


def due_review(
    user: User | AnonymousUser, pk: int, today: datetime.date | None = None
) -> DueReview | None:
    """One interest this user may review now, or None."""
    found = reviews_for(user, today, only=pk)
    return found[0] if found else None


def mark_reviewed(
    user: User | AnonymousUser, declaration_id: int, *, note: str = ""
) -> InterestReview:
    """Record that `user` reviewed the interest, with an event in its history (the event's
    actor is the reviewer's own account)."""
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
        record_event(
            item.declaration,
            c.EventAction.INTEREST_REVIEWED,
            actor=reviewer.user,
            note=note.strip(),
        )
    return review


def _reviewers(declarations: list[Declaration]) -> dict[int, Officer | None]:
    """Officer id -> their reviewer under their organisation's code (one walk per level)."""
    declared = declared_reviews()
    by_level: dict[Level, set[int]] = {}
    for d in declarations:
        duty = declared.get(d.organisation.code)
        if duty is not None:
            by_level.setdefault(duty.reviewer_level, set()).add(d.officer_id)
    reviewers: dict[int, Officer | None] = {}
    for level, officer_ids in by_level.items():
        reviewers.update(nearest_at_level_for(officer_ids, level))
    return reviewers


def _same(a: Officer | None, b: Officer | None) -> bool:
    return a is not None and b is not None and a.pk == b.pk
