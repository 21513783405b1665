"""The GOV.UK date input: one question, three boxes (day, month, year).

Every date the register asks for is asked this way: the declaration forms' dates, the
end of an interest, the register's and the security log's "From" and "To" filters, and
an approver's delegation dates. So a date is typed, checked and reported the same
everywhere, as the GOV.UK Design System's date input pattern says:

* the boxes are named `<name>-day`, `<name>-month` and `<name>-year` and have the ids
  `id_<name>-day`... (the group itself, `id_<name>`, is a wrapper that cannot take focus);
* a problem is one message for the question, and the error summary links it to the
  first box at fault: the day box when the whole date is wrong, the year box when only
  the year is missing (`DateBoundField.error_anchor`). Only the boxes at fault are
  marked red;
* a date written in one box (`date_from=2026-04-01`, as the dashboard's links, older
  bookmarks and exports write it, or `1/4/2026`) is still read, and so are the boxes'
  earlier names `<name>_0`, `<name>_1`, `<name>_2`, so no link or open form stops working.

The widget renders with the site's template engine (templates/gds/widgets/), not the
form renderer's, so its markup lives with the other GOV.UK templates.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from declarations import clock, labels

PARTS = ("day", "month", "year")
ALL_PARTS = (0, 1, 2)
WIDTHS = {"day": 2, "month": 2, "year": 4}
# A date written in one box: ISO first (what links write), then as people write it.
ONE_BOX_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y")
NUMBER = re.compile(r"[0-9]{1,4}")


def box_names(name: str) -> tuple[str, ...]:
    """Every query-string or form name a date question may arrive under (see the module's
    docstring), so a page can tell whether it was asked to filter by it."""
    return (
        name,
        *(f"{name}-{part}" for part in PARTS),
        *(f"{name}_{index}" for index in ALL_PARTS),
    )


def read_one_box(text: str) -> datetime.date | None:
    """A date written in one box in any of ONE_BOX_FORMATS, or None."""
    text = text.strip()
    for pattern in ONE_BOX_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def as_boxes(value: Any) -> list[str]:
    """What each of the three boxes shows for a value: a date's day, month and year; the
    boxes as typed; or a date typed in one box, split up when it can be read and left in
    the day box when it cannot, so nothing typed is lost."""
    if isinstance(value, datetime.date):
        return [str(value.day), str(value.month), str(value.year)]
    if isinstance(value, str):
        date = read_one_box(value)
        return as_boxes(date) if date is not None else [value, "", ""]
    if isinstance(value, list | tuple):
        padded = [*value, None, None, None][:3]
        return ["" if part is None else str(part) for part in padded]
    return ["", "", ""]


class GovukDateInput(forms.MultiWidget):
    """Three text boxes with the GOV.UK date input's markup and names."""

    template_name = "gds/widgets/govuk_date_input.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(dict.fromkeys(PARTS, forms.TextInput), attrs)
        self.widgets_names = [f"-{part}" for part in PARTS]
        # Set by DateBoundField before rendering: the boxes to mark as wrong.
        self.faulty: tuple[int, ...] = ()

    def decompress(self, value: Any) -> list[str]:
        return as_boxes(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        group_id = widget["attrs"].get("id", "")
        widget["boxes"] = [
            {
                "part": part,
                "label": part.capitalize(),
                "name": f"{name}-{part}",
                "id": f"{group_id}-{part}" if group_id else "",
                "value": "" if box["value"] is None else box["value"],
                "width": WIDTHS[part],
                "faulty": index in self.faulty,
            }
            for index, (part, box) in enumerate(zip(PARTS, widget["subwidgets"], strict=True))
        ]
        return context

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        """The three boxes as typed; else the boxes under their earlier names, if any was
        filled; else a date in one box; else the three (empty) boxes."""
        boxes = [data.get(f"{name}-{part}") for part in PARTS]
        if any(box for box in boxes):
            return boxes
        earlier = [data.get(f"{name}_{index}") for index in ALL_PARTS]
        if any(box for box in earlier):
            return earlier
        one_box = data.get(name)
        if isinstance(one_box, str) and one_box.strip():
            return one_box
        return boxes

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return not any(key in data for key in box_names(name))


class DateBoundField(BoundField):
    """A date question on a form: which boxes are wrong, and where its errors link to."""

    @property
    def faulty_parts(self) -> tuple[int, ...]:
        """The boxes at fault: those the field's check named, or all of them for a problem
        with the whole date (including one a form found, like "before the start date")."""
        if not self.errors:
            return ()
        field = self.field
        return (field.faulty if isinstance(field, DateInputField) else ()) or ALL_PARTS

    @property
    def first_box_id(self) -> str:
        """The day box's id: where a link to this question lands."""
        return f"{self.auto_id}-{PARTS[0]}"

    @property
    def error_anchor(self) -> str:
        """The id of the first box at fault, for the error summary's link."""
        parts = self.faulty_parts or ALL_PARTS
        return f"{self.auto_id}-{PARTS[parts[0]]}"

    def as_widget(
        self,
        widget: forms.Widget | None = None,
        attrs: dict[str, Any] | None = None,
        only_initial: bool = False,
    ) -> SafeString:
        widget = widget or self.field.widget
        if isinstance(widget, GovukDateInput):
            widget.faulty = self.faulty_parts
        return super().as_widget(widget, attrs, only_initial)


class DateInputField(forms.MultiValueField):
    """A date asked as the GOV.UK date input, checked with the Design System's messages.

    `subject` starts each message ("Date must include a year"); `invalid_message`, if
    given, replaces "<subject> must be a real date". Dates before `earliest` are refused;
    so are dates more than `future_days` after today, unless `future_days` is None.
    """

    widget = GovukDateInput
    bound_field_class = DateBoundField

    def __init__(
        self,
        *,
        label: str,
        subject: str = "Date",
        required_message: str = "",
        invalid_message: str = "",
        earliest: datetime.date | None = None,
        future_days: int | None = None,
        **kwargs: Any,
    ) -> None:
        parts = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(
            fields=parts,
            label=label,
            require_all_fields=False,
            error_messages={"required": required_message or f"Enter the {label.lower()}"},
            **kwargs,
        )
        self.subject = subject
        self.invalid_message = invalid_message or f"{subject} must be a real date"
        self.earliest = earliest
        self.future_days = future_days
        # The boxes the last check found at fault (none: the whole date).
        self.faulty: tuple[int, ...] = ()

    def fail(self, message: str, parts: Sequence[int] = ALL_PARTS) -> ValidationError:
        """The error to raise, marking the boxes at fault (all of them by default)."""
        self.faulty = tuple(parts)
        return ValidationError(message, code="invalid")

    def clean(self, value: Any) -> datetime.date | None:
        self.faulty = ()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str) and value.strip():
            date = read_one_box(value)
            if date is None:
                raise self.fail(self.invalid_message)
            return self.within_range(date)
        typed = value if isinstance(value, list | tuple) else None
        boxes = [box.strip() for box in as_boxes(typed)]
        if not any(boxes):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = tuple(index for index, box in enumerate(boxes) if not box)
        if missing:
            names = " and ".join(PARTS[index] for index in missing)
            raise self.fail(f"{self.subject} must include a {names}", missing)
        if not all(NUMBER.fullmatch(box) for box in boxes):
            raise self.fail(self.invalid_message)
        if len(boxes[2]) != 4:
            raise self.fail("Year must include 4 numbers", (2,))
        day, month, year = (int(box) for box in boxes)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise self.fail(self.invalid_message) from None
        return self.within_range(date)

    def within_range(self, date: datetime.date) -> datetime.date:
        if self.earliest is not None and date < self.earliest:
            raise self.fail(f"{self.subject} must be on or after {labels.long_date(self.earliest)}")
        if self.future_days is not None:
            today = clock.today()
            if self.future_days == 0 and date > today:
                raise self.fail(f"{self.subject} must be today or in the past")
            if date > today + datetime.timedelta(days=self.future_days):
                years = round(self.future_days / 365)
                raise self.fail(f"{self.subject} must be within the next {years} years")
        return date

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean does it
        return data_list

    def has_changed(self, initial: Any, data: Any) -> bool:
        return as_boxes(initial) != as_boxes(data)
