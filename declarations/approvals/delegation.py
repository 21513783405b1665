"""Delegation: an approver away names a delegate, who decides for them on the record.

One lookup answers "is this delegation in force on that day" (`in_force`) and every
question about who acts for whom is built on it: routing sends a step that opens to the
approver's delegate (`delegate_for`), decisions lets a delegate decide (`delegate_for`
again) and puts their delegators' steps in their queue (`delegators_of`,
`delegates_of`), and the delegation page and the admin make delegations through
`delegate`, checked by `delegation_errors`. Validation keeps one approver's delegations
from overlapping; were two ever in force at once (made directly in the database), the
latest made is the one that counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from declarations import choices as c
from declarations import clock, labels, notifications
from declarations.models import ApprovalStep, Declaration, Delegation, Officer
from declarations.workflow import record_event

# --- who acts for whom ----------------------------------------------------------------


def in_force(on: datetime.date | None = None) -> QuerySet[Delegation]:
    """Delegations covering `on` (today by default), both ends included."""
    on = on or clock.today()
    return Delegation.objects.filter(starts_on__lte=on, ends_on__gte=on)


def current_delegation(
    approver: Officer | int, on: datetime.date | None = None
) -> Delegation | None:
    """The approver's delegation in force on `on` (the latest made, if several)."""
    return (
        in_force(on)
        .filter(delegator=approver)
        .select_related("delegate__user", "delegator__user")
        .order_by("-created_at", "-id")
        .first()
    )


def delegate_for(
    approver: Officer | int, declarant: Officer, on: datetime.date | None = None
) -> Officer | None:
    """Who acts for `approver` on `on`, if anyone can on this declarant's declaration:
    nobody decides their own declaration, and a delegate who has left acts for no one."""
    delegation = current_delegation(approver, on)
    if delegation is None:
        return None
    delegate = delegation.delegate
    if not delegate.active or delegate.pk == declarant.pk:
        return None
    return delegate


def delegates_for(
    approvers: Iterable[int | None], declarant: Officer, on: datetime.date | None = None
) -> dict[int, Officer]:
    """`delegate_for` for several approvers at once, in one query: approver id -> who
    acts for them on `on` (approvers nobody acts for are left out)."""
    wanted = {pk for pk in approvers if pk is not None}
    if not wanted:
        return {}
    found: dict[int, Officer] = {}
    seen: set[int] = set()
    for delegation in (
        in_force(on)
        .filter(delegator_id__in=wanted)
        .select_related("delegate__user")
        .order_by("-created_at", "-id")
    ):
        if delegation.delegator_id in seen:
            continue  # only the latest made counts, as in current_delegation
        seen.add(delegation.delegator_id)
        delegate = delegation.delegate
        if delegate.active and delegate.pk != declarant.pk:
            found[delegation.delegator_id] = delegate
    return found


def delegators_of(officer: Officer, on: datetime.date | None = None) -> QuerySet[Delegation, Any]:
    """The ids (`delegator_id`) of the approvers `officer` acts for on `on`, as a subquery."""
    return in_force(on).filter(delegate=officer).values("delegator_id")


def delegates_of(officer: Officer, on: datetime.date | None = None) -> QuerySet[Delegation, Any]:
    """The ids (`delegate_id`) of the people acting for `officer` on `on`, as a subquery."""
    return in_force(on).filter(delegator=officer).values("delegate_id")


def given_by(officer: Officer, on: datetime.date | None = None) -> QuerySet[Delegation]:
    """The officer's delegations not yet over, soonest first (for their delegation page)."""
    on = on or clock.today()
    return (
        Delegation.objects.filter(delegator=officer, ends_on__gte=on)
        .select_related("delegate__user")
        .order_by("starts_on")
    )


def received_by(officer: Officer, on: datetime.date | None = None) -> QuerySet[Delegation]:
    """Delegations to the officer not yet over, soonest first."""
    on = on or clock.today()
    return (
        Delegation.objects.filter(delegate=officer, ends_on__gte=on)
        .select_related("delegator__user")
        .order_by("starts_on")
    )


