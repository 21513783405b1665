"""Filing a declaration: drafts, amendments, ending and withdrawing, and what to show.

Views stay thin: they parse a form and call one of these. Every change is written to
the declaration's history, through `workflow.transition` when the status moves and
`workflow.record_event` when it does not, so the register can always say who did
what and when.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone

import policies
from declarations import choices as c
from declarations import labels, submission
from declarations.approvals import routing
from declarations.facts import facts_for
from declarations.filing.forms import (
    CHECK,
    DateInputField,
    DeclarationForm,
    HoursField,
    MoneyField,
    RadioChoiceField,
    YesNoField,
    form_class_for,
)
from declarations.models import DETAIL_MODELS, Declaration, DeclarationEvent, Officer
from declarations.people import roles
from declarations.policy_reference import citation_url
from declarations.workflow import TRANSITIONS, allowed_actions, record_event, transition
from policies import FactsError, module_for
from policies import vocabulary as v
from policies.clauses import clause_label, split_citation
from policies.facts import FIELDS_BY_TYPE, REQUIRED_BY_TYPE

S = c.Status
A = c.EventAction
COMMON_FIELDS = ("counterparty", "description", "date")
ENDABLE_TYPES = frozenset({v.DeclarationType.INTEREST, v.DeclarationType.OUTSIDE_WORK})
# A version can be replaced by an amendment from these statuses (workflow "supersede").
AMENDABLE_STATUSES = frozenset(source for (source, action) in TRANSITIONS if action == A.SUPERSEDE)
# Steps that show someone has already made a decision.
DECIDED_STEP_STATES = frozenset(
    {c.StepState.APPROVED, c.StepState.REJECTED, c.StepState.ACKNOWLEDGED}
)


def long_date(date: datetime.date) -> str:
    """27 March 2026, the GOV.UK style."""
    return f"{date.day} {date:%B %Y}"


class FilingError(Exception):
    """Something the person asked for that this declaration cannot do, in plain words."""


class UnansweredQuestions(FilingError):
    """A draft submitted before every question was answered.

    `problems` lists (question name, what to do) in the order the form asks them,
    for pages to link each one back to its question.
    """

    def __init__(self, message: str, problems: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.problems = problems


# --- answers in and out --------------------------------------------------------------


def detail_fields(declaration_type: str) -> tuple[str, ...]:
    return FIELDS_BY_TYPE[v.DeclarationType(declaration_type)]


def _apply(declaration: Declaration, detail: Any, answers: dict[str, Any]) -> None:
    for name in COMMON_FIELDS:
        if name in answers:
            setattr(declaration, name, answers[name])
    for name in detail_fields(declaration.type):
        if name in answers:
            setattr(detail, name, answers[name])


def _store(declaration: Declaration, detail: Any, answers: dict[str, Any]) -> None:
    """Make the stored answers these and only these: a question not answered goes back
    to the model's default, so an answer cleared on screen does not linger."""
    for model, instance, names in (
        (Declaration, declaration, COMMON_FIELDS),
        (type(detail), detail, detail_fields(declaration.type)),
    ):
        for name in names:
            if name in answers:
                setattr(instance, name, answers[name])
            else:
                setattr(instance, name, model._meta.get_field(name).get_default())


def _missing_required(declaration_type: str, answers: dict[str, Any], detail: Any) -> list[str]:
    needed = REQUIRED_BY_TYPE.get(v.DeclarationType(declaration_type), ())
    return [name for name in needed if not answers.get(name) and not getattr(detail, name, "")]


def values_of(declaration: Declaration) -> dict[str, Any]:
    """The stored answers under the contract's names (empty ones left out)."""
    values: dict[str, Any] = {name: getattr(declaration, name) for name in COMMON_FIELDS}
    detail = declaration.detail
    if detail is not None:
        for name in detail_fields(declaration.type):
            values[name] = getattr(detail, name)
    return {name: value for name, value in values.items() if value not in (None, "")}


def _stores_nothing(declaration: Declaration) -> bool:
    """Whether the stored answers are all what an empty draft holds (the date aside,
    which always has one): then nothing was answered, whenever it was saved."""
    if declaration.counterparty or declaration.description:
        return False
    detail = declaration.detail
    if detail is None:
        return True
    blank = DETAIL_MODELS[declaration.type]()
    return all(
        getattr(detail, name) == getattr(blank, name) for name in detail_fields(declaration.type)
    )


