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

from collections.abc import Mapping
from typing import Any, ClassVar

from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

import policies
from declarations.date_input import PARTS as DATE_PARTS
from declarations.date_input import as_boxes
from declarations.facts import officer_request, officers_register_settings
from declarations.filing.forms.fields import (
    DateInputField,
    HoursField,
    MoneyField,
    RadioChoiceField,
    YesNoField,
    radios,
)
from declarations.models import Officer
from policies import relevance
from policies import vocabulary as v
from policies.facts import REQUIRED_BY_TYPE, FactsError, OfficerFacts, parse_officer

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


def officer_employer(officer: Officer) -> v.Employer:
    """The officer's employer as the contract names it (ValueError if it has no code)."""
    return v.Employer(officer.organisation.code)


class RevealingRadios(Field):
    """Radios whose answers reveal follow-up questions (GOV.UK conditional reveal): each
    follow-up is rendered under the answer it belongs to (templates/gds/layout/radios.html)."""

    def __init__(self, name: str, revealed: dict[str, list[Field]], legend_size: str) -> None:
        super().__init__(name, context={"legend_size": legend_size, "radios_inline": False})
        self.revealed = revealed

    def render(
        self, form: forms.Form, context: Any, template_pack: str = TEMPLATE_PACK, **kwargs: Any
    ) -> SafeString:
        self.context["follow_ups"] = {
            value: mark_safe(
                "".join(
                    render_field(field, form, context, template_pack=template_pack)
                    for field in fields
                )
            )
            for value, fields in self.revealed.items()
        }
        return super().render(form, context, template_pack=template_pack, **kwargs)


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
            Choice(
                "disclosure",
                "Something else you must tell us",
                hint=(
                    "A criminal charge, caution or conviction, an offer meant to influence "
                    "your work, or a request to travel overseas or be a witness in court"
                ),
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
    # Follow-up questions: asked only when another question has a given answer (a
    # promotional item is an item), shown under that answer (GOV.UK conditional reveal).
    follow_ups: ClassVar[dict[str, tuple[str, str]]] = {}
    # Dates that cannot come before the declaration's `date` (a gift is accepted on or
    # after the day it was offered), with the message saying so.
    on_or_after_date: ClassVar[dict[str, str]] = {}
    # What an optional question left empty means, in words for the summary of answers
    # (a gift's event date left empty is the day it was offered: the contract's default).
    left_empty: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, officer: Officer, mode: str = SUBMIT, **kwargs: Any) -> None:
        if mode not in MODES:
            raise ValueError(f"Unknown form mode {mode!r}")
        super().__init__(*args, **kwargs)
        self.officer = officer
        self.mode = mode
        draft_required = set(REQUIRED_BY_TYPE.get(v.DeclarationType(self.declaration_type), ()))
        # Asked only when they apply (see `not_asked`): required then, checked in `clean`.
        self.skippable = frozenset(
            name
            for name in (*relevance.askable(self.declaration_type), *self.follow_ups)
            if name in self.fields
        )
        self.ask_when_applies = frozenset(
            name for name in self.skippable if mode == SUBMIT and name not in self.optional
        )
        self.skipped: frozenset[str] = frozenset()
        for name, field in self.fields.items():
            if mode == SUBMIT:
                field.required = name not in self.optional and name not in self.skippable
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
                    *(self.layout_for(name) for name in names if name not in self.follow_ups),
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
        revealed: dict[str, list[Field]] = {}
        for follow_up, (parent, value) in self.follow_ups.items():
            if parent == name:
                revealed.setdefault(value, []).append(self.layout_for(follow_up))
        if revealed:
            return RevealingRadios(name, revealed, legend_size=Size.for_legend(Size.SMALL))
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

    # --- asking only what applies ---------------------------------------------------

    def officer_facts(self) -> OfficerFacts:
        """The officer as the policy contract sees them (their level, secondment...)."""
        return parse_officer(officer_request(self.officer), officer_employer(self.officer))

    def relevance_trees(self) -> tuple[dict[str, Any], ...]:
        """The facts each of the officer's rules reads (policies.relevance), for this type;
        an officer the contract cannot describe is asked everything."""
        try:
            officer = self.officer_facts()
            return relevance.trees_for(
                officer_employer(self.officer),
                officer,
                self.declaration_type,
                stored_settings=officers_register_settings(self.officer),
            )
        except (FactsError, ValueError):  # ValueError: an employer with no code in the contract
            return ({"rule": "", "reads_everything": True},)

    def not_asked(self, answers: Mapping[str, Any]) -> frozenset[str]:
        """The questions that do not apply given these answers (the contract's names and
        values): those whose answer cannot change what the officer's code says, and
        follow-ups whose question was not given their answer."""
        skip = set(
            relevance.questions_to_skip(self.relevance_trees(), answers, self.declaration_type)
        )
        for name, (parent, value) in self.follow_ups.items():
            if answers.get(parent) != value:
                skip.add(name)
        return frozenset(skip & self.skippable)

    def clean(self) -> dict[str, Any]:
        """Require the questions that apply, and only those.

        A question skipped because it cannot change the verdict keeps any answer given
        (without JavaScript every question is shown): the rules never read it, so it
        changes nothing. A follow-up under another answer than the one given is dropped,
        as the GOV.UK conditional reveal drops it: "a promotional item" said of cash is not.
        """
        data = super().clean() or {}
        answered = {name: value for name, value in data.items() if value not in (None, "")}
        self.skipped = self.not_asked(answered)
        for name, (parent, value) in self.follow_ups.items():
            if name in data and data.get(parent) not in (None, "", value):
                data[name] = None
        for name in sorted(self.ask_when_applies - self.skipped):
            if name not in self.errors and data.get(name) in (None, ""):
                self.add_error(name, self.fields[name].error_messages["required"])
        for name, message in self.on_or_after_date.items():
            later, start = data.get(name), data.get("date")
            if later is not None and start is not None and later < start:
                self.add_error(name, message)
        return data

    def questions_data(self) -> dict[str, Any]:
        """What static/js/questions.js needs to hide the questions that do not apply as
        answers change: the trees the server walks and the questions they may skip (the
        follow-ups are revealed by GOV.UK Frontend's radios)."""
        return {
            "type": self.declaration_type,
            "trees": list(self.relevance_trees()),
            "askable": [
                name for name in relevance.askable(self.declaration_type) if name in self.fields
            ],
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
                boxes = as_boxes(raw)
                if any(box.strip() for box in boxes):
                    given[name] = boxes
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
                given[name] = as_boxes(value)
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
                boxes = as_boxes(value if isinstance(value, list | tuple) else None)
                for part, box in zip(DATE_PARTS, boxes, strict=True):
                    data[f"{name}-{part}"] = box
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

        Radios are numbered from 1 (crispy-forms-gds), so a question's first radio is
        `id_<name>_1`; a date's day box is `id_<name>-day` (declarations/date_input.py).
        """
        field = cls.base_fields[name]
        if isinstance(field, YesNoField | RadioChoiceField):
            return f"id_{name}_1"
        if isinstance(field, DateInputField):
            return f"id_{name}-{DATE_PARTS[0]}"
        return f"id_{name}"
