"""One entry of a register, as its keepers read it, and what happened to a declined gift.

`openable` is every entry a keeper may open: exactly those their register pages list
(the whole register of each organisation they keep, keepers.py; the entries of each
named register they keep, named.py), so a row they can see always opens and nothing
else does. A sensitive entry (a relationship or a disclosure) opens for the monitoring
officer alone: anyone else's register lists it as a masked row (`rows`: `MaskedRow`),
which names no one, says nothing of it and links nowhere. Drafts never: they are not
declared yet. `entry_page` is what the page
shows, built from the filing journey's presenters (the answers, the verdict and its
clauses, the history, the versions) and the approvals journey's route, with how late it
was declared and the token limit its verdict used (declarations.lateness).

`what_happened` puts the disposition of a gift, offer or activity the code says must
be declined or must not go ahead in words, for the register's rows, the entry page,
the exports and the dashboard: what the officer said happened, or that it is awaited
(Declaration.disposition_due_on set and nothing recorded yet), red once overdue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.urls import reverse

from declarations import access, labels
from declarations import choices as c
from declarations.approvals import route_for_display
from declarations.filing import filed_panel, history, summary_rows, versions
from declarations.lateness import lateness_of, token_limits_applied
from declarations.models import Declaration, DeclarationQuerySet
from declarations.register import keepers, named
from policies.vocabulary import SENSITIVE_TYPES

AWAITING = "awaiting"  # the exports' value for "awaiting what happened to it"
AWAITING_WORDS = "Awaiting what happened to it"
# Versions no longer chased: the entry was withdrawn, or a newer version replaced it.
NOT_CHASED: tuple[str, ...] = (c.Status.WITHDRAWN, c.Status.SUPERSEDED, c.Status.DRAFT)


# --- who may open which entry -----------------------------------------------------------------


def openable(user: User | AnonymousUser) -> DeclarationQuerySet:
    """Every declared entry one of this user's register pages lists: the whole register
    of each organisation they keep (seconded-in entries included) and the entries of
    each named register they keep. Empty for everyone else."""
    if not user.is_authenticated:
        return Declaration.objects.none()
    if user.is_superuser:  # keeps every organisation's whole register, but sees sensitive
        # entries only of an organisation whose monitoring officer they are
        mo_of = access.monitoring_officer_of(user)
        return _submitted().filter(
            ~Q(type__in=SENSITIVE_TYPES)
            | Q(organisation__in=mo_of)
            | Q(host_organisation__in=mo_of)
        )
    # A kept organisation's whole register is its monitoring officer's (sensitive entries
    # included); a named register's sensitive entries are masked rows, never opened.
    kept = keepers.kept_organisations(user)
    condition = Q(pk__in=[])
    if kept:
        condition |= Q(organisation__in=kept) | Q(host_organisation__in=kept)
    kept_ids = {organisation.pk for organisation in kept}
    for register in named.named_registers(user):
        if register.organisation.pk not in kept_ids:  # already covered by the whole register
            condition |= Q(pk__in=register.declarations.values("pk"))
    return _submitted().filter(condition)


def _submitted() -> DeclarationQuerySet:
    """Declared entries that were submitted: a draft withdrawn unsubmitted was never
    declared, and its answers stay its author's."""
    return Declaration.objects.declared().filter(submitted_at__isnull=False)


def open_entry(may_open: DeclarationQuerySet, pk: int) -> Declaration | None:
    """The entry `pk` if it is among those this user may open (`openable`), else None
    (the view answers 404)."""
    return (
        may_open.select_related(
            "officer__user",
            "officer__organisation",
            "officer__seconded_to",
            "organisation",
            "host_organisation",
            "register_keeper_officer__user",
        )
        .filter(pk=pk)
        .first()
    )


# --- what happened to it ----------------------------------------------------------------------


@dataclass(frozen=True)
class WhatHappened:
    """What happened to a gift or activity that had to be declined, in words."""

    state: str  # "recorded", "awaiting", or "" (nothing to say)
    words: str = ""  # "Declined", "Awaiting what happened to it"
    on: datetime.date | None = None  # the day it happened, as the officer said
    note: str = ""  # which charity, to whom it was returned...
    due_on: datetime.date | None = None  # by when the officer had to say
    overdue: bool = False

    @property
    def recorded(self) -> bool:
        return self.state == "recorded"

    @property
    def awaiting(self) -> bool:
        return self.state == AWAITING

    def __bool__(self) -> bool:
        return bool(self.state)


