"""An officer asks for one of their entries to be kept out of the published register.

For their safety (someone at risk should not be named in public with, say, their
outside work), the officer asks and the monitoring officer of the entry's register
decides (register.withholding). The entry stays in the register itself: only the
published register leaves it out, every version of it, once the request is granted.

The request is a PublicationWithholding (ASKED, with the officer's reason) and a
WITHHOLDING_ASKED event on the entry (without it: others who keep the register read the
history), written together, so the history shows it however the row is later decided.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from declarations import choices as c
from declarations import clock, notifications
from declarations.models import Declaration, Officer, PublicationWithholding
from declarations.register import may_be_published
from declarations.workflow import record_event

# Where an entry stands once it can be published, or could be once decided.
_ASKABLE = frozenset(
    {
        c.Status.SUBMITTED,
        c.Status.AWAITING_APPROVAL,
        c.Status.AWAITING_ACKNOWLEDGEMENT,
        c.Status.APPROVED,
        c.Status.RECORDED,
        c.Status.ENDED,
    }
)
# Longest reason kept (the register's other free text is as long).
REASON_MAX = 2000


class WithholdingRefused(Exception):
    """A request that cannot be made; the message says why, in the officer's words."""


def could_be_published(declaration: Declaration) -> bool:
    """Whether the published register lists, or could list, the entry: submitted (it
    has a reference), standing or on its way, and of a kind publishing lists, or was of
    one in an earlier version that may have been published (register.may_be_published:
    the same conditions as the publication itself, so never a sensitive entry, a gift
    offered to family, an interest held by a relative or an officer below the level
    published). Otherwise there is nothing to keep out."""
    return (
        bool(declaration.reference)
        and declaration.status in _ASKABLE
        and may_be_published(declaration)
    )


def open_request(declaration: Declaration) -> PublicationWithholding | None:
    """The entry's request that is waiting or granted (any version's: a request is for
    the entry's reference), or None."""
    if not declaration.reference:
        return None
    return (
        PublicationWithholding.objects.filter(
            organisation_id=declaration.organisation_id,
            reference=declaration.reference,
            state__in=[c.WithholdingState.ASKED, c.WithholdingState.GRANTED],
        )
        .order_by("-asked_at", "-id")
        .first()
    )


def may_ask(declaration: Declaration) -> bool:
    """Whether the detail page offers the link: an entry that could be published, with
    no request waiting or granted."""
    return could_be_published(declaration) and open_request(declaration) is None


def ask(declaration: Declaration, officer: Officer, reason: str) -> PublicationWithholding:
    """Record the officer's request and its event. Only the entry's own officer asks;
    the entry row is locked first, so two requests sent at once make one."""
    reason = reason.strip()
    if not reason:
        raise WithholdingRefused(
            "Enter why this entry should be kept out of the published register"
        )
    if declaration.officer_id != officer.pk:
        raise WithholdingRefused("Only the officer who declared it can ask for this.")
    with transaction.atomic():
        locked = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if not could_be_published(locked):
            raise WithholdingRefused(
                "This entry is never published, so there is nothing to keep out."
            )
        existing = open_request(locked)
        if existing is not None:
            raise WithholdingRefused(
                "You have already asked: the monitoring officer has agreed to keep it out."
                if existing.state == c.WithholdingState.GRANTED
                else "You have already asked: the monitoring officer has not decided yet."
            )
        withholding = PublicationWithholding.objects.create(
            declaration=locked,
            organisation_id=locked.organisation_id,
            reference=locked.reference,
            asked_by=officer,
            asked_at=clock.now(),
            reason=reason,
        )
        # The reason stays on the request, seen by the monitoring officer who decides; the
        # entry's history (which its other keepers read) says only that it was asked.
        record_event(
            locked,
            c.EventAction.WITHHOLDING_ASKED,
            actor=officer.user,
            note="Asked the monitoring officer to keep it out of the published register.",
        )
        notifications.notify_withholding_asked(withholding)
    return withholding


def latest_request(declaration: Declaration) -> PublicationWithholding | None:
    """The entry's latest request, whatever its state (any version's), or None."""
    if not declaration.reference:
        return None
    return (
        PublicationWithholding.objects.filter(
            organisation_id=declaration.organisation_id, reference=declaration.reference
        )
        .only("id", "state", "asked_at", "decided_at", "decision_reason")
        .order_by("-asked_at", "-id")
        .first()
    )


def offer(declaration: Declaration) -> dict[str, Any]:
    """What the officer's entry page says about keeping it out of the published register:
    the latest request (`withholding`: waiting, or decided with the monitoring officer's
    reason, which only the officer reads here) and whether to offer the link
    (`may_ask_to_withhold`: never asked, or the last answer was to publish it as usual).
    An entry that could never be published gets neither."""
    if not could_be_published(declaration):
        return {"withholding": None, "may_ask_to_withhold": False}
    request = latest_request(declaration)
    return {
        "withholding": request,
        "may_ask_to_withhold": request is None or request.state == c.WithholdingState.REFUSED,
    }
