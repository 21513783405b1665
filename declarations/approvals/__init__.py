"""The approvals journey: who decides a declaration and their decisions.

routing opens a submitted declaration's route and describes it; decisions lets approvers
decide its steps; delegation says who acts for an approver who is away; reminders chase
steps left open and interests nearing their deadline; queue, forms, views and urls are
the approvers' pages.

Other journeys, the admin and the demo loader use only the names below (views and urls
are not imported here, so importing this package pulls in no page and no other journey).
"""

from declarations.approvals.decisions import DecisionError, decide
from declarations.approvals.delegation import delegate, delegation_errors
from declarations.approvals.routing import (
    RouteError,
    awaiting_confirmation,
    cancel_pending_steps,
    confirm_declined,
    open_route,
    route_for_display,
)

__all__ = [
    "DecisionError",
    "RouteError",
    "awaiting_confirmation",
    "cancel_pending_steps",
    "confirm_declined",
    "decide",
    "delegate",
    "delegation_errors",
    "open_route",
    "route_for_display",
]
