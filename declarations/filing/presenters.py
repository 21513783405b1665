"""What the filing pages show about a declaration, as plain values for templates.

The questions and answers (summary_rows), the "What your code says" panel
(verdict_panel: each reason with the clauses it comes from, who is asked and who keeps
the register; checked_panel, form_panel and filed_panel for answers checked now, on the
form, or as recorded at submission), what static/js/verdict.js needs to fill the same
panel live (live_verdict), the error summary's links (problem_links), the buttons a
declaration's status allows (actions_for, from the services' `can_*` predicates), what
the officer must still do about something their code says must be declined and what
they said happened to it (disposition_panel), its history and versions, and the home
page's groups. Nothing here changes a declaration;
the approvals pages reuse some of it through the package's public names
(declarations.filing.__all__).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

import policies
from declarations import approvals, clock, labels, people
from declarations import choices as c
from declarations.facts import officer_request
from declarations.filing.answers import answered_values, build_unsaved, problems
from declarations.filing.forms import (
    MAX_HOURS,
    DateInputField,
    DeclarationForm,
    HoursField,
    MoneyField,
    RadioChoiceField,
    YesNoField,
    form_class_for,
)
from declarations.filing.services import (
    amendment_in_progress,
    can_amend,
    can_end,
    can_withdraw,
    check,
    has_decision,
)
from declarations.models import Declaration, Officer
from declarations.policy_reference import citation_url
from policies import module_for
from policies import vocabulary as v
from policies.clauses import clause_label, split_citation
from policies.facts import MAX_MONEY, REQUIRED_BY_TYPE

S = c.Status


@dataclass(frozen=True)
class SummaryRow:
    """One question and its answer on a check-answers or detail page."""

    name: str
    question: str
    answer: Any
    kind: str  # text, yes_no, money, hours, date, choice
    anchor: str = ""  # the id of the question's box (or first radio) on the edit page


def summary_rows(declaration: Declaration) -> list[SummaryRow]:
    """Every question of the declaration's form with its answer, in form order.

    A draft's questions not yet answered have no answer (None or ""). A question the form
    does not ask, given the other answers, is left out unless it has an answer (entries
    filed when it was asked keep theirs); a follow-up not asked, or under another answer
    than the one given, is always left out (its stored default means nothing: a sponsor
    of cash, bail conditions a code never asks about). An
    optional question left empty once submitted says what that means ("The day it was
    offered"), where the form says so.
    """
    form_class = form_class_for(declaration.type)
    form = form_class(officer=declaration.officer)
    values = answered_values(declaration)
    not_asked = form.not_asked(values)
    rows = []
    for _legend, names in form_class.groups:
        for name in names:
            field = form.fields[name]
            value = values.get(name)
            if name in not_asked and value in (None, ""):
                continue
            if name in form_class.follow_ups:
                parent, answer = form_class.follow_ups[name]
                if values.get(parent) != answer or name in not_asked:
                    continue  # never asked: its stored value is the model's default
            # A summary states answers: "(optional)" was for asking.
            question = str(field.label).removesuffix(" (optional)")
            left_empty = form_class.left_empty.get(name, "")
            if value in (None, "") and left_empty and declaration.status != S.DRAFT:
                rows.append(SummaryRow(name, question, left_empty, "text", form_class.anchor(name)))
                continue
            if isinstance(field, YesNoField):
                kind = "yes_no"
            elif isinstance(field, RadioChoiceField):
                kind, value = "choice", field.label_of(value)
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
    resolution = people.resolve_role(role, officer, officer.organisation)
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
        f"{c.label(code)}, {labels.in_sentence(label)}"
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
    keeper_people: list[str] | None = None,
) -> dict[str, Any]:
    """Everything the "What your code says" panel shows, as plain JSON-ready values.

    Built from the contract's verdict JSON so that a script fetching the policy-check
    API can fill the same partial. `rules_fired` are the ids of the rules that gave the
    verdict (Declaration.rules_fired once filed, policies.Verdict.rules_fired before):
    they pair each reason with its clauses. `keeper_people` is who kept the entry as
    recorded at submission; before then, whoever holds the keeper's role today.
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
        "register_keeper_people": (
            keeper_people
            if keeper_people is not None
            else (people_for_role(officer, keeper) if keeper else [])
        ),
        "deadline": deadline,
        "deadline_words": (
            labels.long_date(datetime.date.fromisoformat(deadline)) if deadline else ""
        ),
        "late": bool(verdict.get("late")),
        "written": bool(verdict.get("written")),
        "explanations": explanations,
        "other_citations": other_citations,
        "flags": [labels.flag(flag) for flag in verdict.get("flags") or []],
        # Read in a sentence: "Checked against the code of the county council."
        "codes_applied": [
            labels.employer_in_text(code) for code in verdict.get("codes_applied") or []
        ],
    }


def checked_panel(
    officer: Officer,
    verdict: policies.Verdict | None,
    declaration_type: str,
    unavailable: str = "",
) -> dict[str, Any]:
    """The panel for answers checked now (the verdict and the rules that gave it)."""
    return verdict_panel(
        verdict.as_json() if verdict else None,
        officer=officer,
        declaration_type=declaration_type,
        unavailable=unavailable,
        rules_fired=verdict.rules_fired if verdict else (),
    )


def filed_panel(declaration: Declaration, unavailable: str = "") -> dict[str, Any]:
    """The panel for a submitted declaration: its verdict and rules as recorded."""
    return verdict_panel(
        declaration.verdict,
        officer=declaration.officer,
        declaration_type=declaration.type,
        unavailable=unavailable,
        filed=True,
        rules_fired=declaration.rules_fired,
        keeper_people=(
            [declaration.register_keeper_officer.full_name]
            if declaration.register_keeper_officer is not None
            else []
        ),
    )


