"""Leavers: what happens when an officer leaves, on their leaving date.

The officer import (a leaving date, or "active: no"), an administrator (the Officer
admin) and the hourly task (for dates set ahead) all come here:

* `record_leaving` stores the leaving date; if it is today or past, `apply_leaving`
  applies it at once, otherwise the hourly task (`apply_leaving_dates`) does on the day.
  Once someone has left (inactive), their leaving date stays as it was applied:
  `record_leaving` changes nothing for them (a reload of the demo or a later import
  giving another date does not move it);
* applying it: the officer and their user account are made inactive, so neither a
  password nor single sign-on signs them in and a session they hold stops working
  (Django's ModelBackend and the SSO backend refuse an inactive user), and the sessions
  recorded for them are deleted too; the security log records it (no secrets); their
  new interests and outside work still awaiting a decision (approval or
  acknowledgement), entries never yet in force, are withdrawn, through the workflow,
  with their waiting steps cancelled (they would otherwise come into force after the
  officer left, with no end); an amendment awaiting a decision of an entry that was in
  force stays with its approvers (the version it amends is superseded, and withdrawing
  the amendment would show as withdrawn an interest the officer held until they left):
  approved or recorded later, it ends on the leaving date then
  (approvals.decisions.end_if_declarant_left); their waiting
  approval steps on other people's declarations pass to the next person their routes
  name (approvals.move_steps_of_leaver); and their interests and outside work still in
  force are ended on the leaving date, each with its history saying why. Drafts are
  left as they are (nobody is asked anything about them).

Everything is idempotent: applying a leaving twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from declarations import accounts, clock, labels, security_log
from declarations import choices as c
from declarations.models import Declaration, DeclarationEvent, Officer
from declarations.workflow import (
    ENDED_ON_LEAVING,
    end_on_leaving,
    events_written_together,
    transition,
)

logger = logging.getLogger(__name__)

# What goes on while the officer is in post, and so ends when they leave.
IN_FORCE: tuple[str, ...] = (c.Status.APPROVED, c.Status.RECORDED)
# Awaiting a decision (approval or acknowledgement): withdrawn when the officer leaves.
AWAITING_DECISION: tuple[str, ...] = (
    c.Status.SUBMITTED,
    c.Status.AWAITING_APPROVAL,
    c.Status.AWAITING_ACKNOWLEDGEMENT,
)


@dataclass(frozen=True)
class Leaving:
    """What applying a leaving did: nothing at all the second time."""

    newly_left: bool  # made inactive now (False: they had already left)
    steps_moved: int
    ended: int  # interests and outside work ended
    signed_out: int  # sessions ended
    withdrawn: int = 0  # interests and outside work awaiting a decision, withdrawn

    def __bool__(self) -> bool:
        return bool(
            self.newly_left or self.steps_moved or self.ended or self.signed_out or self.withdrawn
        )


def record_leaving(
    officer: Officer,
    left_on: datetime.date | None,
    *,
    actor: User | None,
    reason: str = "",
) -> Leaving | None:
    """Store the officer's leaving date and, if it has come, apply it now. Returns what
    applying it did, or None if the date is still to come or they have left already.
    No date (None) clears a leaving date still to come. Someone who has left (inactive)
    is left exactly as they are: their leaving date was applied and is not moved, and
    they are never brought back (the Officer admin refuses both too)."""
    today = clock.today()
    with transaction.atomic():
        stored = Officer.objects.select_for_update().get(pk=officer.pk)
        if not stored.active:
            return None
        if stored.left_on != left_on:
            Officer.objects.filter(pk=officer.pk).update(left_on=left_on)
        officer.left_on = left_on
        if left_on is None or left_on > today:
            return None
        return apply_leaving(officer, actor=actor, reason=reason)


def apply_leaving(officer: Officer, *, actor: User | None, reason: str = "") -> Leaving:
    """Apply the officer's leaving (on their leaving date, or today if none is stored):
    see the module's docstring. Returns what it did (nothing, if it had been done)."""
    from declarations import approvals  # late: the approvals journey imports people

    today = clock.today()
    with transaction.atomic():
        officer = (
            Officer.objects.select_for_update(of=("self",))
            .select_related("user", "organisation")
            .get(pk=officer.pk)
        )
        user = officer.user
        left_on = officer.left_on or today
        newly_left = officer.active or user.is_active or officer.left_on is None
        if newly_left:
            Officer.objects.filter(pk=officer.pk).update(active=False, left_on=left_on)
            get_user_model().objects.filter(pk=user.pk).update(is_active=False)
            officer.active, officer.left_on, user.is_active = False, left_on, False
        signed_out = accounts.end_all_sessions(user)
        if newly_left:
            security_log.record(
                c.SecurityEventKind.OFFICER_LEFT,
                user=user,
                organisation=officer.organisation,
                left_on=left_on.isoformat(),
                recorded_by=actor.get_username() if actor is not None else "hourly task",
                reason=reason,
                signed_out_of=signed_out,
            )
        withdrawn = withdraw_what_awaits_a_decision(officer, left_on, actor=actor)
        moved = approvals.move_steps_of_leaver(officer, actor=actor)
        ended = end_what_they_declared(officer, left_on, actor=actor)
    return Leaving(newly_left, len(moved), len(ended), signed_out, len(withdrawn))


