"""Pages for making and managing your own declarations, and the home page.

Thin on purpose (parse, call, render): each view reads the request, calls the filing
services (services.py) or reads answers (answers.py), and renders what presenters.py
makes of them. Every page is for the signed-in officer's own declarations only:
anybody else's is "not found" (404), so the register never confirms that someone
else's entry exists.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from declarations import approvals, labels
from declarations.access import OfficerRequest, officer_of, officer_required
from declarations.choices import Status
from declarations.filing import answers, presenters, services, withholding
from declarations.filing import home as your_declarations
from declarations.filing.forms import (
    CHECK,
    DRAFT,
    SUBMIT,
    DeclarationForm,
    EndForm,
    TypeForm,
    WithdrawForm,
    form_class_for,
)
from declarations.filing.forms.disposition import DATE, DispositionForm
from declarations.models import Declaration
from declarations.workflow import IllegalTransition

# URL slugs for the contract's type names (hyphens read better in an address).
TYPE_SLUGS: dict[str, str] = {
    "gift": "gift",
    "hospitality": "hospitality",
    "interest": "interest",
    "outside-work": "outside_work",
    "relationship": "relationship",
    "disclosure": "disclosure",
}
SLUG_FOR_TYPE = {value: slug for slug, value in TYPE_SLUGS.items()}


def own_declaration(request: OfficerRequest, pk: int) -> Declaration:
    """The signed-in officer's declaration with this id; anybody else's is not found."""
    return get_object_or_404(
        Declaration.objects.select_related("officer__user", "organisation"),
        pk=pk,
        officer=request.officer,
    )


# --- home -------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """Your declarations, grouped by status (each group's newest few); or with `?status=`
    that status's alone, a page at a time. A status or cursor we do not know gives the
    grouped page or the first page (home.parse_status, home.parse_cursor)."""
    officer = officer_of(request.user)
    status = your_declarations.parse_status(request.GET.get("status"))
    if officer is None or status is None:
        groups = your_declarations.status_groups(officer)
        return render(request, "filing/home.html", {"officer": officer, "groups": groups})
    page = your_declarations.status_page(
        officer,
        status,
        after=your_declarations.parse_cursor(request.GET.get("after")),
        before=your_declarations.parse_cursor(request.GET.get("before")),
    )
    return render(
        request,
        "filing/home.html",
        {
            "officer": officer,
            "groups": [page.group],
            "page": page,
            "page_size": your_declarations.PAGE_SIZE,
        },
    )


# --- making a declaration ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@officer_required
def choose_type(request: OfficerRequest) -> HttpResponse:
    """Step one: what kind of declaration."""
    form = TypeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        slug = SLUG_FOR_TYPE[form.cleaned_data["type"]]
        return redirect("declaration-new-type", declaration_type=slug)
    return render(request, "filing/choose_type.html", {"form": form})


@require_http_methods(["GET", "POST"])
@officer_required
def new_declaration(request: OfficerRequest, declaration_type: str) -> HttpResponse:
    if declaration_type not in TYPE_SLUGS:
        raise Http404("No such kind of declaration")
    return _declaration_form(request, TYPE_SLUGS[declaration_type], None)


@require_http_methods(["GET", "POST"])
@officer_required
def edit_declaration(request: OfficerRequest, pk: int) -> HttpResponse:
    declaration = own_declaration(request, pk)
    if declaration.status != Status.DRAFT:
        messages.info(request, "This declaration has been submitted. To change it, amend it.")
        return redirect("declaration-detail", pk=declaration.pk)
    return _declaration_form(request, declaration.type, declaration)


def _declaration_form(
    request: OfficerRequest, declaration_type: str, declaration: Declaration | None
) -> HttpResponse:
    """The questions for one type, with Continue, Save as draft and Check."""
    form_class = form_class_for(declaration_type)
    panel = presenters.checked_panel(request.officer, None, declaration_type)
    if request.method == "POST":
        action = request.POST.get("action", "continue")
        mode = {"save": DRAFT, "check": CHECK}.get(action, SUBMIT)
        form = form_class(request.POST, officer=request.officer, mode=mode)
        valid = form.is_valid()
        if mode == CHECK:
            panel = presenters.form_panel(request.officer, form, declaration_type, base=declaration)
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
        initial = answers.given_answers(declaration) if declaration else {}
        form = form_class(initial=initial, officer=request.officer)
    return render(
        request,
        "filing/form.html",
        {
            "form": form,
            "declaration": declaration,
            "declaration_type": declaration_type,
            "caption": labels.declaration_type(declaration_type),
            "title": form_class.title,
            "panel": panel,
            "live_verdict": presenters.live_verdict(request.officer, form, declaration_type),
            "form_action": request.path,
            "back_url": reverse("declaration-detail", args=[declaration.pk])
            if declaration
            else reverse("declaration-new"),
        },
    )


def _save(
    request: OfficerRequest,
    declaration_type: str,
    declaration: Declaration | None,
    form: DeclarationForm,
) -> Declaration:
    """A new draft, or this draft changed, holding the form's answers as given."""
    cleaned, given = form.answers(), form.given()
    if declaration is None:
        return services.create_draft(
            request.officer, declaration_type, cleaned, actor=request.user, given=given
        )
    services.update_draft(declaration, cleaned, actor=request.user, given=given)
    declaration.refresh_from_db()
    return declaration


@require_http_methods(["GET"])
@officer_required
def check_answers(request: OfficerRequest, pk: int) -> HttpResponse:
    """Everything answered, what the code says, and the Submit button."""
    declaration = own_declaration(request, pk)
    if declaration.status != Status.DRAFT:
        return redirect("declaration-detail", pk=declaration.pk)
    form = answers.validation_form(declaration)
    complete = form.is_valid()
    panel = presenters.checked_panel(
        request.officer,
        services.check(declaration),
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
            "rows": presenters.summary_rows(declaration),
            "problems": presenters.problem_links(declaration, form),
            "complete": complete,
            "panel": panel,
            "caption": labels.declaration_type(declaration.type),
        },
    )


