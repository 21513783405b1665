"""Pages for approvers: the decision queue, one step's decision page, and delegation.

Thin on purpose: who may see and decide what, and what deciding does, live in
decisions.py and routing.py. An approver sees only the steps routed to them or to
someone they act for; anyone else's step is 403 and a step that does not exist 404.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, QuerySet, Sum, Value
from django.db.models.functions import Lower, Trim
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from declarations import access, labels
from declarations import choices as c
from declarations.access import officer_required
from declarations.approvals import decisions, routing
from declarations.filing import services as filing
from declarations.models import ApprovalStep, Declaration, Delegation, Officer, RoleAssignment
from policies import vocabulary as v

AGE_CHOICES: list[tuple[str, str]] = [
    ("", "Any age"),
    ("new", "Less than a week"),
    ("week", "1 to 2 weeks"),
    ("old", "2 weeks or more"),
    ("overdue", "Past its due date"),
]
# The outcomes that put a step in someone's queue (no_action has no route).
OUTCOME_CHOICES: list[tuple[str, str]] = [
    (outcome.value, labels.outcome(outcome))
    for outcome in (v.Outcome.APPROVAL_REQUIRED, v.Outcome.DECLARE, v.Outcome.PROHIBITED)
]


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """Refused (403), with the way back to the approver's queue."""
    return access.forbidden(
        request,
        message,
        back_url=reverse("decision-queue"),
        back_text="Go to the declarations waiting for your decision",
    )


# --- the queue ------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """The queue's filters (GET): anything unrecognised is ignored, not an error."""

    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *c.DECLARATION_TYPES]
    )
    outcome = forms.ChoiceField(
        label="What the code says", required=False, choices=[("", "Any"), *OUTCOME_CHOICES]
    )
    organisation = forms.ChoiceField(
        label="Employer", required=False, choices=[("", "All employers"), *c.EMPLOYERS]
    )
    age = forms.ChoiceField(label="Waiting for", required=False, choices=AGE_CHOICES)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {
                name: value
                for name, value in ((n, self.data.get(n, "")) for n in self.fields)
                if value in {str(v) for v, _ in self.fields[name].choices}
            }
        return {name: value for name, value in self.cleaned_data.items() if value}


def apply_filters(
    steps: QuerySet[ApprovalStep], filters: dict[str, str], today: datetime.date
) -> QuerySet[ApprovalStep]:
    if filters.get("type"):
        steps = steps.filter(declaration__type=filters["type"])
    if filters.get("outcome"):
        steps = steps.filter(declaration__verdict__outcome=filters["outcome"])
    if filters.get("organisation"):
        steps = steps.filter(declaration__organisation__code=filters["organisation"])
    age = filters.get("age")
    week_ago = today - datetime.timedelta(days=7)
    fortnight_ago = today - datetime.timedelta(days=14)
    if age == "new":
        steps = steps.filter(opened_at__date__gt=week_ago)
    elif age == "week":
        steps = steps.filter(opened_at__date__lte=week_ago, opened_at__date__gt=fortnight_ago)
    elif age == "old":
        steps = steps.filter(opened_at__date__lte=fortnight_ago)
    elif age == "overdue":
        steps = steps.filter(due_on__lt=today)
    return steps


def _queue_row(step: ApprovalStep, officer: Officer, today: datetime.date) -> dict[str, Any]:
    declaration = step.declaration
    opened = timezone.localdate(step.opened_at) if step.opened_at else today
    # Held as someone's delegate: say whose step it is.
    for_whom = step.assignee if step.assignee_id != officer.pk else step.delegated_from
    return {
        "step": step,
        "declaration": declaration,
        "outcome": routing.outcome_of(declaration),
        "asked": " or ".join(
            labels.decision(d) for d in decisions.decisions_for(declaration)
        ).capitalize(),
        "days_waiting": (today - opened).days,
        "overdue": bool(step.due_on and step.due_on < today),
        "for_whom": for_whom,
    }


@require_http_methods(["GET"])
@officer_required
def decision_queue(request: HttpRequest) -> HttpResponse:
    """For your decision: open steps waiting for the signed-in officer, oldest first."""
    officer: Officer = request.officer
    today = timezone.localdate()
    waiting = decisions.queue_for(officer, today)
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    rows = [_queue_row(step, officer, today) for step in apply_filters(waiting, filters, today)]
    type_counts = dict(waiting.order_by().values_list("declaration__type").annotate(n=Count("id")))
    is_monitoring_officer = (
        RoleAssignment.objects.current(today)
        .filter(officer=officer, role=c.OrganisationRole.MONITORING_OFFICER)
        .exists()
    )
    return render(
        request,
        "approvals/queue.html",
        {
            "form": form,
            "filters": filters,
            "rows": rows,
            "total": waiting.count(),
            "shown_count": len(rows),
            "overdue_count": waiting.filter(due_on__lt=today).count(),
            "unresolved_count": waiting.filter(route_unresolved=True).count(),
            "type_options": [
                (value, label, type_counts.get(value, 0)) for value, label in c.DECLARATION_TYPES
            ],
            "outcome_options": OUTCOME_CHOICES,
            "organisation_options": c.EMPLOYERS,
            "age_options": AGE_CHOICES[1:],
            "is_monitoring_officer": is_monitoring_officer,
        },
    )


# --- one step -------------------------------------------------------------------------


