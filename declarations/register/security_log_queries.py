"""The security log as the monitoring officer reads it: whose events, filtered, newest
first, a page at a time.

Deny by default: a monitoring officer sees the events of the organisations whose
register they keep (access.monitoring_officer_organisations); a system administrator
sees every organisation's, and the events that belong to none (failed sign-ins naming
no account, for example). Anyone else sees nothing.

Every query is served by an index of SecurityEvent and never counts or skips rows:
each organisation in view is read by its own query, ``organisation = X`` plus the
filters, ordered by (at, id) newest first and cut at one page and one row (the indexes
(organisation, -at, -id) and (organisation, kind, -at, -id) give those rows in order),
and the few lists are merged here. The page after is asked for by a cursor, the (at, id)
of the last event shown (keyset paging), never by OFFSET; the extra row says whether
there is one.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from declarations import access, keyset
from declarations.choices import SecurityEventKind
from declarations.models import Organisation, SecurityEvent
from declarations.register.security_log_filters import NO_ORGANISATION, Cursor, day_starts

PAGE_SIZE = 50

# How the page names each key of an event's `detail`; others are written from the key.
DETAIL_WORDS: dict[str, str] = {
    "method": "Signed in with",
    "status": "Response",
    "format": "Format",
    "rows": "Rows",
    "register": "Register",
    "filters": "Filters",
    "sort": "Sorted by",
    "publication": "Publication",
    "minimum_level": "Lowest level published",
    "known_account": "Account exists",
}


def may_see_security_log(user: User | AnonymousUser) -> bool:
    """Whether this person may read the security log: those who keep a register (the
    navigation asks the same)."""
    return access.keeps_a_register(user)


@dataclass(frozen=True)
class Viewer:
    """What one person may read: organisations, and whether events of none too."""

    organisations: list[Organisation]
    sees_events_of_no_organisation: bool

    def choices(self) -> list[tuple[str, str]]:
        """The organisation filter's options (more than one place to look in only)."""
        options = [(org.code, org.name) for org in self.organisations]
        if self.sees_events_of_no_organisation:
            options.append((NO_ORGANISATION, "No organisation (for example unknown usernames)"))
        return options if len(options) > 1 else []

    def scopes(self, chosen: str = "") -> list[Organisation | None]:
        """The organisations (None: events of no organisation) one page reads."""
        everything: list[Organisation | None] = list(self.organisations)
        if self.sees_events_of_no_organisation:
            everything.append(None)
        if not chosen:
            return everything
        if chosen == NO_ORGANISATION:
            return [None] if self.sees_events_of_no_organisation else []
        return [org for org in self.organisations if org.code == chosen]


def viewer(user: User | AnonymousUser) -> Viewer:
    """The organisations whose log this person reads (none for most people)."""
    return Viewer(
        organisations=list(access.monitoring_officer_organisations(user).order_by("name")),
        sees_events_of_no_organisation=bool(user.is_authenticated and user.is_superuser),
    )


@dataclass(frozen=True)
class EventRow:
    """One event as the page shows it: the row and its detail in words."""

    event: SecurityEvent
    details: list[tuple[str, str]]


@dataclass(frozen=True)
class EventPage:
    """A page of events, newest first, and the cursor of the page after (if any)."""

    rows: list[EventRow]
    older: Cursor | None
    is_newest: bool

    @property
    def older_link(self) -> str:
        """The cursor as the "Older events" link carries it ("" on the last page)."""
        return str(self.older) if self.older is not None else ""


def filtered(scope: Organisation | None, filters: Mapping[str, Any]) -> QuerySet[SecurityEvent]:
    """One organisation's events (or those of none), narrowed by the cleaned filters,
    newest first: equality on organisation, kind and username and a range on `at`, the
    shape the indexes serve."""
    events = SecurityEvent.objects.filter(organisation=scope)
    if filters.get("kind"):
        events = events.filter(kind=SecurityEventKind(filters["kind"]))
    person = filters.get("person")
    if person:
        if filters.get("starts_with"):
            events = events.filter(username__startswith=person)
        else:
            events = events.filter(username=person)
    start: datetime.date | None = filters.get("date_from")
    if start:
        events = events.filter(at__gte=day_starts(start))
    end: datetime.date | None = filters.get("date_to")
    if end:
        events = events.filter(at__lt=day_starts(end + datetime.timedelta(days=1)))
    cursor: Cursor | None = filters.get("before")
    if cursor is not None:
        events = keyset.past(events, "at", cursor.at, cursor.id, descending=True)
    return events.order_by("-at", "-id")


def events_page(view: Viewer, filters: Mapping[str, Any], size: int = PAGE_SIZE) -> EventPage:
    """One page of the events this viewer may read, newest first: one short query per
    organisation in view, merged, no COUNT and no OFFSET."""
    lists = []
    for scope in view.scopes(filters.get("organisation", "")):
        found = list(filtered(scope, filters)[: size + 1])
        for event in found:
            event.organisation = scope  # known already: no join, no query per row
        lists.append(found)
    newest_first = heapq.merge(*lists, key=lambda event: (event.at, event.pk), reverse=True)
    events = list(islice(newest_first, size + 1))
    shown = events[:size]
    older = Cursor(at=shown[-1].at, id=shown[-1].pk) if len(events) > size else None
    return EventPage(
        rows=[EventRow(event=event, details=detail_words(event.detail)) for event in shown],
        older=older,
        is_newest=filters.get("before") is None,
    )


def detail_words(detail: Any) -> list[tuple[str, str]]:
    """An event's detail as (label, words) pairs, for the page (escaped when shown)."""
    if not isinstance(detail, dict):
        return []
    return [
        (DETAIL_WORDS.get(key, key.replace("_", " ").capitalize()), _words(value))
        for key, value in detail.items()
        if value not in (None, "", [], {})
    ]


def _words(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {_words(each)}" for key, each in value.items())
    if isinstance(value, list):
        return ", ".join(_words(each) for each in value)
    return str(value)