@require_POST
@officer_required
def submit_declaration(request: OfficerRequest, pk: int) -> HttpResponse:
    declaration = own_declaration(request, pk)
    try:
        services.submit(declaration, actor=request.user)
    except services.FilingError as error:
        messages.error(request, str(error))
        if declaration.status == Status.DRAFT:
            return redirect("declaration-check", pk=declaration.pk)
        return redirect("declaration-detail", pk=declaration.pk)
    return redirect("declaration-confirmation", pk=declaration.pk)


@require_http_methods(["GET"])
@officer_required
def confirmation(request: OfficerRequest, pk: int) -> HttpResponse:
    declaration = own_declaration(request, pk)
    if declaration.status == Status.DRAFT:
        return redirect("declaration-check", pk=declaration.pk)
    return render(
        request,
        "filing/confirmation.html",
        {
            "declaration": declaration,
            "panel": presenters.filed_panel(declaration),
            "disposition": presenters.disposition_panel(declaration),
        },
    )


# --- your declaration -------------------------------------------------------------------


@require_http_methods(["GET"])
@officer_required
def declaration_detail(request: OfficerRequest, pk: int) -> HttpResponse:
    declaration = own_declaration(request, pk)
    return render(
        request,
        "filing/detail.html",
        {
            "declaration": declaration,
            "rows": presenters.summary_rows(declaration),
            "panel": presenters.filed_panel(
                declaration, "Your code is checked when you submit the declaration."
            ),
            "history": presenters.history(declaration),
            "route": approvals.route_for_display(declaration),
            "actions": presenters.actions_for(declaration),
            "disposition": presenters.disposition_panel(declaration),
            "versions": presenters.versions(declaration),
            "caption": labels.declaration_type(declaration.type),
            **withholding.offer(declaration),
        },
    )