class DecisionForm(forms.Form):
    """Approve or reject (a reason required to reject), or acknowledge with a note."""

    decision = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve or reject this declaration"},
    )
    reason = forms.CharField(required=False, widget=forms.Textarea, max_length=2000)

    def __init__(self, *args: Any, allowed: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(d, labels.decision(d)) for d in allowed]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == c.Decision.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for rejecting this declaration")
        return data


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
        "codes": [labels.employer(code) for code in verdict.get("codes_applied") or []],
    }


def repeats(declaration: Declaration) -> dict[str, Any]:
    """The officer's other declarations about the same counterparty (the current version
    of each entry, as the register lists them).

    Matched ignoring case and surrounding spaces ("ACME Ltd " is "Acme Ltd"), both sides
    lowered by the database so they are lowered the same way.
    """
    name = declaration.counterparty.strip()
    if not name:
        return {"items": [], "count": 0, "total": Decimal("0")}
    others = (
        Declaration.objects.filter(officer_id=declaration.officer_id)
        .annotate(counterparty_key=Lower(Trim("counterparty")))
        .filter(counterparty_key=Lower(Value(name)))
        .exclude(reference=declaration.reference)
        .current_versions()
        .select_related("gift_hospitality")
        .order_by("-date", "-id")
    )
    total = others.aggregate(total=Sum("gift_hospitality__value_gbp"))["total"]
    items = list(others)
    return {"items": items, "count": len(items), "total": total or Decimal("0")}


def _detail_context(
    request: HttpRequest, step: ApprovalStep, form: DecisionForm | None, error: str = ""
) -> dict[str, Any]:
    officer: Officer = request.officer
    declaration = step.declaration
    allowed = decisions.decisions_for(declaration)
    can_decide = decisions.is_waiting(step) and decisions.may_decide(step, officer)
    acting_for = decisions.acting_for(step, officer) if can_decide else None
    return {
        "step": step,
        "declaration": declaration,
        "declarant": declaration.officer,
        "rows": filing.summary_rows(declaration),
        "verdict": verdict_summary(declaration),
        "steps": routing.route_for_display(declaration),
        "history": filing.history(declaration),
        "repeats": repeats(declaration),
        "can_decide": can_decide,
        "acting_for": acting_for,
        "allowed": allowed,
        "approval": c.Decision.APPROVE in allowed,
        "form": form or DecisionForm(allowed=allowed),
        "error": error,
        "not_reached": step.state == c.StepState.PENDING and step.opened_at is None,
        "outcome": routing.outcome_of(declaration),
    }


@require_http_methods(["GET", "POST"])
@officer_required
def decision_detail(request: HttpRequest, step_id: int) -> HttpResponse:
    """One step: the declaration, its verdict, route and history; decide it (POST)."""
    officer: Officer = request.officer
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


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Officer) -> str:
        return f"{obj.full_name}, {obj.job_title}" if obj.job_title else obj.full_name


class DelegationForm(forms.Form):
    delegate = OfficerChoiceField(
        queryset=Officer.objects.none(),
        label="Who will decide for you?",
        empty_label="Select a person",
        error_messages={"required": "Select who will decide for you"},
    )
    starts_on = forms.DateField(
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date your delegate starts deciding for you",
            "invalid": "The start date must be a real date",
        },
    )
    ends_on = forms.DateField(
        label="Until (inclusive)",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date your delegate stops deciding for you",
            "invalid": "The end date must be a real date",
        },
    )
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=200,
        help_text="For example, annual leave.",
    )

    def __init__(self, *args: Any, delegator: Officer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delegator = delegator
        self.fields["delegate"].queryset = (
            Officer.objects.filter(organisation_id=delegator.organisation_id, active=True)
            .exclude(pk=delegator.pk)
            .select_related("user")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        errors = decisions.delegation_errors(
            self.delegator, data.get("delegate"), data.get("starts_on"), data.get("ends_on")
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return data


@require_http_methods(["GET", "POST"])
@officer_required
def delegate_view(request: HttpRequest) -> HttpResponse:
    """Name someone to decide for you while you are away."""
    officer: Officer = request.officer
    today = timezone.localdate()
    if request.method == "POST":
        form = DelegationForm(request.POST, delegator=officer)
        if form.is_valid():
            data = form.cleaned_data
            decisions.delegate(
                officer, data["delegate"], data["starts_on"], data["ends_on"], data["reason"]
            )
            messages.success(
                request,
                f"{data['delegate'].full_name} will decide for you from "
                f"{data['starts_on']:%-d %B %Y} to {data['ends_on']:%-d %B %Y}.",
            )
            return redirect("decision-delegate")
    else:
        form = DelegationForm(delegator=officer)
    return render(
        request,
        "approvals/delegate.html",
        {
            "form": form,
            "given": Delegation.objects.filter(delegator=officer, ends_on__gte=today)
            .select_related("delegate__user")
            .order_by("starts_on"),
            "received": Delegation.objects.filter(delegate=officer, ends_on__gte=today)
            .select_related("delegator__user")
            .order_by("starts_on"),
            "today": today,
        },
    )


# --- the officer's own prohibited declaration -------------------------------------------


@require_POST
@officer_required
def confirm_declined_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer confirms a prohibited offer was declined, so the route can acknowledge it."""
    declaration = get_object_or_404(Declaration, pk=pk, officer=request.officer)
    try:
        routing.confirm_declined(declaration, request.user)
    except routing.RouteError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Thank you: you confirmed it was declined or not taken up.")
    try:
        return redirect("declaration-detail", pk=declaration.pk)
    except NoReverseMatch:
        return redirect("home")


def waiting_count(officer: Officer) -> int:
    """How many steps wait for this officer (for a navigation badge)."""
    return decisions.queue_for(officer).count()
