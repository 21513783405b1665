"""Pages for making and managing your own declarations.

Thin on purpose: each view reads the request, calls filing.py, and renders. Every
page is for the signed-in officer's own declarations only: anybody else's is "not
found" (404), so the register never confirms that someone else's entry exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

import policies
from declarations import labels
from declarations.access import officer_required
from declarations.approvals import routing
from declarations.choices import Status
from declarations.facts import officer_request
from declarations.filing import services as filing
from declarations.filing.forms import (
    CHECK,
    DRAFT,
    MAX_HOURS,
    SUBMIT,
    DateInputField,
    DeclarationForm,
    EndForm,
    HoursField,
    MoneyField,
    RadioChoiceField,
    TypeForm,
    WithdrawForm,
    YesNoField,
    form_class_for,
)
from declarations.models import Declaration, Officer
from declarations.workflow import IllegalTransition
from policies import module_for
from policies import vocabulary as v
from policies.facts import MAX_MONEY, REQUIRED_BY_TYPE

# URL slugs for the contract's type names (hyphens read better in an address).
TYPE_SLUGS: dict[str, str] = {
    "gift": "gift",
    "hospitality": "hospitality",
    "interest": "interest",
    "outside-work": "outside_work",
    "relationship": "relationship",
}
SLUG_FOR_TYPE = {value: slug for slug, value in TYPE_SLUGS.items()}
TYPE_CAPTIONS: dict[str, str] = {
    "gift": "Gift",
    "hospitality": "Hospitality",
    "interest": "Interest",
    "outside_work": "Outside work",
    "relationship": "Relationship",
}


def own_declaration(request: HttpRequest, pk: int) -> Declaration:
    return get_object_or_404(
        Declaration.objects.select_related("officer__user", "organisation"),
        pk=pk,
        officer=request.officer,
    )


def _panel(
    request: HttpRequest,
    verdict: policies.Verdict | None,
    declaration_type: str,
    missing: str = "",
) -> dict[str, Any]:
    """The panel for answers checked now (the verdict and the rules that gave it)."""
    return filing.verdict_panel(
        verdict.as_json() if verdict else None,
        officer=request.officer,
        declaration_type=declaration_type,
        unavailable=missing,
        rules_fired=verdict.rules_fired if verdict else (),
    )


def _filed_panel(request: HttpRequest, declaration: Declaration, missing: str = "") -> dict:
    """The panel for a submitted declaration: its verdict and rules as recorded."""
    return filing.verdict_panel(
        declaration.verdict,
        officer=request.officer,
        declaration_type=declaration.type,
        unavailable=missing,
        filed=True,
        rules_fired=declaration.rules_fired,
    )


def _field_kind(field: Any) -> dict[str, Any]:
    """How static/js/verdict.js reads one question (mirrors the form field's cleaning)."""
    if isinstance(field, YesNoField):
        return {"kind": "yes_no"}
    if isinstance(field, RadioChoiceField):
        return {"kind": "choice"}
    if isinstance(field, MoneyField):
        return {"kind": "money", "max": str(MAX_MONEY)}
    if isinstance(field, HoursField):
        return {"kind": "hours", "max": str(MAX_HOURS)}
    if isinstance(field, DateInputField):
        return {"kind": "date", "future_days": field.future_days}
    return {"kind": "text", "max_length": field.max_length}


def _live_verdict(officer: Officer, form: DeclarationForm, declaration_type: str) -> dict[str, Any]:
    """What static/js/verdict.js needs to ask the policy-check API and fill the panel
    as _verdict_panel.html does: the officer's facts, the questions, and the panel's
    words (from declarations.labels, so they are written once)."""
    codes = [officer.organisation.code]
    if officer.seconded_to_id:
        codes.append(officer.seconded_to.code)
    # The clauses of each rule for this type, by its id: the verdict's `rules_fired` pair
    # its reasons with them, as filing._explanations does.
    rules: dict[str, dict[str, list[str]]] = {}
    citations: dict[str, dict[str, str]] = {}
    for code in codes:
        by_id = rules.setdefault(code, {})
        for rule in module_for(code).RULES:
            if declaration_type not in rule.types:
                continue
            clauses = by_id.setdefault(rule.id, [])
            for clause in rule.citations:
                if clause not in clauses:
                    clauses.append(clause)
                ref = f"{code}:{clause}"
                if ref not in citations:
                    citations[ref] = filing.citation_link(ref)
    return {
        "employer": officer.organisation.code,
        "officer": officer_request(officer),
        "type": declaration_type,
        "today": timezone.localdate().isoformat(),
        "fields": {name: _field_kind(field) for name, field in form.fields.items()},
        "optional": sorted(form.optional),
        "required": [
            [name, str(form.fields[name].label)]
            for name in REQUIRED_BY_TYPE.get(v.DeclarationType(declaration_type), ())
        ],
        "outcomes": {
            outcome.value: {
                "words": labels.outcome(outcome, declaration_type),
                "tag_class": labels.outcome_tag(outcome),
            }
            for outcome in v.Outcome
        },
        "roles": {
            role.value: {
                "words": labels.role_addressed(role),
                "people": filing.people_for_role(officer, role.value),
            }
            for role in v.Role
        },
        "flags": {flag.value: words for flag, words in labels.FLAG.items()},
        "codes": {employer.value: words for employer, words in labels.EMPLOYER.items()},
        "rules": rules,
        "citations": citations,
    }


# --- making a declaration ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@officer_required
def choose_type(request: HttpRequest) -> HttpResponse:
    """Step one: what kind of declaration."""
    form = TypeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        slug = SLUG_FOR_TYPE[form.cleaned_data["type"]]
        return redirect("declaration-new-type", declaration_type=slug)
    return render(request, "filing/choose_type.html", {"form": form})


@require_http_methods(["GET", "POST"])
@officer_required
def new_declaration(request: HttpRequest, declaration_type: str) -> HttpResponse:
    if declaration_type not in TYPE_SLUGS:
        raise Http404("No such kind of declaration")
    return _declaration_form(request, TYPE_SLUGS[declaration_type], None)


@require_http_methods(["GET", "POST"])
@officer_required
def edit_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = own_declaration(request, pk)
    if declaration.status != Status.DRAFT:
        messages.info(request, "This declaration has been submitted. To change it, amend it.")
        return redirect("declaration-detail", pk=declaration.pk)
    return _declaration_form(request, declaration.type, declaration)


def _declaration_form(
    request: HttpRequest, declaration_type: str, declaration: Declaration | None
) -> HttpResponse:
    """The questions for one type, with Continue, Save as draft and Check."""
    form_class = form_class_for(declaration_type)
    panel = _panel(request, None, declaration_type)
    if request.method == "POST":
        action = request.POST.get("action", "continue")
        mode = {"save": DRAFT, "check": CHECK}.get(action, SUBMIT)
        form = form_class(request.POST, officer=request.officer, mode=mode)
        valid = form.is_valid()
        if mode == CHECK:
            answers = form.answers()
            missing = form.unanswered_required(answers)
            if missing:
                panel = _panel(
                    request,
                    None,
                    declaration_type,
                    f"Answer “{missing[0]}” to see what your code says.",
                )
            else:
                unsaved = filing.build_unsaved(
                    request.officer, declaration_type, answers, base=declaration
                )
                panel = _panel(
                    request,
                    filing.check(unsaved),
                    declaration_type,
                    "Your answers could not be checked yet.",
                )
            panel["partial"] = not valid
            panel["assumed"] = len(answers) < len(form.fields) - len(form.optional)
        elif valid:
            declaration = _save(request, declaration_type, declaration, form)
            if mode == DRAFT:
                # A new draft has no reference until it is submitted; an amendment has.
                named = f" {declaration.reference_with_version}" if declaration.reference else ""
                messages.success(
                    request,
                    f"Your draft{named} has been saved. "
                    "You can come back to it from your declarations.",
                )
                return redirect("declaration-edit", pk=declaration.pk)
            return redirect("declaration-check", pk=declaration.pk)
    else:
        # A draft comes back exactly as it was left: unanswered questions unanswered.
        initial = filing.given_answers(declaration) if declaration else {}
        form = form_class(initial=initial, officer=request.officer)
    return render(
        request,
        "filing/form.html",
        {
            "form": form,
            "declaration": declaration,
            "declaration_type": declaration_type,
            "caption": TYPE_CAPTIONS[declaration_type],
            "title": form_class.title,
            "panel": panel,
            "live_verdict": _live_verdict(request.officer, form, declaration_type),
            "form_action": request.path,
            "back_url": reverse("declaration-detail", args=[declaration.pk])
            if declaration
            else reverse("declaration-new"),
        },
    )


def _save(
    request: HttpRequest,
    declaration_type: str,
    declaration: Declaration | None,
    form: DeclarationForm,
) -> Declaration:
    answers, given = form.answers(), form.given()
    if declaration is None:
        return filing.create_draft(
            request.officer, declaration_type, answers, actor=request.user, given=given
        )
    filing.update_draft(declaration, answers, actor=request.user, given=given)
    declaration.refresh_from_db()
    return declaration


def _problem_links(declaration: Declaration, form: DeclarationForm) -> list[dict[str, str]]:
    """Each problem with a link to its question on the edit page (the GOV.UK error
    summary pattern: the link lands on the box, or first radio, at fault)."""
    edit = reverse("declaration-edit", args=[declaration.pk])
    return [
        {"message": message, "href": f"{edit}#{form.anchor(name)}"}
        for name, message in filing.problems(form)
        if name in form.fields
    ]


@require_http_methods(["GET"])
@officer_required
def check_answers(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything answered, what the code says, and the Submit button."""
    declaration = own_declaration(request, pk)
    if declaration.status != Status.DRAFT:
        return redirect("declaration-detail", pk=declaration.pk)
    form = filing.validation_form(declaration)
    complete = form.is_valid()
    panel = _panel(
        request,
        filing.check(declaration),
        declaration.type,
        "Answer all the questions to see what your code says.",
    )
    # Unanswered questions count as their usual answer, as on the form.
    panel["assumed"] = not complete
    return render(
        request,
        "filing/check_answers.html",
        {
            "declaration": declaration,
            "rows": filing.summary_rows(declaration),
            "problems": _problem_links(declaration, form),
            "complete": complete,
            "panel": panel,
            "caption": TYPE_CAPTIONS[declaration.type],
        },
    )


@require_POST
@officer_required
def submit_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = own_declaration(request, pk)
    try:
        filing.submit(declaration, actor=request.user)
    except filing.FilingError as error:
        messages.error(request, str(error))
        if declaration.status == Status.DRAFT:
            return redirect("declaration-check", pk=declaration.pk)
        return redirect("declaration-detail", pk=declaration.pk)
    return redirect("declaration-confirmation", pk=declaration.pk)


@require_http_methods(["GET"])
@officer_required
def confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = own_declaration(request, pk)
    if declaration.status == Status.DRAFT:
        return redirect("declaration-check", pk=declaration.pk)
    return render(
        request,
        "filing/confirmation.html",
        {
            "declaration": declaration,
            "panel": _filed_panel(request, declaration),
        },
    )


# --- your declaration -------------------------------------------------------------------


@require_http_methods(["GET"])
@officer_required
def declaration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = own_declaration(request, pk)
    return render(
        request,
        "filing/detail.html",
        {
            "declaration": declaration,
            "rows": filing.summary_rows(declaration),
            "panel": _filed_panel(
                request, declaration, "Your code is checked when you submit the declaration."
            ),
            "history": filing.history(declaration),
            "route": routing.route_for_display(declaration),
            "actions": filing.actions_for(declaration),
            "versions": filing.versions(declaration),
            "caption": TYPE_CAPTIONS[declaration.type],
        },
    )


@require_http_methods(["GET", "POST"])
@officer_required
def withdraw_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw after confirming; drafts are withdrawn too, never deleted."""
    declaration = own_declaration(request, pk)
    if not filing.can_withdraw(declaration):
        messages.info(request, "This declaration can no longer be withdrawn.")
        return redirect("declaration-detail", pk=declaration.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            filing.withdraw(declaration, actor=request.user, reason=form.cleaned_data["reason"])
        except IllegalTransition as error:
            messages.error(request, str(error))
        else:
            withdrawn = declaration.reference and declaration.reference_with_version
            messages.success(request, f"{withdrawn or 'Your draft'} has been withdrawn.")
        return redirect("declaration-detail", pk=declaration.pk)
    return render(request, "filing/withdraw.html", {"declaration": declaration, "form": form})


@require_POST
@officer_required
def amend_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or carry on with) a new version, then open its questions."""
    declaration = own_declaration(request, pk)
    try:
        amended = filing.amend(declaration, actor=request.user)
    except filing.FilingError as error:
        messages.error(request, str(error))
        return redirect("declaration-detail", pk=declaration.pk)
    return redirect("declaration-edit", pk=amended.pk)


@require_http_methods(["GET", "POST"])
@officer_required
def end_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    """Say when an interest or outside work stopped."""
    declaration = own_declaration(request, pk)
    if not filing.can_end(declaration):
        messages.info(request, "Only an approved or recorded interest or outside work can end.")
        return redirect("declaration-detail", pk=declaration.pk)
    form = EndForm(request.POST if request.method == "POST" else None, declaration=declaration)
    if request.method == "POST" and form.is_valid():
        try:
            filing.end(
                declaration,
                form.cleaned_data["ended_on"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except (filing.FilingError, IllegalTransition) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{declaration.reference_with_version} has ended.")
        return redirect("declaration-detail", pk=declaration.pk)
    return render(
        request,
        "filing/end.html",
        {"declaration": declaration, "form": form, "caption": TYPE_CAPTIONS[declaration.type]},
    )