def given_answers(declaration: Declaration) -> dict[str, Any]:
    """A draft's answers exactly as the officer gave them (see DeclarationForm.given).

    Unanswered questions are left out, so they stay unanswered when the draft is
    resumed or checked: the stored model fills them with defaults, which nobody gave.
    A draft saved before answers were kept this way (`draft_answers` empty) falls
    back on its stored values, unless those are only an empty draft's defaults.
    """
    if declaration.draft_answers:
        return dict(declaration.draft_answers)
    if declaration.status == S.DRAFT and _stores_nothing(declaration):
        return {}
    return form_class_for(declaration.type).given_from(values_of(declaration))


def answered_values(declaration: Declaration) -> dict[str, Any]:
    """What has been answered, under the contract's names, as values_of gives them.

    For a draft, its given answers read by the form (nothing else); once submitted,
    the stored values.
    """
    if declaration.status != S.DRAFT:
        return values_of(declaration)
    form_class = form_class_for(declaration.type)
    form = form_class(
        data=form_class.data_from_given(given_answers(declaration)),
        officer=declaration.officer,
        mode=CHECK,
    )
    form.is_valid()
    return form.answers()


def build_unsaved(
    officer: Officer,
    declaration_type: str,
    answers: dict[str, Any],
    *,
    base: Declaration | None = None,
) -> Declaration:
    """An in-memory declaration with these answers, for checking without saving.

    Starts from `base`'s stored answers when editing, so a "Check" on an edited draft
    sees the answers on screen, not the ones last saved.
    """
    declaration = Declaration(
        officer=officer,
        organisation=base.organisation if base else officer.organisation,
        type=declaration_type,
        status=S.DRAFT,
        declared_on=timezone.localdate(),
    )
    detail = DETAIL_MODELS[declaration_type](declaration=declaration)
    if base is not None:
        _apply(declaration, detail, values_of(base))
        declaration.reference = base.reference
        declaration.version = base.version
    _apply(declaration, detail, answers)
    return declaration


@transaction.atomic
def create_draft(
    officer: Officer,
    declaration_type: str,
    answers: dict[str, Any],
    *,
    actor: AbstractBaseUser,
    given: dict[str, Any] | None = None,
) -> Declaration:
    """A new draft holding whatever has been answered so far.

    `answers` are the form's cleaned answers; `given` the same answers as typed
    (DeclarationForm.given), kept so the draft comes back exactly as it was left.
    Without `given`, the answers themselves are kept in that form.
    """
    declaration = Declaration(
        officer=officer,
        organisation=officer.organisation,
        type=declaration_type,
        status=S.DRAFT,
        declared_on=timezone.localdate(),
    )
    detail = DETAIL_MODELS[declaration_type]()
    _apply(declaration, detail, answers)
    missing = _missing_required(declaration_type, answers, detail)
    if missing:
        raise FilingError(f"A draft needs an answer for {', '.join(missing)}.")
    declaration.draft_answers = _given(declaration_type, answers, given)
    declaration.save()
    detail.declaration = declaration
    detail.save()
    record_event(declaration, A.CREATED, actor=actor)
    return declaration


def _given(
    declaration_type: str, answers: dict[str, Any], given: dict[str, Any] | None
) -> dict[str, Any]:
    if given is None:
        return form_class_for(declaration_type).given_from(answers)
    return {name: given[name] for name in given if name in answers}


@transaction.atomic
def update_draft(
    declaration: Declaration,
    answers: dict[str, Any],
    *,
    actor: AbstractBaseUser,
    given: dict[str, Any] | None = None,
) -> bool:
    """Replace a draft's answers with these; returns whether anything changed.

    `answers` is everything now answered: a question left out is unanswered again.
    `given` is as for create_draft. Only a draft changes in place: once submitted,
    a change is a new version (amend), so what an approver saw is never rewritten.
    """
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.status != S.DRAFT:
        raise FilingError("Only a draft can be changed. Amend it to make a new version.")
    # Answering a question with its default ("No") is a change too; retyping is not.
    before = (values_of(declaration), set(given_answers(declaration)))
    detail = declaration.detail or DETAIL_MODELS[declaration.type](declaration=declaration)
    _store(declaration, detail, answers)
    declaration.draft_answers = _given(declaration.type, answers, given)
    declaration.declared_on = timezone.localdate()
    declaration.save()
    detail.save()
    changed = (values_of(declaration), set(given_answers(declaration))) != before
    if changed:
        record_event(declaration, A.EDITED, actor=actor)
    return changed


