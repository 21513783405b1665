"""Filing a declaration: the commands an officer's actions run, and what each allows.

Start and change a draft, submit it (judged and recorded by the core's submission.record,
then lodged: its register keeper noted and its route opened), amend, end, withdraw, and
check answers against the codes without saving. The `can_*` predicates say which of these
a declaration allows now, for the commands themselves and for the pages' buttons.

Views stay thin: they parse a form and call one of these. Every change is written to
the declaration's history, through `workflow.transition` when the status moves and
`workflow.record_event` when it does not, so the register can always say who did
what and when. How answers are stored and read back is answers.py; what pages show,
presenters.py.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

import policies
from declarations import approvals, clock, labels, notifications, people, submission
from declarations import choices as c
from declarations.facts import facts_for
from declarations.filing.answers import (
    apply_answers,
    detail_fields,
    given_answers,
    kept_as_given,
    missing_required,
    problems,
    store_answers,
    unanswered_message,
    validation_form,
    values_of,
)
from declarations.filing.forms import form_class_for
from declarations.models import (
    DETAIL_MODELS,
    DETAIL_RELATED_NAMES,
    Declaration,
    DeclarationEvent,
    Officer,
)
from declarations.workflow import (
    TRANSITIONS,
    allowed_actions,
    events_written_together,
    record_event,
    transition,
)
from policies import FactsError
from policies import vocabulary as v

S = c.Status
A = c.EventAction
ENDABLE_TYPES = frozenset({v.DeclarationType.INTEREST, v.DeclarationType.OUTSIDE_WORK})
GIFTS_AND_HOSPITALITY = frozenset({v.DeclarationType.GIFT, v.DeclarationType.HOSPITALITY})
# A version can be replaced by an amendment from these statuses (workflow "supersede").
AMENDABLE_STATUSES = frozenset(source for (source, action) in TRANSITIONS if action == A.SUPERSEDE)
# Steps that show someone has already made a decision.
DECIDED_STEP_STATES = frozenset(
    {c.StepState.APPROVED, c.StepState.REJECTED, c.StepState.ACKNOWLEDGED}
)


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


# --- drafts -----------------------------------------------------------------------------


@transaction.atomic
def create_draft(
    officer: Officer,
    declaration_type: str,
    answers: dict[str, Any],
    *,
    actor: User,
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
        declared_on=clock.today(),
    )
    detail = DETAIL_MODELS[declaration_type](declaration=declaration)
    apply_answers(declaration, detail, answers)
    missing = missing_required(declaration_type, answers, detail)
    if missing:
        raise FilingError(f"A draft needs an answer for {', '.join(missing)}.")
    declaration.draft_answers = kept_as_given(declaration_type, answers, given)
    declaration.save()
    detail.save()
    record_event(declaration, A.CREATED, actor=actor)
    return declaration


@transaction.atomic
def update_draft(
    declaration: Declaration,
    answers: dict[str, Any],
    *,
    actor: User,
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
    store_answers(declaration, detail, answers)
    declaration.draft_answers = kept_as_given(declaration.type, answers, given)
    declaration.declared_on = clock.today()
    declaration.save()
    detail.save()
    changed = (values_of(declaration), set(given_answers(declaration))) != before
    if changed:
        record_event(declaration, A.EDITED, actor=actor)
    return changed


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


def _register_keeper(
    officer: Officer, role: str, book: people.RoleBook | None = None
) -> Officer | None:
    """Who holds the register keeper's role for the officer today; nobody if only the
    fallback could be found (the keeper is then the role, not a person). `book`: the
    officer's people.RoleBook, shared with the route so its holders are read once."""
    keeper = (book or people.RoleBook(officer)).resolve(role, officer.organisation)
    return None if keeper.route_unresolved else keeper.assignee


def said_declined_when_filed(declaration: Declaration) -> bool:
    """Whether the officer's own answers say they turned the gift or hospitality down."""
    detail = declaration.detail
    return declaration.type in GIFTS_AND_HOSPITALITY and (
        getattr(detail, "status", "") == v.OfferStatus.DECLINED
    )


def lodge(declaration: Declaration, *, actor: User, locked: bool = False) -> policies.Verdict:
    """Judge and record a submitted draft (submission.record, with who keeps it on the
    register today from people), and open its route to the people who decide.

    Something the code says must be declined or must not go ahead waits for the officer
    to say what happened to it. If they said when filing that they declined it, that is
    recorded now (dated the day of the offer), so its route opens at once; otherwise
    they are emailed what to do and by when.

    Raises IllegalTransition for a declaration that is not a draft and FactsError if its
    stored facts break the contract; nothing is saved then. `locked`: the caller (submit)
    has locked the row in its transaction and holds it as it is now.
    """
    # The history's events are written together, in one query, as the block ends; so
    # are the emails it tells of queued (one task, in this transaction).
    with (
        transaction.atomic(savepoint=not locked),
        events_written_together(),
        notifications.told_together(),
    ):
        # Who holds which role for the officer, read once for the keeper and the route.
        book = people.RoleBook(declaration.officer)
        verdict = submission.record(
            declaration,
            actor=actor,
            keeper_of=lambda officer, role: _register_keeper(officer, role, book),
            locked=locked,
        )
        # Locked now in any case: submission.record's transition locked it.
        approvals.open_route(declaration, verdict.as_json(), actor=actor, locked=True, book=book)
        if approvals.awaiting_disposition(declaration):
            offered = {option.disposition for option in approvals.disposition_options(declaration)}
            if (
                said_declined_when_filed(declaration)
                and v.Disposition.DECLINED in offered
                and actor.pk == declaration.officer.user_id
            ):
                approvals.record_disposition(
                    declaration,
                    actor,
                    v.Disposition.DECLINED,
                    min(declaration.date, clock.today()),
                    locked=True,
                )
            else:
                notifications.queue_disposition_due(declaration)
    return verdict