def candidates(delegator: Officer) -> QuerySet[Officer]:
    """Who may be named the delegator's delegate: an active colleague at their employer."""
    return (
        Officer.objects.filter(organisation_id=delegator.organisation_id, active=True)
        .exclude(pk=delegator.pk)
        .select_related("user")
    )


def overlapping(
    delegator: Officer,
    starts_on: datetime.date,
    ends_on: datetime.date,
    *,
    besides: Delegation | None = None,
) -> Delegation | None:
    """One of the delegator's delegations sharing a day with this range, if any (other
    than `besides`, a delegation whose dates are being changed)."""
    sharing = Delegation.objects.filter(
        delegator=delegator, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if besides is not None:
        sharing = sharing.exclude(pk=besides.pk)
    return sharing.select_related("delegate__user").order_by("-starts_on", "-id").first()


# --- making a delegation --------------------------------------------------------------


def delegation_errors(
    delegator: Officer,
    delegate: Officer | None,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    *,
    today: datetime.date | None = None,
) -> dict[str, str]:
    """Field name -> what is wrong, in words for the delegation page and the admin."""
    today = today or clock.today()
    errors: dict[str, str] = {}
    if delegate is None:
        errors["delegate"] = "Select who will decide for you"
    elif delegate.pk == delegator.pk:
        errors["delegate"] = "Select someone other than yourself"
    elif delegate.organisation_id != delegator.organisation_id:
        errors["delegate"] = (
            f"Select someone who works for {labels.employer_in_text(delegator.organisation.code)}"
        )
    elif not delegate.active:
        errors["delegate"] = f"{delegate.full_name} is no longer an active member of staff"
    if starts_on is None:
        errors["starts_on"] = "Enter the date your delegate starts deciding for you"
    if ends_on is None:
        errors["ends_on"] = "Enter the date your delegate stops deciding for you"
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = "The end date must be the same as or after the start date"
        elif ends_on < today:
            errors["ends_on"] = "The end date must be today or in the future"
        else:
            clash = overlapping(delegator, starts_on, ends_on)
            if clash is not None:
                errors["starts_on"] = (
                    f"You already have {clash.delegate.full_name} as your delegate from "
                    f"{labels.long_date(clash.starts_on)} to "
                    f"{labels.long_date(clash.ends_on)}: choose dates that do "
                    "not overlap"
                )
    return errors


def delegate(
    delegator: Officer,
    delegate: Officer,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> Delegation:
    """Name a delegate for a date range; if it covers today, hand over open steps now.

    Steps that open later go to the delegate when they open (routing.open_step). Steps
    on the delegate's own declarations stay with the delegator. Raises ValidationError
    (with `delegation_errors`' messages), and then nothing is saved.
    """
    errors = delegation_errors(delegator, delegate, starts_on, ends_on)
    if errors:
        raise ValidationError(errors)
    today = clock.today()
    with transaction.atomic():
        delegation = Delegation.objects.create(
            delegator=delegator,
            delegate=delegate,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason,
        )
        if starts_on <= today <= ends_on:
            waiting = ApprovalStep.objects.filter(
                assignee=delegator, state=c.StepState.PENDING, opened_at__isnull=False
            ).exclude(declaration__officer=delegate)
            # Declarations first, then steps: the lock order `decisions.decide` uses.
            list(
                Declaration.objects.select_for_update()
                .filter(pk__in=list(waiting.values_list("declaration_id", flat=True)))
                .order_by("pk")
            )
            steps = waiting.select_for_update(of=("self",)).order_by("id")
            period = f"{labels.long_date(starts_on)} to {labels.long_date(ends_on)}"
            for step in steps:
                step.assignee = delegate
                step.delegated_from = delegator
                step.save(update_fields=["assignee", "delegated_from"])
                record_event(
                    step.declaration,
                    c.EventAction.STEP_DELEGATED,
                    actor=delegator.user,
                    note=f"Step {step.order} ({labels.role(step.role).lower()}) passed "
                    f"from {delegator.full_name} to {delegate.full_name}, delegate {period}.",
                )
                notifications.queue_step_opened(step)
    return delegation
