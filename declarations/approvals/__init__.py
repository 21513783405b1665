"""The approvals journey: who decides a declaration and their decisions.

routing opens a submitted declaration's route and describes it; disposition lets the
officer say what happened to something their code says must be declined or must not go
ahead, which opens its route; decisions lets approvers decide its steps; delegation says
who acts for an approver who is away; moving passes waiting steps on when the person
asked has left or no longer holds the role; reminders chase steps left open, interests nearing
their deadline and dispositions not yet told; queue, forms, views and urls are the
approvers' pages.

Other journeys, the admin and the demo loader use only the names below (views and urls
are not imported here, so importing this package pulls in no page and no other journey).
"""

from declarations.approvals.decisions import DecisionError, decide, is_on_route, may_ever_decide
from declarations.approvals.delegation import delegate, delegation_errors
from declarations.approvals.disposition import (
    DispositionError,
    awaiting_disposition,
    disposition_due_on,
    disposition_options,
    disposition_problems,
    record_disposition,
)
from declarations.approvals.moving import (
    MovedStep,
    move_steps_after_line_management,
    move_steps_of_leaver,
    move_steps_of_role,
)
from declarations.approvals.routing import (
    RouteError,
    cancel_pending_steps,
    open_route,
    route_for_display,
)

__all__ = [
    "DecisionError",
    "DispositionError",
    "MovedStep",
    "RouteError",
    "awaiting_disposition",
    "cancel_pending_steps",
    "decide",
    "delegate",
    "delegation_errors",
    "disposition_due_on",
    "disposition_options",
    "disposition_problems",
    "is_on_route",
    "may_ever_decide",
    "move_steps_after_line_management",
    "move_steps_of_leaver",
    "move_steps_of_role",
    "open_route",
    "record_disposition",
    "route_for_display",
]
