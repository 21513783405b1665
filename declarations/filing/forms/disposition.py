"""The page "What happened to it?": the officer's code's options as radios (one checkbox
when the code offers only one), a note revealed under the options that ask for detail,
and when it happened as a GOV.UK date input.

The date's boxes are named and identified `happened_on-day`, `-month` and `-year`; a
problem with the date is reported once, on `happened_on-day`, so the error summary
links to the first box, and the boxes at fault are marked. What the answers must be is
the service's to say (approvals.disposition_problems, asked here so that every problem
shows at once); this form adds only what it cannot read, such as a date that is not one.
Everything typed comes back as it was typed.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms

from declarations import approvals
from declarations.models import Declaration
from policies.duties import DispositionOption
from policies.vocabulary import Disposition

DATE = "happened_on"
DATE_PARTS = ("day", "month", "year")
# The detail asked for under an option, as the question beside its box.
NOTE_QUESTIONS: dict[Disposition, str] = {
    Disposition.GIVEN_TO_CHARITY: "Which charity?",
    Disposition.RETURNED_TO_GIVER: "How did you return it? (optional)",
    Disposition.KEPT_BY_EMPLOYER: "Who has it now? (optional)",
    Disposition.PAID_THE_DIFFERENCE: "How much did you pay? (optional)",
    Disposition.NOT_GONE_AHEAD: "Anything else you want to tell us (optional)",
}


def note_name(disposition: str) -> str:
    """The note box under an option: "note-given_to_charity"."""
    return f"note-{disposition}"


def read_date(parts: list[str]) -> tuple[datetime.date | None, str, tuple[str, ...]]:
    """(the date, "" ) from the three boxes as typed, or (None, what is wrong, the boxes
    at fault). All three empty is (None, "", ()): whether a date is needed is the
    service's to say."""
    if not any(parts):
        return None, "", ()
    missing = tuple(name for name, part in zip(DATE_PARTS, parts, strict=True) if not part)
    if missing:
        return None, f"The date it happened must include a {' and '.join(missing)}", missing
    if not all(re.fullmatch(r"[0-9]{1,4}", part) for part in parts):
        return None, "The date it happened must be a real date", DATE_PARTS
    if len(parts[2]) != 4:
        return None, "Year must include 4 numbers", ("year",)
    day, month, year = (int(part) for part in parts)
    try:
        return datetime.date(year, month, day), "", ()
    except ValueError:
        return None, "The date it happened must be a real date", DATE_PARTS


class DispositionForm(forms.Form):
    """What happened, any detail, and when. `cleaned_data` holds `disposition`, `note`
    (the one under the chosen option) and `happened_on` once valid."""

    def __init__(
        self,
        data: Any = None,
        *,
        declaration: Declaration,
        options: tuple[DispositionOption, ...],
    ) -> None:
        super().__init__(data)
        self.declaration = declaration
        self.options = options
        # Judged by the service, so a wrong value gets the page's words, not Django's.
        self.fields["disposition"] = forms.CharField(required=False)
        for option in options:
            if option.disposition in NOTE_QUESTIONS:
                self.fields[note_name(option.disposition)] = forms.CharField(required=False)
        for part in DATE_PARTS:
            self.fields[f"{DATE}-{part}"] = forms.CharField(required=False)
        self.date_at_fault: tuple[str, ...] = ()

    @property
    def single(self) -> bool:
        """One option is a checkbox to tick, not a choice of one radio."""
        return len(self.options) == 1

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("disposition") or ""
        note = data.get(note_name(chosen), "") if chosen else ""
        typed = [data.get(f"{DATE}-{part}", "") for part in DATE_PARTS]
        on, unreadable, at_fault = read_date(typed)
        problems = approvals.disposition_problems(self.declaration, chosen, on, note)
        if unreadable:
            problems["on"] = unreadable
        self.date_at_fault = at_fault if unreadable else DATE_PARTS if "on" in problems else ()
        for question, message in problems.items():
            self.add_error(self.field_for(question, chosen), message)
        data.update({"disposition": chosen, "note": note, DATE: on})
        return data

    def field_for(self, question: str, chosen: str = "") -> str:
        """The box a service problem belongs to ("on" is the date's first box)."""
        if question == "on":
            return f"{DATE}-day"
        if question == "note" and note_name(chosen) in self.fields:
            return note_name(chosen)
        return "disposition"

    # --- for the template ---------------------------------------------------------------

    def value(self, name: str) -> str:
        """What was typed in a box, as it was typed ("" before anything was)."""
        return str(self.data.get(name, "")) if self.is_bound else ""

    def error(self, name: str) -> str:
        errors = self.errors.get(name) if self.is_bound else None
        return str(errors[0]) if errors else ""

    @property
    def disposition_error(self) -> str:
        return self.error("disposition")

    @property
    def date_error(self) -> str:
        return self.error(f"{DATE}-day")

    def items(self) -> list[dict[str, Any]]:
        """Each option as the radios (or the checkbox) show it, with its note box."""
        chosen = self.value("disposition")
        items = []
        for position, option in enumerate(self.options, start=1):
            value = option.disposition.value
            item_id = "disposition" if position == 1 else f"disposition-{position}"
            note = None
            if option.disposition in NOTE_QUESTIONS:
                name = note_name(value)
                note = {
                    "name": name,
                    "id": name,
                    "label": NOTE_QUESTIONS[option.disposition],
                    "value": self.value(name),
                    "error": self.error(name),
                    "conditional_id": f"conditional-{item_id}",
                }
            items.append(
                {
                    "id": item_id,
                    "value": value,
                    "words": option.words,
                    "hint": option.hint,
                    "checked": chosen == value,
                    "note": note,
                }
            )
        return items

    def date_boxes(self) -> list[dict[str, Any]]:
        """The day, month and year boxes, with what was typed and whether each is at fault."""
        return [
            {
                "part": part,
                "id": f"{DATE}-{part}",
                "label": part.capitalize(),
                "value": self.value(f"{DATE}-{part}"),
                "width": 4 if part == "year" else 2,
                "error": part in self.date_at_fault,
            }
            for part in DATE_PARTS
        ]

    def problems(self) -> list[dict[str, str]]:
        """The error summary: each problem once, in the order the page asks, linked to its
        box (the first radio, the note, the date's day box)."""
        if not self.is_bound:
            return []
        order = ["disposition", *(note_name(o.disposition) for o in self.options), f"{DATE}-day"]
        return [
            {"message": str(self.errors[name][0]), "href": f"#{name}"}
            for name in order
            if self.errors.get(name)
        ]
