"""Leavers: what happens when an officer leaves, on their leaving date.

The officer import (a leaving date, or "active: no"), an administrator (the Officer
admin) and the daily task (for dates set ahead) all come here:

* `record_leaving` stores the leaving date; if it is today or past, `apply_leaving`
  applies it at once, otherwise the daily task (`apply_leaving_dates`) does on the day;
* applying it: the officer and their user account are made inactive, so neither a
  password nor single sign-on signs them in and a session they hold stops working
  (Django's ModelBackend and the SSO backend refuse an inactive user), and the sessions
  recorded for them are deleted too; the security log records it (no secrets); their
  waiting approval steps pass to the next person their routes name
  (approvals.move_steps_of_leaver); and their interests and outside work still in force
  are ended on the leaving date, each with its history saying why.

Everything is idempotent: applying a leaving twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from declarations import choices as c
from declarations import clock, labels, security_log
from declarations.models import Declaration, Officer, SignedInSession
from declarations.workflow import events_written_together, transition
from policies.vocabulary import DeclarationType

logger = logging.getLogger(__name__)

# What goes on while the officer is in post, and so ends when they leave.
ENDED_ON_LEAVING: tuple[str, ...] = (DeclarationType.INTEREST, DeclarationType.OUTSIDE_WORK)
IN_FORCE: tuple[str, ...] = (c.Status.APPROVED, c.Status.RECORDED)


@dataclass(frozen=True)
class Leaving:
    """What applying a leaving did: nothing at all the second time."""

    newly_left: bool  # made inactive now (False: they had already left)
    steps_moved: int
    ended: int  # interests and outside work ended
    signed_out: int  # sessions ended

    def __bool__(self) -> bool:
        return bool(self.newly_left or self.steps_moved or self.ended or self.signed_out)


def record_leaving(
    officer: Officer,
    left_on: datetime.date | None,
    *,
    actor: User | None,
    reason: str = "",
) -> Leaving | None:
    """Store the officer's leaving date and, if it has come, apply it now. Returns what
    applying it did, or None if the date is still to come. No date (None) clears a
    leaving date still to come; it never brings back someone who has left."""
    today = clock.today()
    with transaction.atomic():
        stored = Officer.objects.select_for_update().get(pk=officer.pk)
        if stored.left_on != left_on and (left_on is not None or stored.active):
            Officer.objects.filter(pk=officer.pk).update(left_on=left_on)
        officer.left_on = left_on if (left_on is not None or stored.active) else stored.left_on
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
        signed_out = end_sessions(user)
        if newly_left:
            security_log.record(
                c.SecurityEventKind.OFFICER_LEFT,
                user=user,
                organisation=officer.organisation,
                left_on=left_on.isoformat(),
                recorded_by=actor.get_username() if actor is not None else "daily task",
                reason=reason,
                signed_out_of=signed_out,
            )
        moved = approvals.move_steps_of_leaver(officer, actor=actor)
        ended = end_what_they_declared(officer, left_on, actor=actor)
    return Leaving(newly_left, len(moved), len(ended), signed_out)


def apply_leaving_dates(today: datetime.date | None = None) -> list[Officer]:
    """The daily task: apply every leaving date that has come, for officers still active
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


def end_sessions(user: User) -> int:
    """Delete the sessions the user is signed in with, from the session store and from
    the list of their sessions (accounts.sessions keeps it). Returns how many."""
    rows = list(SignedInSession.objects.filter(user=user).values_list("pk", "session_key"))
    if not rows:
        return 0
    engine = import_module(settings.SESSION_ENGINE)
    for _, key in rows:
        engine.SessionStore(session_key=key).delete(key)
    SignedInSession.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    return len(rows)


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
    why = f"Ended because {officer.full_name} left on {labels.long_date(left_on)}."
    with events_written_together():
        for declaration in in_force:
            ended_on = max(left_on, declaration.date)
            declaration.ended_on = ended_on
            transition(
                declaration,
                c.EventAction.END,
                actor=actor,
                note=f"Ended on {labels.long_date(ended_on)}. {why}",
                locked=True,
                save=False,
            )
            declaration.save(update_fields=["ended_on", "status", "updated_at"])
    return in_force
