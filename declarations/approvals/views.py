"""Pages for approvers: the decision queue, one step's decision page and delegation.

Thin on purpose (parse, call, render): who may see and decide what, and what deciding
does, live in decisions.py; what the queue shows in queue.py; routes in routing.py;
delegations in delegation.py; the forms in forms.py. The queue and delegation open only
for someone a route could ask (`decisions.may_ever_decide`, which the navigation asks
too); an approver sees only the steps routed to them or to someone they act for; anyone
else's step is 403 and a step that does not exist 404.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from declarations import access, clock, filing, labels
from declarations import choices as c
from declarations.access import OfficerRequest, View, officer_required
from declarations.approvals import decisions, delegation, queue, routing
from declarations.approvals.forms import DecisionForm, DelegationForm, QueueFilterForm
from declarations.models import ApprovalStep, Declaration


def forbidden(request: OfficerRequest, message: str) -> HttpResponse:
    """Refused (403), with the way back to the approver's queue (for someone who has
    none, to their own declarations: never a link that refuses them too)."""
    if not decisions.may_ever_decide(request.officer):
        return access.forbidden(request, message)
    return access.forbidden(
        request,
        message,
        back_url=reverse("decision-queue"),
        back_text="Go to the declarations waiting for your decision",
    )


def approvers_only(view: View) -> View:
    """The queue and delegation are for someone a route could ask; anyone else is refused
    (403), as the navigation, asking the same function, never offers them."""

    @functools.wraps(view)
    def wrapper(request: OfficerRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not decisions.may_ever_decide(request.officer):
            return access.forbidden(
                request,
                "Declarations are sent to line managers and to the people the codes name "
                "for a decision. None is sent to you.",
            )
        return view(request, *args, **kwargs)

    return officer_required(wrapper)


# --- the queue ------------------------------------------------------------------------


@require_http_methods(["GET"])
@approvers_only
def decision_queue(request: OfficerRequest) -> HttpResponse:
    """For your decision: the declarations waiting for the signed-in officer, oldest
    first, one row each however many of its steps they hold, 50 a page (keyset: the
    links carry the first or last row's place; a damaged one shows the first page)."""
    officer = request.officer
    today = clock.today()
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    waiting = queue.parts(officer, today)
    shown = queue.page(
        waiting,
        today,
        filters,
        after=queue.parse_cursor(request.GET.get("after")),
        before=queue.parse_cursor(request.GET.get("before")),
    )
    counts = queue.counts_of(waiting, today)
    return render(
        request,
        "approvals/queue.html",
        {
            "form": form,
            "filters": filters,
            "filter_choices": queue.filter_choices(counts, filters),
            "page": shown,
            "page_size": queue.PAGE_SIZE,
            "rows": queue.rows(shown.steps, officer, today),
            "total": counts.total,
            "overdue_count": counts.overdue,
            # Beyond the counting limit the figures above are lower bounds: the page says
            # "more than" and "at least", never an exact number.
            "more_than_limit": counts.more_than_limit,
            "limit_words": counts.limit_words,
            "unresolved_words": queue.unresolved_words(waiting, counts, officer, today),
        },
    )


# --- one step -------------------------------------------------------------------------


def verdict_summary(declaration: Declaration) -> dict[str, Any]:
    """The stored verdict in words, with a link to each clause it cites."""
    verdict = declaration.verdict or {}
    deadline = verdict.get("deadline")
    return {
        "outcome": verdict.get("outcome") or "",
        "reasons": verdict.get("reasons") or [],
        "citations": [filing.citation_link(ref) for ref in verdict.get("citations") or []],
        "flags": [labels.flag(flag) for flag in verdict.get("flags") or []],
        "deadline": datetime.date.fromisoformat(deadline) if deadline else None,
        "late": bool(verdict.get("late")),
        "written": bool(verdict.get("written")),
        "codes": [labels.employer_in_text(code) for code in verdict.get("codes_applied") or []],
    }


def _detail_context(
    request: OfficerRequest, step: ApprovalStep, form: DecisionForm | None, error: str = ""
) -> dict[str, Any]:
    officer = request.officer
    declaration = step.declaration
    allowed = decisions.decisions_for(declaration)
    can_decide = decisions.is_waiting(step) and decisions.may_decide(step, officer)
    acting_for = decisions.acting_for(step, officer) if can_decide else None
    settling = decisions.settled_with(step, officer) if can_decide else [step]
    return {
        "step": step,
        "declaration": declaration,
        "declarant": declaration.officer,
        "rows": filing.summary_rows(declaration),
        "verdict": verdict_summary(declaration),
        "steps": routing.route_for_display(declaration),
        "history": filing.history(declaration),
        "repeats": queue.repeats(declaration),
        "can_decide": can_decide,
        "acting_for": acting_for,
        "allowed": allowed,
        "approval": c.Decision.APPROVE in allowed,
        "form": form or DecisionForm(allowed=allowed),
        "error": error,
        "not_reached": step.state == c.StepState.PENDING and step.opened_at is None,
        "outcome": routing.outcome_of(declaration),
        "what_happened": queue.what_happened(declaration),
        "settles_several": len(settling) > 1,
        "settled_steps": labels.in_words([str(s.order) for s in settling]),
        "settled_roles": labels.in_words([labels.role_in_text(s.role) for s in settling]),
    }


@require_http_methods(["GET", "POST"])
@officer_required
def decision_detail(request: OfficerRequest, step_id: int) -> HttpResponse:
    """One step: the declaration, its verdict, route and history; decide it (POST)."""
    officer = request.officer
    step = get_object_or_404(
        ApprovalStep.objects.select_related(
            "declaration__officer__user",
            "declaration__organisation",
            "assignee__user",
            "delegated_from__user",
            "decided_by__user",
        ),
        pk=step_id,
    )
    if step.declaration.officer_id == officer.pk:
        return forbidden(request, "You cannot decide on your own declaration.")
    if not decisions.may_view(step, officer):
        return forbidden(request, "This declaration has not been sent to you for a decision.")
    if request.method == "GET":
        return render(request, "approvals/detail.html", _detail_context(request, step, None))

    allowed = decisions.decisions_for(step.declaration)
    form = DecisionForm(request.POST, allowed=allowed)
    if not form.is_valid():
        return render(request, "approvals/detail.html", _detail_context(request, step, form))
    decision = form.cleaned_data["decision"]
    try:
        decided = decisions.decide(
            step.pk, by=officer, decision=decision, reason=form.cleaned_data["reason"]
        )
    except decisions.NotYours as refusal:
        return forbidden(request, str(refusal))
    except decisions.ReasonRequired as refusal:
        form.add_error("reason", str(refusal))
        return render(request, "approvals/detail.html", _detail_context(request, step, form))
    except decisions.DecisionError as refusal:  # already decided, not open, wrong kind
        step.refresh_from_db()
        context = _detail_context(request, step, None, error=str(refusal))
        return render(request, "approvals/detail.html", context, status=409)
    done = labels.step_state(decided.state).lower()  # "approved", "acknowledged"
    messages.success(
        request,
        f"You {done} {decided.declaration.reference_with_version} "
        f"for {decided.declaration.officer.full_name}.",
    )
    return redirect("decision-queue")


# --- delegation -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@approvers_only
def delegate_view(request: OfficerRequest) -> HttpResponse:
    """Name someone to decide for you while you are away."""
    officer = request.officer
    today = clock.today()
    if request.method == "POST":
        form = DelegationForm(request.POST, delegator=officer)
        if form.is_valid():
            data = form.cleaned_data
            delegation.delegate(
                officer, data["delegate"], data["starts_on"], data["ends_on"], data["reason"]
            )
            messages.success(
                request,
                f"{data['delegate'].full_name} will decide for you from "
                f"{labels.long_date(data['starts_on'])} to {labels.long_date(data['ends_on'])}.",
            )
            return redirect("decision-delegate")
    else:
        form = DelegationForm(delegator=officer)
    return render(
        request,
        "approvals/delegate.html",
        {
            "form": form,
            "given": delegation.given_by(officer, today),
            "received": delegation.received_by(officer, today),
            "today": today,
        },
    )
