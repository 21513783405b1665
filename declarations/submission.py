"""The policy boundary at submission: judge a declaration by its code and record it.

The verdict decides the next step, so it is stored with the module versions it was
reached under (`policy_version`) and the status moves in the same transaction: a
declaration is never left submitted without a verdict, or judged but still a draft.
Who holds the register keeper's role and who is asked to decide are the journeys'
business: filing.services.lodge calls this with people's resolver for the keeper, then
opens the route (approvals.routing).

A verdict that something must be declined or must not go ahead also sets the day by
which the officer must say what happened to it (`disposition_due_on`); its route waits
for them (approvals.disposition).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

import policies
from declarations import clock, labels
from declarations.choices import EventAction
from declarations.facts import request_for, settings_for, verdict_record
from declarations.models import Declaration, Officer, issue_reference
from declarations.workflow import transition
from policies.vocabulary import Outcome

# The workflow action that follows submission, by outcome; approvals.routing.open_route
# then turns the verdict's route into approval or acknowledgement steps for named people.
NEXT_ACTION: dict[Outcome, EventAction] = {
    Outcome.NO_ACTION: EventAction.RECORD,
    Outcome.DECLARE: EventAction.SEND_FOR_ACKNOWLEDGEMENT,
    Outcome.PROHIBITED: EventAction.SEND_FOR_ACKNOWLEDGEMENT,
    Outcome.APPROVAL_REQUIRED: EventAction.SEND_FOR_APPROVAL,
}


DEFAULT_DISPOSITION_DUE_DAYS = 10

# Written once, at submission: what the register, named registers, explanations and
# access read afterwards, so later changes to the officer never rewrite history.
RECORDED_AT_SUBMISSION = (
    "verdict",
    "policy_version",
    "request_facts",
    "rules_fired",
    "officer_level",
    "host_organisation",
    "register_keeper",
    "register_keeper_officer",
)

# Who holds a register keeper's role for an officer today (people.resolve_role, passed
# in by the journey that submits: the core imports no journey).
KeeperOf = Callable[[Officer, str], "Officer | None"]


def record_as_filed(
    declaration: Declaration,
    request: dict[str, Any],
    verdict: policies.Verdict,
    keeper_of: KeeperOf,
) -> None:
    """Keep on the declaration who the officer was and what the code said, as of now."""
    officer = declaration.officer
    declaration.request_facts = request
    declaration.rules_fired = list(verdict.rules_fired)
    declaration.officer_level = officer.level
    declaration.host_organisation_id = officer.seconded_to_id
    declaration.register_keeper = str(verdict.register_keeper or "")
    declaration.register_keeper_officer = (
        keeper_of(officer, declaration.register_keeper) if declaration.register_keeper else None
    )


def search_text_of(declaration: Declaration) -> str:
    """The words a register search looks through, lower-cased: the reference, who was
    involved, the description and the officer's name, as they are at submission."""
    user = declaration.officer.user
    words = [
        declaration.reference,
        declaration.counterparty,
        declaration.description,
        user.first_name,
        user.last_name,
    ]
    return " ".join(word for word in words if word).lower()


def officer_sort_name(officer: Officer) -> str:
    """ "Surname, First name" (the username if no name is known), to sort the register by."""
    user = officer.user
    name = ", ".join(part for part in (user.last_name, user.first_name) if part)
    return name or user.username


def record_register_columns(declaration: Declaration, verdict: dict[str, Any]) -> None:
    """Copy what the register filters, sorts and searches by into its indexed columns:
    the verdict's outcome, lateness and deadline, the gift's value, the officer's name and
    the search words. Written once, at submission, like the verdict they come from."""
    deadline = verdict.get("deadline")
    declaration.outcome = str(verdict.get("outcome") or "")
    declaration.late = bool(verdict.get("late"))
    declaration.deadline = datetime.date.fromisoformat(deadline) if deadline else None
    detail = declaration.detail if declaration.type in VALUED_TYPES else None
    declaration.value_gbp = getattr(detail, "value_gbp", None)
    declaration.officer_name = officer_sort_name(declaration.officer)
    declaration.search_text = search_text_of(declaration)


REGISTER_COLUMNS = ("outcome", "late", "deadline", "value_gbp", "officer_name", "search_text")
VALUED_TYPES = frozenset({"gift", "hospitality"})


def issue_reference_if_new(declaration: Declaration) -> None:
    """Give a new entry its reference, numbered in the year it is declared.

    Issued here, not when the draft is saved, so that a draft never takes a number (a
    withdrawn draft leaves no gap in the register) and a draft started in December and
    submitted in January is numbered in January. `declared_on` is the day of submission
    (filing.submit sets it; the demo sets the day it pretends). An amendment already
    carries the reference of the entry it amends and keeps it.
    """
    if not declaration.reference:
        declaration.reference = issue_reference(
            declaration.organisation, declaration.declared_on.year
        )


def disposition_due_days() -> int:
    """Days an officer has to say what happened to something their code says must be
    declined or must not go ahead (settings.DISPOSITION_DUE_DAYS, default 10)."""
    return int(getattr(settings, "DISPOSITION_DUE_DAYS", DEFAULT_DISPOSITION_DUE_DAYS))


def disposition_due_on(submitted_on: datetime.date) -> datetime.date:
    """By when the officer must say what happened to it, counted from submission."""
    return submitted_on + datetime.timedelta(days=disposition_due_days())


def record(
    declaration: Declaration, *, actor: User, keeper_of: KeeperOf, locked: bool = False
) -> policies.Verdict:
    """Judge a draft, record the verdict and what was true (the register keeper as
    `keeper_of` finds them), and move it on as it says.

    Events are written for "submit" by `actor`, then the follow-on step ("record",
    "send_for_approval" or "send_for_acknowledgement") by the system (actor None), its
    note saying what the code says in words. A prohibited verdict sets the day the
    officer must say what happened to it by.
    Raises IllegalTransition (nothing saved) for a declaration that is not a draft,
    and FactsError (nothing saved) if its stored facts break the contract. `locked`: the
    caller has locked the row in its transaction and holds it as it is now (with any
    changes of its own, which are saved with it).
    """
    request = request_for(declaration)
    facts = policies.parse_request(request, stored_settings=settings_for(declaration))
    verdict = policies.evaluate(facts)
    # A caller that has locked the row has checked it and holds a transaction: a failure
    # rolls all of it back, so no savepoint is needed (one query less each way).
    with transaction.atomic(savepoint=not locked):
        transition(declaration, EventAction.SUBMIT, actor=actor, locked=locked, save=False)
        issue_reference_if_new(declaration)
        declaration.verdict = verdict_record(verdict, facts)
        declaration.policy_version = policies.policy_version(facts)
        record_as_filed(declaration, request, verdict, keeper_of)
        record_register_columns(declaration, declaration.verdict)
        if verdict.outcome is Outcome.PROHIBITED:
            declaration.disposition_due_on = disposition_due_on(clock.today())
        # Both moves' events are written; the row is written once, as it ends up. A caller
        # that locked it holds it as it is, changes of its own included: all of it is saved.
        transition(
            declaration,
            NEXT_ACTION[verdict.outcome],
            actor=None,
            note=labels.outcome_sentence(verdict.outcome, declaration.type),
            locked=True,  # by the caller or the transition above, in this transaction
            save=False,
        )
        declaration.save(
            update_fields=None
            if locked
            else [
                "status",
                "submitted_at",
                "reference",
                *RECORDED_AT_SUBMISSION,
                *REGISTER_COLUMNS,
                "disposition_due_on",
                "updated_at",
            ]
        )
    return verdict