def validation_form(declaration: Declaration) -> DeclarationForm:
    """The answers given run through the full (submit) form, to find what is missing.

    Unanswered questions stay unanswered here, so the defaults the model stores for
    them never pass for the officer's answers.
    """
    form_class = form_class_for(declaration.type)
    form = form_class(
        data=form_class.data_from_given(given_answers(declaration)), officer=declaration.officer
    )
    form.is_valid()
    return form


def problems(form: DeclarationForm) -> list[tuple[str, str]]:
    """(question name, message) for each error, in the order the questions are asked."""
    order = [name for _legend, names in form.groups for name in names]
    names = sorted(form.errors, key=lambda name: order.index(name) if name in order else -1)
    return [(name, str(message)) for name in names for message in form.errors[name]]


def _unanswered_message(form: DeclarationForm, found: list[tuple[str, str]]) -> str:
    questions = []
    for name, _message in found:
        label = str(form.fields[name].label) if name in form.fields else ""
        if label and f"“{label}”" not in questions:
            questions.append(f"“{label}”")
    if not questions:
        return "Answer all the questions before you submit."
    more = len(questions) - 1
    still = questions[0] + (f" and {more} more" if more else "")
    return f"Answer all the questions before you submit. Still to answer: {still}."


def check(declaration: Declaration) -> policies.Verdict | None:
    """The verdict for these answers, or None when they cannot be read (its `as_json()` is
    the contract's JSON; its `rules_fired` pair the reasons with their clauses)."""
    try:
        return policies.evaluate(facts_for(declaration))
    except FactsError:
        return None


# --- submitting, amending, ending, withdrawing ---------------------------------------


def superseded_by_submitting(declaration: Declaration) -> Declaration | None:
    """The version an amendment replaces: the nearest earlier one not withdrawn."""
    previous = declaration.amends
    while previous is not None and previous.status == S.WITHDRAWN:
        previous = previous.amends
    return previous


def _cancel_pending_steps(declaration: Declaration, *, actor: AbstractBaseUser, why: str) -> None:
    """Nobody should be asked to decide on a version that no longer stands.

    Cancelled as declarations.approvals.decisions cancels after a rejection: stamped with the
    time, and listed in one history event.
    """
    now = timezone.now()
    cancelled = list(
        declaration.approval_steps.select_for_update()
        .filter(state=c.StepState.PENDING)
        .order_by("order")
    )
    for step in cancelled:
        step.state = c.StepState.CANCELLED
        step.decided_at = now
        step.save(update_fields=["state", "decided_at"])
    if cancelled:
        record_event(
            declaration,
            A.STEPS_CANCELLED,
            actor=actor,
            note=f"{why}: " + "; ".join(routing.describe_step(step) for step in cancelled),
        )


@transaction.atomic
def lodge(declaration: Declaration, *, actor: AbstractBaseUser) -> policies.Verdict:
    """Judge and record a submitted draft (submission.record), note who keeps it on the
    register today (people.roles), and open its route to the people who decide.

    Raises IllegalTransition for a declaration that is not a draft and FactsError if its
    stored facts break the contract; nothing is saved then.
    """
    verdict = submission.record(declaration, actor=actor)
    if declaration.register_keeper:
        officer = declaration.officer
        keeper = roles.resolve_role(declaration.register_keeper, officer, officer.organisation)
        declaration.register_keeper_officer = None if keeper.route_unresolved else keeper.assignee
        declaration.save(update_fields=["register_keeper_officer", "updated_at"])
    routing.open_route(declaration, declaration.verdict, actor=actor)
    return verdict


