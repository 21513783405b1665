"""Submitting a declaration: judge it by its code, keep the verdict, send it on its way.

The verdict decides the next step, so it is stored with the module versions it was
reached under (`policy_version`) and the status moves in the same transaction: a
declaration is never left submitted without a verdict, or judged but still a draft.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

import policies
from policies.vocabulary import Outcome

from .facts import facts_for
from .models import Declaration
from .routing import open_route
from .workflow import transition

# The workflow action that follows submission, by outcome; routing.open_route then
# turns the verdict's route into approval or acknowledgement steps for named people.
NEXT_ACTION: dict[Outcome, str] = {
    Outcome.NO_ACTION: "record",
    Outcome.DECLARE: "send_for_acknowledgement",
    Outcome.PROHIBITED: "send_for_acknowledgement",
    Outcome.APPROVAL_REQUIRED: "send_for_approval",
}


def check(declaration: Declaration) -> policies.Verdict:
    """What the code says about a declaration as it stands, without saving anything."""
    return policies.evaluate(facts_for(declaration))


def submit(declaration: Declaration, *, actor: AbstractBaseUser) -> policies.Verdict:
    """Submit a draft: store its verdict, then move it on as the verdict says.

    Events are written for "submit" by `actor`, then the follow-on step ("record",
    "send_for_approval" or "send_for_acknowledgement") by the system (actor None),
    then the route is opened to the people the verdict names.
    Raises IllegalTransition (nothing saved) for a declaration that is not a draft,
    and FactsError (nothing saved) if its stored facts break the contract.
    """
    facts = facts_for(declaration)
    verdict = policies.evaluate(facts)
    with transaction.atomic():
        transition(declaration, "submit", actor=actor)
        declaration.verdict = verdict.as_json()
        declaration.policy_version = policies.policy_version(facts)
        declaration.save(update_fields=["verdict", "policy_version", "updated_at"])
        transition(
            declaration,
            NEXT_ACTION[verdict.outcome],
            actor=None,
            note=f"Verdict: {verdict.outcome.value.replace('_', ' ')}",
        )
        open_route(declaration, declaration.verdict, actor=actor)
    return verdict