@transaction.atomic
def submit(declaration: Declaration, *, actor: User) -> Declaration:
    """Submit a complete draft: store exactly the answers checked, lodge it, and let it
    replace the version it amends.

    The row is locked once, here, with what lodging reads (the officer, their user and
    employer, the details, the version it amends), and lodged as locked: every event is
    still written in this transaction, in one query at the end.
    """
    related = DETAIL_RELATED_NAMES.get(declaration.type)
    declaration = (
        Declaration.objects.select_for_update(of=("self",))
        .select_related(
            "officer__user",
            "officer__organisation",
            "officer__seconded_to",
            "organisation",
            "amends",
            *([related] if related else []),
        )
        .get(pk=declaration.pk)
    )
    if declaration.status != S.DRAFT:
        raise FilingError("This declaration has already been submitted.")
    form = validation_form(declaration)
    if not form.is_valid():
        found = problems(form)
        raise UnansweredQuestions(unanswered_message(form, found), found)
    # What is submitted is exactly what was answered and checked just now.
    detail = declaration.detail or DETAIL_MODELS[declaration.type](declaration=declaration)
    store_answers(declaration, detail, form.answers())
    detail.save()
    declaration.draft_answers = {}
    declaration.declared_on = clock.today()
    # Saved with its verdict by submission.record (locked: it writes the whole row once).
    with events_written_together(), notifications.told_together():
        lodge(declaration, actor=actor, locked=True)
        previous = superseded_by_submitting(declaration)
        if previous is not None and A.SUPERSEDE in allowed_actions(previous.status):
            # Locked (after this declaration) and read as it is now, as transition would.
            previous.status = (
                Declaration.objects.select_for_update().values_list("status", flat=True)
            ).get(pk=previous.pk)
            approvals.cancel_pending_steps(
                previous,
                actor=actor,
                why=f"it was replaced by {declaration.reference_with_version}",
            )
            transition(
                previous,
                A.SUPERSEDE,
                actor=actor,
                note=f"Replaced by {declaration.reference_with_version}",
                locked=True,
            )
    return declaration


def latest_version(declaration: Declaration) -> Declaration:
    """The newest version of this declaration's entry, draft or not (one query)."""
    return Declaration.objects.versions_of(declaration).last() or declaration


def amendment_in_progress(declaration: Declaration) -> Declaration | None:
    """The newer draft version already started from this one, if any."""
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
def amend(declaration: Declaration, *, actor: User) -> Declaration:
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
        declared_on=clock.today(),
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
    """Only an interest or outside work goes on, so only they end (once decided)."""
    return declaration.type in ENDABLE_TYPES and A.END in allowed_actions(declaration.status)


@transaction.atomic
def end(
    declaration: Declaration,
    ended_on: datetime.date,
    *,
    actor: User,
    note: str = "",
) -> DeclarationEvent:
    """Record that an interest or outside work has stopped, and when."""
    if not can_end(declaration):
        raise FilingError("Only an approved or recorded interest or outside work can be ended.")
    if ended_on < declaration.date:
        raise FilingError("The end date must be on or after the start date.")
    declaration.ended_on = ended_on
    declaration.save(update_fields=["ended_on", "updated_at"])
    ended = f"Ended on {labels.long_date(ended_on)}"
    return transition(
        declaration, A.END, actor=actor, note=f"{ended}. {note}".strip() if note else ended
    )


def can_withdraw(declaration: Declaration) -> bool:
    """Whether the workflow lets this declaration be withdrawn from its status."""
    return A.WITHDRAW in allowed_actions(declaration.status)


@transaction.atomic
def withdraw(declaration: Declaration, *, actor: User, reason: str = "") -> DeclarationEvent:
    """Withdraw a declaration; its history stays, and nobody is left asked to decide.

    A draft withdrawn is listed in the register as withdrawn, so it gets the register's
    columns then (its words to search, its value), as a submission would."""
    event = transition(declaration, A.WITHDRAW, actor=actor, note=reason)
    if event.from_status == S.DRAFT:
        submission.record_register_columns(declaration, {})
        declaration.save(update_fields=list(submission.REGISTER_COLUMNS))
    approvals.cancel_pending_steps(declaration, actor=actor, why="it was withdrawn")
    return event


def has_decision(declaration: Declaration) -> bool:
    """Whether anyone has approved, rejected or acknowledged this version yet."""
    return declaration.approval_steps.filter(state__in=DECIDED_STEP_STATES).exists()