@transaction.atomic
def submit(declaration: Declaration, *, actor: AbstractBaseUser) -> Declaration:
    """Submit a complete draft: store exactly the answers checked, lodge it, and let it
    replace the version it amends."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.status != S.DRAFT:
        raise FilingError("This declaration has already been submitted.")
    form = validation_form(declaration)
    if not form.is_valid():
        found = problems(form)
        raise UnansweredQuestions(_unanswered_message(form, found), found)
    # What is submitted is exactly what was answered and checked just now.
    detail = declaration.detail or DETAIL_MODELS[declaration.type](declaration=declaration)
    _store(declaration, detail, form.answers())
    detail.save()
    declaration.draft_answers = {}
    declaration.declared_on = timezone.localdate()
    declaration.save()
    lodge(declaration, actor=actor)
    previous = superseded_by_submitting(declaration)
    if previous is not None and A.SUPERSEDE in allowed_actions(previous.status):
        _cancel_pending_steps(
            previous,
            actor=actor,
            why=f"Not needed: replaced by {declaration.reference_with_version}",
        )
        transition(
            previous,
            A.SUPERSEDE,
            actor=actor,
            note=f"Replaced by {declaration.reference_with_version}",
        )
    declaration.refresh_from_db()
    return declaration


def latest_version(declaration: Declaration) -> Declaration:
    """The newest version of this declaration's entry, draft or not (one query)."""
    return Declaration.objects.versions_of(declaration).last() or declaration


def amendment_in_progress(declaration: Declaration) -> Declaration | None:
    latest = latest_version(declaration)
    if latest.pk != declaration.pk and latest.status == S.DRAFT:
        return latest
    return None


def can_amend(declaration: Declaration) -> bool:
    """Decided (or waiting) versions can be amended, unless a newer one already stands."""
    if declaration.status not in AMENDABLE_STATUSES:
        return False
    latest = latest_version(declaration)
    return latest.pk == declaration.pk or latest.status in (S.DRAFT, S.WITHDRAWN)


@transaction.atomic
def amend(declaration: Declaration, *, actor: AbstractBaseUser) -> Declaration:
    """A new draft version copying this one's answers (or the one already started).

    The old version stands until the new one is submitted; then `submit` replaces it.
    """
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not can_amend(declaration):
        raise FilingError("This declaration cannot be amended.")
    latest = latest_version(declaration)
    if latest.status == S.DRAFT and latest.pk != declaration.pk:
        return latest
    amended = Declaration.objects.create(
        officer=declaration.officer,
        organisation=declaration.organisation,
        type=declaration.type,
        status=S.DRAFT,
        reference=declaration.reference,
        version=Declaration.objects.filter(reference=declaration.reference).count() + 1,
        amends=latest,
        counterparty=declaration.counterparty,
        description=declaration.description,
        date=declaration.date,
        declared_on=timezone.localdate(),
        draft_answers=form_class_for(declaration.type).given_from(values_of(declaration)),
    )
    old_detail = declaration.detail
    if old_detail is not None:
        detail = DETAIL_MODELS[declaration.type](declaration=amended)
        for name in detail_fields(declaration.type):
            setattr(detail, name, getattr(old_detail, name))
        detail.save()
    record_event(
        amended,
        A.CREATED,
        actor=actor,
        note=f"Amends {declaration.reference_with_version}",
    )
    record_event(
        declaration,
        A.AMENDMENT_STARTED,
        actor=actor,
        note=f"{amended.reference_with_version} started",
    )
    return amended


def can_end(declaration: Declaration) -> bool:
    return declaration.type in ENDABLE_TYPES and A.END in allowed_actions(declaration.status)


@transaction.atomic
def end(
    declaration: Declaration,
    ended_on: datetime.date,
    *,
    actor: AbstractBaseUser,
    note: str = "",
) -> DeclarationEvent:
    """Record that an interest or outside work has stopped, and when."""
    if not can_end(declaration):
        raise FilingError("Only an approved or recorded interest or outside work can be ended.")
    if ended_on < declaration.date:
        raise FilingError("The end date must be on or after the start date.")
    declaration.ended_on = ended_on
    declaration.save(update_fields=["ended_on", "updated_at"])
    ended = f"Ended on {long_date(ended_on)}"
    return transition(
        declaration, A.END, actor=actor, note=f"{ended}. {note}".strip() if note else ended
    )


def can_withdraw(declaration: Declaration) -> bool:
    return A.WITHDRAW in allowed_actions(declaration.status)


@transaction.atomic
def withdraw(
    declaration: Declaration, *, actor: AbstractBaseUser, reason: str = ""
) -> DeclarationEvent:
    """Withdraw a declaration; its history stays, and nobody is left asked to decide."""
    event = transition(declaration, A.WITHDRAW, actor=actor, note=reason)
    _cancel_pending_steps(declaration, actor=actor, why="Not needed: withdrawn")
    return event


def has_decision(declaration: Declaration) -> bool:
    return declaration.approval_steps.filter(state__in=DECIDED_STEP_STATES).exists()


