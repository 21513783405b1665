"""The monitoring officer decides an officer's request to keep an entry out of the
published register (asked in filing.withholding).

Only the monitoring officer of the entry's register (today) sees and decides its
requests; a request is decided once: the row moves from ASKED to GRANTED or REFUSED
under a lock, with the monitoring officer's reason, and the decision is an event on the
entry (WITHHOLDING_GRANTED / WITHHOLDING_REFUSED) in the same transaction. The event's
note says only what was decided (the entry's history is read by everyone who keeps the
register); the reason stays on the request, for the officer who asked (their entry's
page) and the monitoring officers. Once granted, publishing leaves out every version
of it from then on, and the worker takes it out of every publication already made
(publishing.withdraw_later: queued in the same transaction, the latest publication
first).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from declarations import access, clock, notifications
from declarations import choices as c
from declarations.models import Officer, PublicationWithholding
from declarations.register import publishing
from declarations.workflow import record_event

# Requests listed at once (oldest first), and recent decisions below them.
WAITING_LIMIT = 50
DECIDED_LIMIT = 20
REASON_MAX = 2000
_LARGEST_ID = 2**63 - 1

GRANT = "grant"
REFUSE = "refuse"
DECISIONS = ((GRANT, "Keep it out of the published register"), (REFUSE, "Publish it as usual"))
# The entry's history: what was decided, never why (the reason is for the officer).
EVENT_NOTES = {
    GRANT: "The monitoring officer decided to keep it out of the published register.",
    REFUSE: "The monitoring officer decided to publish it as usual.",
}
# A decision as the pages list it.
DECIDED_WORDS = {
    c.WithholdingState.GRANTED: "Kept out of the published register",
    c.WithholdingState.REFUSED: "To be published as usual",
}


class AlreadyDecided(Exception):
    """The request was decided before this decision reached it."""


@dataclass(frozen=True)
class Requests:
    """The monitoring officer's page: waiting requests (oldest first, at most
    WAITING_LIMIT), whether there are more, and the latest decisions."""

    waiting: list[PublicationWithholding]
    more: bool
    decided: list[PublicationWithholding]


def requests_for(user: User | AnonymousUser) -> Requests:
    """The requests of the organisations the user is monitoring officer of: waiting ones
    along withholding_waiting_idx, oldest first; the latest decided ones."""
    organisations = sorted(access.monitoring_officer_of(user))
    rows = PublicationWithholding.objects.filter(organisation_id__in=organisations).select_related(
        "asked_by__user", "declaration", "organisation", "decided_by__user"
    )
    waiting = list(
        rows.filter(state=c.WithholdingState.ASKED).order_by("asked_at", "id")[: WAITING_LIMIT + 1]
    )
    decided = list(
        rows.exclude(state=c.WithholdingState.ASKED).order_by("-decided_at", "-id")[:DECIDED_LIMIT]
    )
    return Requests(waiting[:WAITING_LIMIT], len(waiting) > WAITING_LIMIT, decided)


def request_for(user: User | AnonymousUser, pk: int) -> PublicationWithholding | None:
    """The request with this id if there is one (None), for its monitoring officer only:
    anyone else is refused (PermissionDenied)."""
    if not 0 < pk <= _LARGEST_ID:
        return None
    withholding = (
        PublicationWithholding.objects.select_related(
            "asked_by__user", "declaration__officer__user", "organisation", "decided_by__user"
        )
        .filter(pk=pk)
        .first()
    )
    if withholding is None:
        return None
    if withholding.organisation_id not in access.monitoring_officer_of(user):
        raise PermissionDenied("Only the monitoring officer decides these requests.")
    return withholding


def decide(
    withholding: PublicationWithholding, by: Officer, decision: str, reason: str
) -> PublicationWithholding:
    """Grant or refuse the request, once: the row is locked and must still be waiting
    (AlreadyDecided otherwise); the reason is kept on the request and the decision (not
    the reason) written on the entry's history. A grant has the worker take the entry
    out of every publication already made, once this commits."""
    reason = reason.strip()
    if decision not in (GRANT, REFUSE):
        raise ValueError(f"{decision!r} is not a decision.")
    if not reason:
        raise ValueError("Enter the reason for your decision")
    with transaction.atomic():
        locked = (
            PublicationWithholding.objects.select_for_update(of=("self",))
            .select_related("declaration", "asked_by__user", "organisation")
            .get(pk=withholding.pk)
        )
        if locked.organisation_id not in access.monitoring_officer_of(by.user):
            raise PermissionDenied("Only the monitoring officer decides these requests.")
        if locked.state != c.WithholdingState.ASKED:
            raise AlreadyDecided(
                "This request has already been decided: "
                f"{DECIDED_WORDS[c.WithholdingState(locked.state)].lower()}."
            )
        granted = decision == GRANT
        locked.state = c.WithholdingState.GRANTED if granted else c.WithholdingState.REFUSED
        locked.decided_by = by
        locked.decided_at = clock.now()
        locked.decision_reason = reason
        locked.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
        record_event(
            locked.declaration,
            c.EventAction.WITHHOLDING_GRANTED if granted else c.EventAction.WITHHOLDING_REFUSED,
            actor=by.user,
            note=EVENT_NOTES[decision],
        )
        if granted:
            # Out of the latest publication and every previous version now, not at the
            # next publication: by the worker, as soon as this commits (a council's
            # publications are too many to rewrite within this request).
            publishing.withdraw_later(locked.organisation, {locked.reference})
        notifications.notify_withholding_decided(locked)
    return locked