def apply_leaving_dates(today: datetime.date | None = None) -> list[Officer]:
    """The hourly task: apply every leaving date that has come, for officers still active
    (the partial index `officer_leaving_idx`). Each officer in their own transaction, so
    one failure does not hold back the others' leaving. Returns who left."""
    today = today or clock.today()
    due = list(
        Officer.objects.filter(active=True, left_on__isnull=False, left_on__lte=today)
        .select_related("user")
        .order_by("left_on", "pk")
    )
    left = []
    for officer in due:
        try:
            apply_leaving(officer, actor=None, reason="leaving date reached")
        except Exception:  # logged; the next officer's leaving still goes ahead
            logger.exception("Could not apply the leaving date of officer %s", officer.pk)
        else:
            left.append(officer)
    return left


def was_in_force_before() -> Exists:
    """An earlier version of the declaration's entry was once approved or recorded (its
    history says so: an event into or out of either status, such as the "replaced by a
    new version" of one in force): the declaration amends an entry that was in force."""
    return Exists(
        DeclarationEvent.objects.filter(
            Q(to_status__in=IN_FORCE) | Q(from_status__in=IN_FORCE),
            declaration__officer=OuterRef("officer"),
            declaration__reference=OuterRef("reference"),
            declaration__version__lt=OuterRef("version"),
        )
    )


def withdraw_what_awaits_a_decision(
    officer: Officer, left_on: datetime.date, *, actor: User | None
) -> list[Declaration]:
    """Withdraw the officer's interests and outside work still awaiting a decision
    (approval or acknowledgement) that were never in force, through the workflow's
    "withdraw", and cancel their waiting steps: approved after the officer left, one
    would come into force for someone no longer there. Drafts stay as they are.

    An amendment of an entry that was in force is not withdrawn: submitting it
    superseded the version in force, so withdrawing it would leave the entry withdrawn
    (out of the register at once) when the officer held it until they left. It stays
    with its approvers and, once approved or recorded, ends on the leaving date
    (approvals.decisions.end_if_declarant_left)."""
    from declarations import approvals  # late: the approvals journey imports people

    waiting = list(
        Declaration.objects.filter(
            officer=officer, type__in=ENDED_ON_LEAVING, status__in=AWAITING_DECISION
        )
        .exclude(was_in_force_before())
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    why = f"{officer.full_name} left on {labels.long_date(left_on)}"
    with events_written_together():
        for declaration in waiting:
            transition(
                declaration,
                c.EventAction.WITHDRAW,
                actor=actor,
                note=f"Withdrawn because {why}.",
                locked=True,
            )
            approvals.cancel_pending_steps(
                declaration,
                actor=actor,  # None: the hourly task
                why=f"it was withdrawn because {why}",
            )
    return waiting


def end_what_they_declared(
    officer: Officer, left_on: datetime.date, *, actor: User | None
) -> list[Declaration]:
    """End the officer's interests and outside work still in force (approved or
    recorded, the version that stands) on their leaving date, through the workflow's
    "end", each with a note saying it was ended because they left. An entry that starts
    after the leaving date ends on the day it starts (the end cannot come before it)."""
    in_force = list(
        Declaration.objects.filter(officer=officer, type__in=ENDED_ON_LEAVING, status__in=IN_FORCE)
        .standing()
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=left_on))
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    with events_written_together():
        for declaration in in_force:
            end_on_leaving(declaration, left_on, leaver=officer.full_name, actor=actor)
    return in_force