def is_awaiting(
    status: str, due_on: datetime.date | None, recorded_at: datetime.datetime | None
) -> bool:
    """Due, not yet recorded, on a version still standing (the partial index's condition,
    Declaration.Meta: `disposition_due_on` set and `disposition_recorded_at` not)."""
    return due_on is not None and recorded_at is None and status not in NOT_CHASED


def what_happened(declaration: Declaration, today: datetime.date) -> WhatHappened:
    """What the officer said happened to it, that it is awaited (and whether overdue), or
    nothing for an entry that never had to be declined."""
    if declaration.disposition:
        return WhatHappened(
            state="recorded",
            words=labels.disposition_words(
                declaration.disposition, declaration.organisation.code, declaration.type
            ),
            on=declaration.disposition_on,
            note=declaration.disposition_note,
            due_on=declaration.disposition_due_on,
        )
    due_on = declaration.disposition_due_on
    if due_on is not None and is_awaiting(
        declaration.status, due_on, declaration.disposition_recorded_at
    ):
        return WhatHappened(
            state=AWAITING, words=AWAITING_WORDS, due_on=due_on, overdue=due_on < today
        )
    return WhatHappened(state="")


@dataclass(frozen=True)
class Row:
    """A register row: the entry and what happened to it."""

    declaration: Declaration
    what_happened: WhatHappened


MASKED_WORDS = "Sensitive entry"


@dataclass(frozen=True)
class MaskedRow:
    """A sensitive entry's row for a keeper who may not see it: that it is there, its
    reference, type, status and the day it was declared; never the officer, the
    counterparty, the description or anything else, and no link (its page is a 404 for
    them). Built from those values alone, so no template can show more."""

    reference: str
    type_words: str
    status: str
    status_words: str
    declared_on: datetime.date | None
    words: str = MASKED_WORDS


def masked_row(declaration: Declaration) -> MaskedRow:
    return MaskedRow(
        reference=declaration.reference_with_version,
        type_words=declaration.get_type_display(),
        status=declaration.status,
        status_words=declaration.get_status_display(),
        declared_on=declaration.declared_on,
    )


def rows(
    declarations: list[Declaration], today: datetime.date, *, masked: bool = False
) -> list[Row | MaskedRow]:
    """A page of the register, each row with what happened to it (no query per row); with
    `masked` (queries.Listing.masked), each sensitive entry as a MaskedRow instead."""
    return [
        masked_row(d) if masked and d.type in SENSITIVE_TYPES else Row(d, what_happened(d, today))
        for d in declarations
    ]


# --- the entry page ---------------------------------------------------------------------------


def entry_page(
    declaration: Declaration, may_open: DeclarationQuerySet, today: datetime.date
) -> dict[str, Any]:
    """Everything the keeper's entry page shows: the answers, the verdict as recorded
    (each reason with its clauses, how late, the token limit used), the route with each
    step's decision and reason, the history, what happened to it, and the versions
    (linked where this user may open them: `may_open`, from `openable`)."""
    # An amendment still in draft is its author's until they submit it.
    every_version = [v for v in versions(declaration) if v.submitted_at is not None]
    linked = set(
        may_open.filter(pk__in=[version.pk for version in every_version]).values_list(
            "pk", flat=True
        )
    )
    return {
        "declaration": declaration,
        "declarant": declaration.officer,
        "rows": summary_rows(declaration),
        "panel": filed_panel(declaration),
        "lateness": lateness_of(declaration),
        "token_limits": token_limits_applied(declaration.verdict),
        "route": route_for_display(declaration),
        "history": history(declaration),
        "what_happened": what_happened(declaration, today),
        "versions": [
            {"version": version, "openable": version.pk in linked} for version in every_version
        ],
        "level_words": labels.level(declaration.officer_level),
        "register_keeper_words": labels.role(declaration.register_keeper),
    }


def back_link(user: User | AnonymousUser, declaration: Declaration) -> dict[str, str]:
    """Where the page's back link goes: the whole register that lists the entry (the
    organisation's own or, for an entry filed while seconded in, the host's), else the
    registers this keeper keeps."""
    kept = {organisation.pk: organisation for organisation in keepers.kept_organisations(user)}
    for organisation in (declaration.organisation, declaration.host_organisation):
        if organisation is not None and organisation.pk in kept:
            return {
                "url": f"{reverse('register')}?organisation={organisation.code}",
                "text": "Register of declarations",
            }
    return {"url": reverse("named-register-list"), "text": "Registers you keep"}
