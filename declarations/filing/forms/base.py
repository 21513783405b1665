"""What every declaration form shares, and the first question (what kind it is).

Each type's form (gift.py, hospitality.py, interest.py, outside_work.py,
relationship.py) asks for the policy contract's facts (shared/spec/policy-contract.md)
as plain-English questions grouped the way a person thinks about them, and hands back
the answers under the contract's field names (`answers()`), so the filing services can
store them and the policy engine can read them without translation.

A form runs in one of three modes, because the same answers are validated
differently depending on the button pressed:

* SUBMIT ("Continue"): every question must be answered.
* DRAFT ("Save as draft"): nothing is required except what the database cannot
  store without (the kind of interest, work or relationship); badly formatted
  answers are still refused, so nothing typed is silently dropped.
* CHECK ("Check"): nothing is required; unanswered questions take the contract's
  defaults so the panel can say what the code asks so far.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import conditional_escape

import policies
from declarations.filing.forms.fields import (
    DateInputField,
    HoursField,
    MoneyField,
    RadioChoiceField,
    YesNoField,
    radios,
)
from declarations.models import Officer
from policies import vocabulary as v
from policies.facts import REQUIRED_BY_TYPE

SUBMIT = "submit"
DRAFT = "draft"
CHECK = "check"
MODES = (SUBMIT, DRAFT, CHECK)


def code_hints(codes: list[str], field: str) -> str:
    """The hints each code declares for one question (policies: `DUTIES.form_hints`), in
    the order of `codes`. Static text from the rule modules: the template pack renders
    hints as HTML, so they are escaped where they are set."""
    hints: list[str] = []
    for code in codes:
        try:
            declared = policies.duties_for(code).form_hints
        except ValueError:  # an organisation with no code in the contract
            continue
        hints.extend(hint.text for hint in declared if hint.field == field)
    return " ".join(hints)


class TypeForm(forms.Form):
    """The first question: what kind of declaration this is."""

    type = radios(
        "What do you want to declare?",
        [
            Choice("gift", "Gift", hint="Including loans, bequests, vouchers and sponsorship"),
            Choice("hospitality", "Hospitality", hint="Meals, events, tickets, travel or stays"),
            Choice(
                "interest",
                "An interest",
                hint="Shares, property, memberships or debts that could affect your work",
            ),
            Choice("outside_work", "Outside work", hint="Paid or unpaid work outside your job"),
            Choice(
                "relationship",
                "A relationship",
                hint="With a colleague, contractor, supplier or someone who uses our services",
            ),
        ],
        "Select what you want to declare",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.radios("type", legend_size=Size.LARGE, legend_tag="h1"))


class DeclarationForm(forms.Form):
    """What every declaration form shares: modes, code hints, layout, answers."""

    declaration_type: ClassVar[str]
    title: ClassVar[str]
    # (legend, field names) in the order they are asked.
    groups: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]]
    # Questions that may be left blank even when submitting.
    optional: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *args: Any, officer: Officer, mode: str = SUBMIT, **kwargs: Any) -> None:
        if mode not in MODES:
            raise ValueError(f"Unknown form mode {mode!r}")
        super().__init__(*args, **kwargs)
        self.officer = officer
        self.mode = mode
        draft_required = set(REQUIRED_BY_TYPE.get(v.DeclarationType(self.declaration_type), ()))
        for name, field in self.fields.items():
            if mode == SUBMIT:
                field.required = name not in self.optional
            elif mode == DRAFT:
                field.required = name in draft_required
            else:
                field.required = False
            hint = self.code_hint(name)
            if hint:
                field.help_text = conditional_escape(
                    f"{field.help_text} {hint}".strip() if field.help_text else hint
                )
            elif field.help_text:
                field.help_text = conditional_escape(field.help_text)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *(
                Fieldset(
                    *(self.layout_for(name) for name in names),
                    legend=legend,
                    legend_size=Size.MEDIUM,
                )
                for legend, names in self.groups
            )
        )

    def codes(self) -> list[str]:
        """The officer's code, and the host's too while seconded."""
        codes = [self.officer.organisation.code]
        if self.officer.seconded_to is not None:
            codes.append(self.officer.seconded_to.code)
        return codes

    def code_hint(self, name: str) -> str:
        return code_hints(self.codes(), name)

    def layout_for(self, name: str) -> Field:
        field = self.fields[name]
        if isinstance(field, YesNoField):
            return Field.radios(name, legend_size=Size.SMALL, inline=True)
        if isinstance(field, RadioChoiceField):
            return Field.radios(name, legend_size=Size.SMALL)
        if isinstance(field, DateInputField):
            return Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})
        if isinstance(field, MoneyField | HoursField):
            return Field.text(name, label_size=Size.SMALL, field_width=10)
        if isinstance(field.widget, forms.Textarea):
            return Field.textarea(name, label_size=Size.SMALL, rows=5)
        return Field.text(name, label_size=Size.SMALL)

    def answers(self) -> dict[str, Any]:
        """The answers that could be read, under the contract's field names.

        Call after `is_valid()`; unanswered and unreadable questions are left out,
        so whoever stores or checks them falls back on the contract's defaults.
        """
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in self.fields
            if name in cleaned and cleaned[name] not in (None, "")
        }

    def unanswered_required(self, answers: dict[str, Any]) -> list[str]:
        """Labels of the questions the policy engine cannot do without."""
        needed = REQUIRED_BY_TYPE.get(v.DeclarationType(self.declaration_type), ())
        return [str(self.fields[name].label) for name in needed if name not in answers]

    def given(self) -> dict[str, Any]:
        """The answers exactly as given, to keep with a draft (`Declaration.draft_answers`).

        Only the questions the officer answered, as JSON-safe strings read from the
        posted data: text, money and hours as typed, "yes" or "no", a choice's value,
        and a date as its [day, month, year] boxes. Nothing else posted (the CSRF
        token, the button pressed) is a question, so none of it is kept.
        """
        given: dict[str, Any] = {}
        for name, field in self.fields.items():
            raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if isinstance(field, DateInputField):
                parts = [*(raw if isinstance(raw, list | tuple) else ()), None, None, None][:3]
                parts = [part if isinstance(part, str) else "" for part in parts]
                if any(part.strip() for part in parts):
                    given[name] = parts
            elif isinstance(raw, str) and raw.strip():
                given[name] = raw
        return given

    @classmethod
    def given_from(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Stored (or cleaned) values as if the officer had given them (see `given`)."""
        given: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            value = values.get(name)
            if value is None or value == "":
                continue
            if isinstance(field, DateInputField):
                if isinstance(value, datetime.date):
                    value = [str(value.day), str(value.month), str(value.year)]
                given[name] = [str(part) for part in value]
            else:
                given[name] = str(field.prepare_value(value))
        return given

    @classmethod
    def data_from_given(cls, given: dict[str, Any]) -> dict[str, Any]:
        """Answers as given (see `given`) as the browser would post them."""
        data: dict[str, Any] = {}
        for name, field in cls.base_fields.items():
            value = given.get(name)
            if value is None:
                continue
            if isinstance(field, DateInputField):
                parts = [*(value if isinstance(value, list | tuple) else ()), "", "", ""][:3]
                for index, part in enumerate(parts):
                    data[f"{name}_{index}"] = part
            else:
                data[name] = value
        return data

    @classmethod
    def data_from(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Stored values as the browser would post them, to re-validate a saved draft."""
        return cls.data_from_given(cls.given_from(values))

    @classmethod
    def anchor(cls, name: str) -> str:
        """The id of the box (or first radio) a link to this question should land on.

        As crispy-forms-gds renders them: radios are numbered from 1 and a date's
        boxes from 0, so a question's first radio is `id_<name>_1` and its day box
        `id_<name>_0`.
        """
        field = cls.base_fields[name]
        if isinstance(field, YesNoField | RadioChoiceField):
            return f"id_{name}_1"
        if isinstance(field, DateInputField):
            return f"id_{name}_0"
        return f"id_{name}"