# --- what the pages show --------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    name: str
    question: str
    answer: Any
    kind: str  # text, yes_no, money, hours, date, choice
    anchor: str = ""  # the id of the question's box (or first radio) on the edit page


def summary_rows(declaration: Declaration) -> list[SummaryRow]:
    """Every question of the declaration's form with its answer, in form order.

    A draft's questions not yet answered have no answer (None or "").
    """
    form_class = form_class_for(declaration.type)
    form = form_class(officer=declaration.officer)
    values = answered_values(declaration)
    rows = []
    for _legend, names in form_class.groups:
        for name in names:
            field = form.fields[name]
            value = values.get(name)
            question = str(field.label)
            if isinstance(field, YesNoField):
                kind = "yes_no"
            elif isinstance(field, RadioChoiceField):
                labels = {str(choice[0]): str(choice[1]) for choice in field.choices}
                kind, value = "choice", labels.get(value, "")
            elif isinstance(field, MoneyField):
                kind = "money"
            elif isinstance(field, HoursField):
                kind = "hours"
            elif isinstance(field, DateInputField):
                kind = "date"
            else:
                kind, value = "text", value or ""
            rows.append(SummaryRow(name, question, value, kind, form_class.anchor(name)))
    return rows


def people_for_role(officer: Officer, role: str) -> list[str]:
    """Who that role is for this officer today, where the register can say plainly.

    Uses the same resolution as the approval route (people.roles), so the panel names
    the people who would actually be asked; a role nobody holds is left to its
    name rather than shown with the fallback person.
    """
    resolution = roles.resolve_role(role, officer, officer.organisation)
    if resolution.route_unresolved or resolution.assignee is None:
        return []
    return [resolution.assignee.full_name]


def citation_label(reference: str) -> str:
    """ "thurrock:14.3" as "Thurrock Council, clause 14.3" (the code's own name for it)."""
    try:
        code, clause = split_citation(reference)
    except ValueError:
        return reference
    label = clause_label(code, clause)
    return (
        f"{c.label(code)}, {label[:1].lower()}{label[1:]}"
        if label.startswith("Clause")
        else (f"{c.label(code)}, {label}")
    )


def _clauses_of_rule(code: str, rule_id: str, declaration_type: str) -> list[str] | None:
    """The clauses ("code:clause") of the rule with this id in `code`'s module, for this
    type of declaration (an id can name one rule per type, and a module can split one
    matrix row in two); None if the module has no such rule (any more)."""
    try:
        module = module_for(code)
    except (ValueError, KeyError):
        return None
    refs: list[str] | None = None
    for rule in module.RULES:
        if rule.id == rule_id and (not declaration_type or declaration_type in rule.types):
            refs = refs or []
            refs.extend(f"{code}:{clause}" for clause in rule.citations)
    return refs


def _clauses_by_reason(
    verdict: dict[str, Any], rules_fired: Sequence[str], declaration_type: str
) -> list[list[str]] | None:
    """For each of the verdict's reasons, the clauses of the rule that gave it, or None
    when the reasons cannot be paired with the rules that fired.

    The pairing is by position, as the verdict was made (policies.core.combine and
    merge_codes): the home code's reasons, one per rule that fired in the order they
    fired, then the host code's; a code under which no rule fired gave one reason of its
    own (nothing to do, or moderate refreshments). Rules are found by their recorded ids,
    never by their words, so a reason whose wording has since changed keeps its clauses.
    """
    codes = [str(code) for code in verdict.get("codes_applied") or []]
    reasons = verdict.get("reasons") or []
    if not rules_fired or not codes:
        return None
    fired: dict[str, list[list[str]]] = {code: [] for code in codes}
    for rule_id in rules_fired:
        for code in codes:
            refs = _clauses_of_rule(code, str(rule_id), declaration_type)
            if refs is not None:
                fired[code].append(refs)
                break
        else:  # a rule no longer in its module: its reason keeps no clauses
            if len(codes) > 1:
                return None  # whose it was cannot be told, so neither can the pairing
            fired[codes[0]].append([])
    slots = [refs for code in codes for refs in (fired[code] or [[]])]
    return slots if len(slots) == len(reasons) else None