@require_http_methods(["GET", "POST"])
@officer_required
def disposition(request: OfficerRequest, pk: int) -> HttpResponse:
    """What happened to something the officer's code says must be declined or must not go
    ahead: their code's options, any detail, and when. Saying it opens the route.

    Only the officer's own declaration (anybody else's is not found, and the denial is
    logged like any other 404: security_log.DenialLogMiddleware); only while it waits
    for them (otherwise back to the declaration, saying why).
    """
    declaration = own_declaration(request, pk)
    if not approvals.awaiting_disposition(declaration):
        messages.info(
            request,
            "You have already told us what happened to it."
            if declaration.disposition_recorded_at
            else "This declaration does not need you to tell us what happened to it.",
        )
        return redirect("declaration-detail", pk=declaration.pk)
    form = DispositionForm(
        request.POST if request.method == "POST" else None,
        declaration=declaration,
        options=approvals.disposition_options(declaration),
    )
    if request.method == "POST" and form.is_valid():
        answers = form.cleaned_data
        try:
            approvals.record_disposition(
                declaration, request.user, answers["disposition"], answers[DATE], answers["note"]
            )
        except approvals.DispositionError as refusal:
            for question, message in refusal.problems.items() or [("", str(refusal))]:
                form.add_error(form.field_for(question, answers["disposition"]), message)
        else:
            messages.success(request, "Thank you: you have told us what happened to it.")
            return redirect("declaration-detail", pk=declaration.pk)
    return render(
        request,
        "filing/disposition.html",
        {
            "declaration": declaration,
            "form": form,
            "panel": presenters.disposition_panel(declaration),
            "caption": labels.declaration_type(declaration.type),
        },
    )


@require_http_methods(["GET", "POST"])
@officer_required
def withdraw_declaration(request: OfficerRequest, pk: int) -> HttpResponse:
    """Withdraw after confirming; drafts are withdrawn too, never deleted."""
    declaration = own_declaration(request, pk)
    if not services.can_withdraw(declaration):
        messages.info(request, "This declaration can no longer be withdrawn.")
        return redirect("declaration-detail", pk=declaration.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(declaration, actor=request.user, reason=form.cleaned_data["reason"])
        except IllegalTransition as error:
            messages.error(request, str(error))
        else:
            withdrawn = declaration.reference and declaration.reference_with_version
            messages.success(request, f"{withdrawn or 'Your draft'} has been withdrawn.")
        return redirect("declaration-detail", pk=declaration.pk)
    return render(request, "filing/withdraw.html", {"declaration": declaration, "form": form})


@require_POST
@officer_required
def amend_declaration(request: OfficerRequest, pk: int) -> HttpResponse:
    """Start (or carry on with) a new version, then open its questions."""
    declaration = own_declaration(request, pk)
    try:
        amended = services.amend(declaration, actor=request.user)
    except services.FilingError as error:
        messages.error(request, str(error))
        return redirect("declaration-detail", pk=declaration.pk)
    return redirect("declaration-edit", pk=amended.pk)


@require_http_methods(["GET", "POST"])
@officer_required
def end_declaration(request: OfficerRequest, pk: int) -> HttpResponse:
    """Say when an interest or outside work stopped."""
    declaration = own_declaration(request, pk)
    if not services.can_end(declaration):
        messages.info(request, "Only an approved or recorded interest or outside work can end.")
        return redirect("declaration-detail", pk=declaration.pk)
    form = EndForm(request.POST if request.method == "POST" else None, declaration=declaration)
    if request.method == "POST" and form.is_valid():
        try:
            services.end(
                declaration,
                form.cleaned_data["ended_on"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except (services.FilingError, IllegalTransition) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{declaration.reference_with_version} has ended.")
        return redirect("declaration-detail", pk=declaration.pk)
    return render(
        request,
        "filing/end.html",
        {
            "declaration": declaration,
            "form": form,
            "caption": labels.declaration_type(declaration.type),
        },
    )
