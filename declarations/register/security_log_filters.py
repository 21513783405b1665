"""The security log page's filters and its paging cursor, read from the query string.

Nothing here touches the database: security_log_queries.py applies what the form cleans.
A bad value (a date that does not exist, an unknown event, a damaged "Older events"
link) is reported on the page by name and not applied, never a 500.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from declarations.choices import SecurityEventKind
from declarations.register.filters import date_filter, refuse_a_backwards_range, valid_filters

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
ONE_MICROSECOND = datetime.timedelta(microseconds=1)
CURSOR = re.compile(r"^(\d{1,16})\.(\d{1,19})$")
MAX_ID = 2**63 - 1
# Dates the filter accepts: wide enough for any log, narrow enough that a day's start and
# end are always real moments (year 1 or 9999 would overflow in some time zones).
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2999, 12, 31)
NO_ORGANISATION = "none"
BAD_CURSOR = (
    "The “Older events” link is not valid. The newest events are shown: "
    "use “Older events” at the foot of the page to go back in time."
)


@dataclass(frozen=True)
class Cursor:
    """Where a page of the log starts: events strictly older than (at, id)."""

    at: datetime.datetime
    id: int

    def __str__(self) -> str:
        return f"{(self.at - EPOCH) // ONE_MICROSECOND}.{self.id}"


def parse_cursor(text: str) -> Cursor | None:
    """The cursor an "Older events" link carries, or None if it is not one we made."""
    found = CURSOR.match(text)
    if found is None:
        return None
    micros, pk = int(found[1]), int(found[2])
    if pk > MAX_ID:
        return None
    return Cursor(at=EPOCH + micros * ONE_MICROSECOND, id=pk)


def day_starts(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the register's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class SecurityLogFilterForm(forms.Form):
    """The log's filters (GET). Every one is served by an index of SecurityEvent."""

    organisation = forms.ChoiceField(label="Organisation", required=False, choices=[])
    kind = forms.ChoiceField(
        label="Event",
        required=False,
        choices=[("", "Any event"), *SecurityEventKind.choices],
        error_messages={"invalid_choice": "Select an event from the list"},
    )
    person = forms.CharField(
        label="Username",
        required=False,
        max_length=150,
        help_text="As it was given at sign-in, for example olive.officer (capitals count)",
        error_messages={"max_length": "Enter a username of 150 characters or fewer"},
    )
    starts_with = forms.BooleanField(
        label="Also show usernames that begin with this", required=False
    )
    date_from = date_filter("From", datetime.date(2026, 4, 1))
    date_to = date_filter("To", datetime.date(2026, 4, 30))
    before = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, organisations: Sequence[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not organisations:  # one place to look: nothing to choose, nothing to refuse
            del self.fields["organisation"]
            return
        choice = self.fields["organisation"]
        assert isinstance(choice, forms.ChoiceField)
        choice.choices = [("", "All you can see"), *organisations]
        choice.error_messages["invalid_choice"] = "Select an organisation from the list"

    def clean_person(self) -> str:
        return str(self.cleaned_data.get("person") or "").strip()

    def clean_date_from(self) -> datetime.date | None:
        return self._within_range(self.cleaned_data.get("date_from"), "from")

    def clean_date_to(self) -> datetime.date | None:
        return self._within_range(self.cleaned_data.get("date_to"), "to")

    @staticmethod
    def _within_range(day: datetime.date | None, which: str) -> datetime.date | None:
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                f"Enter a {which} date between 1 January 2000 and 31 December 2999"
            )
        return day

    def clean_before(self) -> Cursor | None:
        text = str(self.cleaned_data.get("before") or "")
        if not text:
            return None
        cursor = parse_cursor(text)
        if cursor is None:
            # The field is hidden: the summary names the link the value came from.
            self.add_error(None, BAD_CURSOR)
        return cursor

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refuse_a_backwards_range(self, data)
        if data.get("starts_with") and not data.get("person"):
            self.add_error(
                "person", "Enter the start of a username to find those that begin with it"
            )
        return data

    def filters(self) -> dict[str, Any]:
        return valid_filters(self)