def _explanations(
    verdict: dict[str, Any], rules_fired: Sequence[str] = (), declaration_type: str = ""
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Each reason with the clauses it comes from, and the citations no reason claims.

    The verdict JSON lists reasons and citations separately; `rules_fired` (the ids
    recorded at submission, or the live verdict's) say which rule gave each reason and
    so which clauses it cites. Only clauses the verdict itself cites are shown. Without
    rule ids (entries filed before they were recorded), or when the reasons cannot be
    paired with the rules, the reasons are listed and every citation after them.
    """
    cited = list(verdict.get("citations") or [])
    reasons = list(verdict.get("reasons") or [])
    by_reason = _clauses_by_reason(verdict, rules_fired, declaration_type) or [[] for _ in reasons]
    used: set[str] = set()
    explanations = []
    for reason, clauses in zip(reasons, by_reason, strict=True):
        refs = [ref for ref in dict.fromkeys(clauses) if ref in cited]
        used.update(refs)
        explanations.append({"reason": reason, "citations": [citation_link(ref) for ref in refs]})
    others = [citation_link(ref) for ref in cited if ref not in used]
    return explanations, others


def citation_link(reference: str) -> dict[str, str]:
    """A cited clause as label and link; the same on the filing panel and the decision page."""
    try:
        url = citation_url(reference)
    except (ValueError, NoReverseMatch):  # a citation the reference pages do not know
        url = ""
    return {"reference": reference, "label": citation_label(reference), "url": url}


def verdict_panel(
    verdict: dict[str, Any] | None,
    *,
    officer: Officer,
    declaration_type: str,
    unavailable: str = "",
    filed: bool = False,
    rules_fired: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything the "What your code says" panel shows, as plain JSON-ready values.

    Built from the contract's verdict JSON so that a script fetching the policy-check
    API can fill the same partial. `rules_fired` are the ids of the rules that gave the
    verdict (Declaration.rules_fired once filed, policies.Verdict.rules_fired before):
    they pair each reason with its clauses.
    """
    if verdict is None:
        return {"available": False, "unavailable": unavailable}
    route = [
        {
            "role": role,
            "words": labels.role_addressed(role),
            "people": people_for_role(officer, role),
        }
        for role in verdict.get("route") or []
    ]
    keeper = verdict.get("register_keeper")
    deadline = verdict.get("deadline")
    explanations, other_citations = _explanations(verdict, rules_fired, declaration_type)
    return {
        "available": True,
        "filed": filed,
        "type": declaration_type,
        "outcome": verdict.get("outcome"),
        "route": route,
        "register_keeper": keeper,
        "register_keeper_words": labels.role_addressed(keeper),
        "register_keeper_people": people_for_role(officer, keeper) if keeper else [],
        "deadline": deadline,
        "deadline_words": (long_date(datetime.date.fromisoformat(deadline)) if deadline else ""),
        "late": bool(verdict.get("late")),
        "written": bool(verdict.get("written")),
        "explanations": explanations,
        "other_citations": other_citations,
        "flags": [labels.flag(flag) for flag in verdict.get("flags") or []],
        "codes_applied": [labels.employer(code) for code in verdict.get("codes_applied") or []],
    }


def actions_for(declaration: Declaration) -> dict[str, Any]:
    """Which buttons the detail page offers for this declaration's status."""
    in_progress = amendment_in_progress(declaration)
    return {
        "edit": declaration.status == S.DRAFT,
        "withdraw": can_withdraw(declaration),
        "amend": can_amend(declaration) and in_progress is None,
        "amendment_in_progress": in_progress,
        "end": can_end(declaration),
        "confirm_declined": routing.awaiting_confirmation(declaration),
        "undecided": declaration.status
        in (S.SUBMITTED, S.AWAITING_APPROVAL, S.AWAITING_ACKNOWLEDGEMENT)
        and not has_decision(declaration),
    }


def history(declaration: Declaration) -> list[dict[str, Any]]:
    """The declaration's events, oldest first, in words."""
    events = declaration.events.select_related("actor").order_by("at", "id")
    return [
        {
            "at": event.at,
            "what": labels.action(event.action),
            "who": (event.actor.get_full_name() or event.actor.get_username())
            if event.actor
            else "The register",
            "note": event.note,
        }
        for event in events
    ]


def versions(declaration: Declaration) -> list[Declaration]:
    """Every version sharing this declaration's reference, oldest first (a new draft,
    which has no reference yet, is its only version)."""
    return list(Declaration.objects.versions_of(declaration))