def form_panel(
    officer: Officer,
    form: DeclarationForm,
    declaration_type: str,
    *,
    base: Declaration | None = None,
) -> dict[str, Any]:
    """The panel after "Check": what the code says of the answers on screen so far.

    Call after `form.is_valid()` (in CHECK mode). Nothing is saved: the answers are
    judged on an unsaved copy of the draft (`base`, when editing one). Unanswered
    questions count as the contract's defaults, and the panel says so (`assumed`).
    """
    answers = form.answers()
    missing = form.unanswered_required(answers)
    if missing:
        panel = checked_panel(
            officer, None, declaration_type, f"Answer “{missing[0]}” to see what your code says."
        )
    else:
        unsaved = build_unsaved(officer, declaration_type, answers, base=base)
        panel = checked_panel(
            officer, check(unsaved), declaration_type, "Your answers could not be checked yet."
        )
    panel["partial"] = not form.is_valid()
    # Assumed: a question asked of these answers (not optional, not skipped) is unanswered.
    asked = set(form.fields) - form.optional - form.skipped
    panel["assumed"] = bool(asked - set(answers))
    return panel


def problem_links(declaration: Declaration, form: DeclarationForm) -> list[dict[str, str]]:
    """Each problem with a link to its question on the edit page (the GOV.UK error
    summary pattern: the link lands on the box, or first radio, at fault)."""
    edit = reverse("declaration-edit", args=[declaration.pk])
    return [
        {"message": message, "href": f"{edit}#{form.anchor(name)}"}
        for name, message in problems(form)
        if name in form.fields
    ]


def field_kind(field: Any) -> dict[str, Any]:
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


def live_verdict(officer: Officer, form: DeclarationForm, declaration_type: str) -> dict[str, Any]:
    """What static/js/verdict.js needs to ask the policy-check API and fill the panel
    as _verdict_panel.html does: the officer's facts, the questions, and the panel's
    words (from declarations.labels, so they are written once)."""
    codes = [officer.organisation.code]
    if officer.seconded_to is not None:
        codes.append(officer.seconded_to.code)
    # The clauses of each rule for this type, by its id: the verdict's `rules_fired` pair
    # its reasons with them, as _explanations does.
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
                    citations[ref] = citation_link(ref)
    return {
        "employer": officer.organisation.code,
        "officer": officer_request(officer),
        "type": declaration_type,
        "today": clock.today().isoformat(),
        "fields": {name: field_kind(field) for name, field in form.fields.items()},
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
                "people": people_for_role(officer, role.value),
            }
            for role in v.Role
        },
        "flags": {flag.value: words for flag, words in labels.FLAG.items()},
        "codes": {employer.value: words for employer, words in labels.EMPLOYER_IN_TEXT.items()},
        "rules": rules,
        "citations": citations,
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
        "disposition": approvals.awaiting_disposition(declaration),
        "undecided": declaration.status
        in (S.SUBMITTED, S.AWAITING_APPROVAL, S.AWAITING_ACKNOWLEDGEMENT)
        and not has_decision(declaration),
    }


# Events whose note says what happened better than the action's name: "Sent to Lee
# Manager (line manager) for approval." rather than "Route opened".
NOTE_SAYS_WHAT = frozenset({c.EventAction.ROUTE_OPENED})
# Who did what the register did by itself (the follow-on step at submission, reminders).
AUTOMATIC = "Automatic"


def history(declaration: Declaration) -> list[dict[str, Any]]:
    """The declaration's events, oldest first, in words. Each note is shown as it was
    written then (history is never rewritten); only how an action is named is today's."""
    events = declaration.events.select_related("actor").order_by("at", "id")
    rows = []
    for event in events:
        what, note = labels.action(event.action), event.note
        if event.action in NOTE_SAYS_WHAT and note:
            what, note = note, ""
        rows.append(
            {
                "at": event.at,
                "what": what,
                "who": (event.actor.get_full_name() or event.actor.get_username())
                if event.actor
                else AUTOMATIC,
                "note": note,
            }
        )
    return rows


def disposition_panel(declaration: Declaration) -> dict[str, Any] | None:
    """What the officer must do about something their code says must be declined or must
    not go ahead, and by when; or, once they have said, what happened to it. None for a
    declaration that asks neither."""
    outcome = (declaration.verdict or {}).get("outcome")
    code_says = f"Your code says this {labels.outcome_in_text(outcome, declaration.type)}."
    if declaration.disposition_recorded_at is not None:
        option = next(
            (
                o
                for o in approvals.disposition_options(declaration)
                if o.disposition == declaration.disposition
            ),
            None,
        )
        return {
            "awaiting": False,
            "code_says": code_says,
            "words": option.words if option else labels.disposition(declaration.disposition),
            "on": declaration.disposition_on,
            "note": declaration.disposition_note,
        }
    if not approvals.awaiting_disposition(declaration):
        return None
    due_on = declaration.disposition_due_on
    return {
        "awaiting": True,
        "code_says": code_says,
        "due_on": due_on,
        "overdue": bool(due_on and due_on < clock.today()),
        "url": reverse("declaration-disposition", args=[declaration.pk]),
    }


def versions(declaration: Declaration) -> list[Declaration]:
    """Every version sharing this declaration's reference, oldest first (a new draft,
    which has no reference yet, is its only version)."""
    return list(Declaration.objects.versions_of(declaration))
