"""The questions staff answer to make a declaration, one form per type.

Each form asks for the policy contract's facts (shared/spec/policy-contract.md) as
plain-English questions grouped the way a person thinks about them, and hands back
the answers under the contract's field names (`answers()`), so filing.py can store
them and the policy engine can read them without translation.

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
import re
from decimal import Decimal
from typing import Any, ClassVar

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import conditional_escape

import policies
from declarations.models import Declaration, Officer
from policies import vocabulary as v
from policies.facts import MAX_MONEY, REQUIRED_BY_TYPE

SUBMIT = "submit"
DRAFT = "draft"
CHECK = "check"
MODES = (SUBMIT, DRAFT, CHECK)

COUNTERPARTY_MAX = 300
DESCRIPTION_MAX = 5000
MAX_HOURS = Decimal("168")

YES_NO = (("yes", "Yes"), ("no", "No"))

# --- fields -------------------------------------------------------------------------


class YesNoField(forms.TypedChoiceField):
    """A yes/no question shown as inline radios; cleans to True, False or None."""

    widget = forms.RadioSelect

    def __init__(self, *, label: str, required_message: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            empty_value=None,
            error_messages={
                "required": required_message,
                "invalid_choice": required_message,
            },
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value


class RadioChoiceField(forms.ChoiceField):
    """A choice among the contract's values, shown as radios with plain labels."""

    widget = forms.RadioSelect

    def __init__(
        self, *, label: str, choices: list[Choice], required_message: str, **kwargs: Any
    ) -> None:
        super().__init__(
            label=label,
            choices=choices,
            error_messages={"required": required_message, "invalid_choice": required_message},
            **kwargs,
        )


class TextField(forms.CharField):
    """Free text with a length limit, refusing null characters with a clear message.

    The browser's maxlength is not set: it would silently cut off pasted text, and
    the person would lose what they typed without being told.
    """

    def __init__(
        self,
        *,
        label: str,
        max_length: int,
        required_message: str,
        too_long_message: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            label=label,
            max_length=max_length,
            error_messages={
                "required": required_message,
                "max_length": too_long_message,
                "null_characters_not_allowed": (
                    f"{label.rstrip('?')} contains a character that cannot be saved: "
                    "remove it and try again"
                ),
            },
            **kwargs,
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


MONEY_PATTERN = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")


class MoneyField(forms.CharField):
    """An amount in pounds: accepts 25, 25.00, £25 and £1,250.50; refuses anything else.

    Cleans to a Decimal with two places (or None when left empty and optional).
    """

    default_error_messages = {
        "required": "Enter how much it is worth, or 0 if it has no value",
        "invalid": "Enter the value in pounds, like 25 or 24.99",
        "negative": "The value must be £0 or more",
        "decimals": "Enter the value in pounds and pence, with no more than 2 decimal places",
        "too_large": f"The value must be £{MAX_MONEY:,} or less",
    }

    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = text.replace(" ", "")
        if text.startswith(("£", "-£")):
            text = text.replace("£", "", 1)
        if text.startswith("-"):
            raise ValidationError(self.error_messages["negative"], code="negative")
        match = MONEY_PATTERN.fullmatch(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        pence = match.group(1)
        if pence is not None and len(pence.rstrip("0")) > 2:
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        amount = Decimal(text.replace(",", ""))
        if amount > MAX_MONEY:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount.quantize(Decimal("0.01"))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "spellcheck": "false"})
        return attrs


HOURS_PATTERN = re.compile(r"[0-9]+(?:\.([0-9]+))?")


class HoursField(forms.CharField):
    """Hours a week: a number from 0 to 168 with at most two decimal places."""

    default_error_messages = {
        "required": "Enter about how many hours a week, or 0 if it is occasional",
        "invalid": "Enter hours a week as a number, like 8 or 7.5",
        "negative": "Hours a week must be 0 or more",
        "decimals": "Enter hours a week with no more than 2 decimal places",
        "too_large": "Hours a week must be 168 or fewer",
    }

    def to_python(self, value: Any) -> Decimal | None:
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = text.replace(" ", "")
        if text.startswith("-"):
            raise ValidationError(self.error_messages["negative"], code="negative")
        match = HOURS_PATTERN.fullmatch(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if match.group(1) is not None and len(match.group(1).rstrip("0")) > 2:
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        hours = Decimal(text)
        if hours > MAX_HOURS:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return hours.quantize(Decimal("0.01"))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "spellcheck": "false"})
        return attrs


EARLIEST_DATE = datetime.date(1900, 1, 1)
DATE_PART_NAMES = ("day", "month", "year")


class DateInputField(forms.MultiValueField):
    """The GOV.UK date input (day, month, year) with the Design System's messages.

    Errors are also attached to the day, month or year box at fault (the
    crispy-forms-gds convention: `widget.errors` on each sub-field), so the error
    summary links to, and highlights, the right box.
    """

    widget = DateInputWidget

    def __init__(
        self,
        *,
        label: str,
        subject: str = "Date",
        required_message: str,
        future_days: int = 0,
        **kwargs: Any,
    ) -> None:
        parts = tuple(forms.CharField(required=False) for _ in DATE_PART_NAMES)
        super().__init__(
            fields=parts,
            label=label,
            require_all_fields=False,
            error_messages={"required": required_message},
            **kwargs,
        )
        self.subject = subject
        self.future_days = future_days

    def _fail(self, message: str, parts: tuple[int, ...] = (0, 1, 2)) -> ValidationError:
        for index in parts:
            self.fields[index].widget.errors = [message]
        return ValidationError(message, code="invalid")

    def clean(self, value: Any) -> datetime.date | None:
        for part in self.fields:
            part.widget.errors = []
        if isinstance(value, datetime.date):
            return value
        raw = list(value) if isinstance(value, list | tuple) else []
        raw = [*raw, None, None, None][:3]
        parts = [str(item).strip() if item is not None else "" for item in raw]
        if not any(parts):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        missing = tuple(index for index, part in enumerate(parts) if not part)
        if missing:
            names = " and ".join(DATE_PART_NAMES[index] for index in missing)
            raise self._fail(f"{self.subject} must include a {names}", missing)
        if not all(re.fullmatch(r"[0-9]{1,4}", part) for part in parts):
            raise self._fail(f"{self.subject} must be a real date")
        if len(parts[2]) != 4:
            raise self._fail("Year must include 4 numbers", (2,))
        day, month, year = (int(part) for part in parts)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise self._fail(f"{self.subject} must be a real date") from None
        if date < EARLIEST_DATE:
            raise self._fail(f"{self.subject} must be on or after 1 January 1900")
        today = timezone.localdate()
        if self.future_days == 0 and date > today:
            raise self._fail(f"{self.subject} must be today or in the past")
        if date > today + datetime.timedelta(days=self.future_days):
            raise self._fail(f"{self.subject} must be within the next 2 years")
        return date

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean does it
        return data_list


# --- plain-English choices ----------------------------------------------------------

DONOR_CATEGORIES = [
    Choice("service_user", "Someone who uses our services, or their family"),
    Choice("contractor", "A contractor working for us"),
    Choice(
        "potential_contractor",
        "A business that wants to work for us",
        hint="For example, one bidding for a contract",
    ),
    Choice("supplier", "A supplier"),
    Choice("member_of_public", "A member of the public"),
    Choice("partner_organisation", "A partner organisation", hint="For example, the NHS"),
    Choice("other", "Someone else"),
]
OFFERED_TO = [Choice("self", "Me"), Choice("family", "A member of my family")]
DIRECTIONS = [
    Choice("received", "I was offered it or received it"),
    Choice("given", "I gave it or offered it to someone"),
]
GIFT_FORMS = [
    Choice("item", "An item", hint="For example, a bottle of wine, a hamper or a pen"),
    Choice("cash", "Cash"),
    Choice("voucher", "A voucher or gift card"),
    Choice("loan", "A loan"),
    Choice("bequest", "A bequest", hint="Something left to you in a will"),
    Choice("discount", "A discount or special price"),
    Choice("sponsorship", "Sponsorship"),
]
OFFER_STATUSES = [
    Choice("offered", "I have not decided yet"),
    Choice("accepted", "I accepted it"),
    Choice("declined", "I turned it down"),
]
HOSPITALITY_KINDS = [
    Choice(
        "refreshments",
        "Light refreshments at a meeting",
        hint="For example, tea, coffee or sandwiches",
    ),
    Choice("working_meal", "A working meal"),
    Choice("conference_or_course", "A place at a conference or course"),
    Choice("social_or_sporting", "A social or sporting event"),
    Choice("travel_or_accommodation", "Travel or somewhere to stay"),
]
INTEREST_KINDS = [
    Choice(
        "financial",
        "Financial",
        hint="For example, shares, property, a business or a paid role",
    ),
    Choice(
        "non_financial",
        "Non-financial",
        hint="For example, membership of a club, charity, campaign group or school board",
    ),
    Choice(
        "secret_society",
        "Membership of a body that is not open to the public",
        hint="One with an oath of allegiance that keeps its rules or conduct secret",
    ),
    Choice(
        "debt_to_employer",
        "Money I owe my employer",
        hint="For example, council tax arrears",
    ),
]
HELD_BY = [
    Choice("self", "Me"),
    Choice("spouse_or_partner", "My spouse or partner"),
    Choice("relative", "A relative"),
    Choice("close_friend", "A close friend"),
]
WORK_KINDS = [
    Choice("employment", "A job with another employer"),
    Choice("self_employment", "Self-employment"),
    Choice("business_venture", "A business I run or part-own"),
    Choice("voluntary", "Voluntary work"),
    Choice("executorship", "Being the executor of a will"),
    Choice("political", "Political work"),
]
POLITICAL_ACTIVITIES = [
    Choice("none", "No"),
    Choice("parish_council_candidate", "Standing for a parish or town council"),
    Choice("candidate", "Standing for election to another council or to Parliament"),
    Choice("party_office", "Holding office in a political party"),
    Choice("canvassing", "Canvassing for a party or candidate"),
    Choice("public_support", "Speaking or writing in public in support of a party"),
]
WITH_WHOM = [
    Choice("service_user", "Someone who uses our services"),
    Choice("service_user_family", "A family member of someone who uses our services"),
    Choice("offender", "Someone on probation or in custody"),
    Choice("contractor", "Someone from a contractor working for us"),
    Choice("potential_contractor", "Someone from a business that wants to work for us"),
    Choice("supplier", "Someone from a supplier"),
    Choice("colleague_same_section", "A colleague in my section or team"),
    Choice("colleague", "A colleague elsewhere in the organisation"),
    Choice("elected_member", "An elected member, such as a councillor"),
    Choice("job_applicant", "Someone applying for a job with us"),
    Choice("direct_report", "Someone I manage"),
    Choice("senior_officer", "A senior officer"),
]
NATURES = [
    Choice("family", "Family"),
    Choice("intimate", "An intimate or romantic relationship"),
    Choice("close_friend", "A close friendship"),
    Choice("social", "A social acquaintance"),
    Choice("business", "A business relationship"),
]


def code_hints(codes: list[str], field: str) -> str:
    """The hints each code declares for one question (policies: `DUTIES.form_hints`), in
    the order of `codes`. Static text from the rule modules: the template pack renders
    hints as HTML, so they are escaped where they are set."""
    hints = []
    for code in codes:
        try:
            declared = policies.duties_for(code).form_hints
        except ValueError:  # an organisation with no code in the contract
            continue
        hints.extend(hint.text for hint in declared if hint.field == field)
    return " ".join(hints)


def yes_no(label: str, required_message: str, help_text: str = "") -> YesNoField:
    return YesNoField(label=label, required_message=required_message, help_text=help_text)


def radios(
    label: str, choices: list[Choice], required_message: str, help_text: str = ""
) -> RadioChoiceField:
    return RadioChoiceField(
        label=label, choices=choices, required_message=required_message, help_text=help_text
    )


def counterparty_field(label: str, required_message: str, help_text: str = "") -> TextField:
    return TextField(
        label=label,
        max_length=COUNTERPARTY_MAX,
        required_message=required_message,
        too_long_message=f"The name must be {COUNTERPARTY_MAX} characters or fewer",
        help_text=help_text,
    )


def description_field(label: str, required_message: str, help_text: str = "") -> TextField:
    return TextField(
        label=label,
        max_length=DESCRIPTION_MAX,
        required_message=required_message,
        too_long_message=f"The description must be {DESCRIPTION_MAX:,} characters or fewer",
        help_text=help_text,
        widget=forms.Textarea,
    )


def date_field(
    label: str, required_message: str, *, future_days: int = 0, help_text: str = ""
) -> DateInputField:
    example = "For example, 27 3 2026"
    return DateInputField(
        label=label,
        required_message=required_message,
        future_days=future_days,
        help_text=f"{help_text} {example}".strip() if help_text else example,
    )


def money_field(label: str, help_text: str) -> MoneyField:
    return MoneyField(label=label, help_text=help_text)


# --- the forms ----------------------------------------------------------------------


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
        if self.officer.seconded_to_id:
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


class GiftForm(DeclarationForm):
    declaration_type = "gift"
    title = "Declare a gift"

    counterparty = counterparty_field(
        "Name of the person or organisation",
        "Enter the name of the person or organisation",
        "If you gave the gift, who you gave it to.",
    )
    donor_category = radios("Who are they?", DONOR_CATEGORIES, "Select who they are")
    donor_has_pending_decision = yes_no(
        "Do they have a contract, tender, application or other decision waiting on your employer?",
        "Select yes if they have a decision waiting on your employer",
    )
    offered_to = radios("Who was it for?", OFFERED_TO, "Select who the gift was for")
    direction = radios(
        "Did you receive it or give it?", DIRECTIONS, "Select whether you received or gave it"
    )
    description = description_field(
        "What was it?",
        "Enter what the gift was",
        "For example, a bottle of wine, a hamper or two tickets to a match.",
    )
    form = radios("What kind of gift is it?", GIFT_FORMS, "Select what kind of gift it is")
    token_item = yes_no(
        "Is it a promotional item, like a diary, calendar or pen?",
        "Select yes if it is a promotional item",
    )
    value_gbp = money_field(
        "How much is it worth?",
        "In pounds. Give your best estimate if you do not know.",
    )
    date = date_field("When was it offered?", "Enter the date it was offered")
    received_without_warning = yes_no(
        "Did it arrive without warning, for example by post?",
        "Select yes if it arrived without warning",
    )
    on_behalf_of_employer = yes_no(
        "Was it for your employer rather than for you personally?",
        "Select yes if it was for your employer",
    )
    status = radios("What have you done about it?", OFFER_STATUSES, "Select what you have done")
    refusal_would_offend = yes_no(
        "Would turning it down cause offence?",
        "Select yes if turning it down would cause offence",
    )

    groups = (
        (
            "Who offered it",
            ("counterparty", "donor_category", "donor_has_pending_decision", "offered_to"),
        ),
        (
            "What it was",
            (
                "direction",
                "description",
                "form",
                "token_item",
                "value_gbp",
                "date",
                "received_without_warning",
                "on_behalf_of_employer",
            ),
        ),
        ("What you did", ("status", "refusal_would_offend")),
    )


class HospitalityForm(DeclarationForm):
    declaration_type = "hospitality"
    title = "Declare hospitality"

    counterparty = counterparty_field(
        "Name of the person or organisation offering it",
        "Enter the name of the person or organisation offering it",
    )
    donor_category = radios("Who are they?", DONOR_CATEGORIES, "Select who they are")
    donor_has_pending_decision = yes_no(
        "Do they have a contract, tender, application or other decision waiting on your employer?",
        "Select yes if they have a decision waiting on your employer",
    )
    description = description_field(
        "What is the hospitality?",
        "Enter what the hospitality is",
        "For example, dinner after a supplier meeting, or a seat at a charity ball.",
    )
    hospitality_kind = radios(
        "What kind of hospitality is it?",
        HOSPITALITY_KINDS,
        "Select what kind of hospitality it is",
    )
    value_gbp = money_field(
        "How much is it worth to you?",
        "In pounds, for your share. Give your best estimate if you do not know.",
    )
    date = date_field("When was it offered?", "Enter the date it was offered")
    corporate = yes_no(
        "Is it offered to your employer rather than to you personally?",
        "Select yes if it is offered to your employer",
    )
    represents_employer = yes_no(
        "Would you be there to represent your employer or to share information?",
        "Select yes if you would be there to represent your employer",
    )
    offered_to = radios("Who was it offered to?", OFFERED_TO, "Select who it was offered to")
    status = radios("What have you done about it?", OFFER_STATUSES, "Select what you have done")
    refusal_would_offend = yes_no(
        "Would turning it down cause offence?",
        "Select yes if turning it down would cause offence",
    )

    groups = (
        ("Who offered it", ("counterparty", "donor_category", "donor_has_pending_decision")),
        (
            "What it is",
            (
                "description",
                "hospitality_kind",
                "value_gbp",
                "date",
                "corporate",
                "represents_employer",
                "offered_to",
            ),
        ),
        ("What you did", ("status", "refusal_would_offend")),
    )


class InterestForm(DeclarationForm):
    declaration_type = "interest"
    title = "Declare an interest"

    interest_kind = radios(
        "What kind of interest is it?", INTEREST_KINDS, "Select what kind of interest it is"
    )
    held_by = radios("Whose interest is it?", HELD_BY, "Select whose interest it is")
    counterparty = counterparty_field(
        "Name of the company, organisation or body",
        "Enter the name of the company, organisation or body",
        "If you owe your employer money, enter your employer's name.",
    )
    description = description_field(
        "Describe the interest",
        "Describe the interest",
        "For example, 500 shares, a directorship, or treasurer of a local charity.",
    )
    date = date_field("When did the interest start?", "Enter the date the interest started")
    org_does_business_with_employer = yes_no(
        "Does the organisation do business with your employer, or want to?",
        "Select yes if the organisation does business with your employer",
        "For example, contracts, grants or funding.",
    )
    pecuniary_interest_in_contract = yes_no(
        "Do you have a financial interest in a contract with your employer, or one that is "
        "proposed?",
        "Select yes if you have a financial interest in a contract with your employer",
        "Directly, or indirectly through someone else.",
    )
    involved_in_related_matter = yes_no(
        "Do you deal with any matter or application that affects this interest?",
        "Select yes if you deal with a matter that affects this interest",
    )
    could_conflict = yes_no(
        "Could this interest conflict with your employer's interests?",
        "Select yes if this interest could conflict with your employer's interests",
        "If you are not sure, select yes.",
    )
    change_to_existing = yes_no(
        "Is this a change to an interest you have declared before?",
        "Select yes if this changes an interest you declared before",
    )

    groups = (
        ("The interest", ("interest_kind", "held_by", "counterparty", "description", "date")),
        (
            "How it touches your work",
            (
                "org_does_business_with_employer",
                "pecuniary_interest_in_contract",
                "involved_in_related_matter",
                "could_conflict",
                "change_to_existing",
            ),
        ),
    )


class OutsideWorkForm(DeclarationForm):
    declaration_type = "outside_work"
    title = "Declare outside work"

    work_kind = radios("What kind of work is it?", WORK_KINDS, "Select what kind of work it is")
    counterparty = counterparty_field(
        "Who is the work for?",
        "Enter who the work is for",
        "The employer, business or organisation. For self-employment, your business name.",
    )
    description = description_field(
        "What will you do?", "Enter what you will do", "For example, weekend bar work."
    )
    date = date_field(
        "When does or did it start?", "Enter the date the work starts", future_days=731
    )
    paid = yes_no("Is it paid?", "Select yes if the work is paid")
    hours_per_week = HoursField(
        label="About how many hours a week?",
        help_text="An average. Enter 0 if it is only now and then.",
    )
    during_working_hours = yes_no(
        "Will any of it be during your working hours?",
        "Select yes if any of it is during your working hours",
    )
    uses_employer_resources = yes_no(
        "Will it use anything of your employer's?",
        "Select yes if it uses anything of your employer's",
        "Premises, equipment, time, contacts or information.",
    )
    overlaps_normal_duties = yes_no(
        "Is it work that you or your service would otherwise do as part of your job?",
        "Select yes if it is work your service would otherwise do",
    )
    conflicts_with_duties = yes_no(
        "Could it conflict with your employer's interests?",
        "Select yes if it could conflict with your employer's interests",
    )
    during_sick_leave = yes_no(
        "Will you do any of it while on sick leave?",
        "Select yes if you will do any of it while on sick leave",
    )
    during_leave_or_suspension_for_employer = yes_no(
        "Is it for a part of your employer while you are on paid leave or suspended?",
        "Select yes if it is for your employer while you are on paid leave or suspended",
    )
    for_service_user = yes_no(
        "Is it for someone who uses your employer's services and is not related to you?",
        "Select yes if it is for someone who uses your employer's services",
        "For example, being the executor of their will.",
    )
    private_gain_from_employment_work = yes_no(
        "Will you gain privately from work connected with your job?",
        "Select yes if you will gain privately from work connected with your job",
        "For example, fees or royalties for writing or speaking about your work.",
    )
    political_activity = radios(
        "Does it involve any political activity?",
        POLITICAL_ACTIVITIES,
        "Select whether it involves political activity",
    )

    groups = (
        ("The work", ("work_kind", "counterparty", "description", "date", "paid")),
        (
            "When and how you will do it",
            (
                "hours_per_week",
                "during_working_hours",
                "uses_employer_resources",
                "during_sick_leave",
                "during_leave_or_suspension_for_employer",
            ),
        ),
        (
            "How it touches your job",
            (
                "overlaps_normal_duties",
                "conflicts_with_duties",
                "for_service_user",
                "private_gain_from_employment_work",
                "political_activity",
            ),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.officer.politically_restricted:
            self.fields["political_activity"].help_text = "Your post is politically restricted."


class RelationshipForm(DeclarationForm):
    declaration_type = "relationship"
    title = "Declare a relationship"
    optional = frozenset({"description"})

    counterparty = counterparty_field("Name of the person", "Enter the name of the person")
    with_whom = radios("Who are they to you at work?", WITH_WHOM, "Select who they are")
    nature = radios(
        "What is your relationship with them?", NATURES, "Select what the relationship is"
    )
    professional_responsibility = yes_no(
        "Do you have professional responsibility for them?",
        "Select yes if you have professional responsibility for them",
    )
    existed_before_appointment = yes_no(
        "Did the relationship start before you took up your job?",
        "Select yes if the relationship started before you took up your job",
    )
    involved_in_decision = yes_no(
        "Would you take part in any decision about them?",
        "Select yes if you would take part in a decision about them",
        "Such as an appointment, discipline, pay, promotion, contract or case decision.",
    )
    description = description_field(
        "Anything else you want to tell us (optional)", "Enter anything else you want to tell us"
    )
    date = date_field(
        "When did the relationship start?",
        "Enter the date the relationship started",
        help_text="If you do not know the exact date, give your best estimate.",
    )

    groups = (
        ("The person", ("counterparty", "with_whom")),
        (
            "Your relationship",
            (
                "nature",
                "date",
                "professional_responsibility",
                "existed_before_appointment",
                "involved_in_decision",
                "description",
            ),
        ),
    )


FORMS: dict[str, type[DeclarationForm]] = {
    form.declaration_type: form
    for form in (GiftForm, HospitalityForm, InterestForm, OutsideWorkForm, RelationshipForm)
}


def form_class_for(declaration_type: str) -> type[DeclarationForm]:
    return FORMS[declaration_type]


class EndForm(forms.Form):
    """When an interest or outside work ended; never before it started."""

    ended_on = DateInputField(
        label="When did it end?",
        subject="End date",
        required_message="Enter the date it ended",
        help_text="For example, 27 3 2026",
    )
    note = TextField(
        label="Anything else you want to tell us (optional)",
        max_length=DESCRIPTION_MAX,
        required_message="",
        too_long_message=f"The note must be {DESCRIPTION_MAX:,} characters or fewer",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, declaration: Declaration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.declaration = declaration
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("ended_on", context={"legend_size": Size.for_legend(Size.MEDIUM)}),
            Field.textarea("note", label_size=Size.SMALL, rows=3),
        )

    def clean_ended_on(self) -> datetime.date:
        ended_on = self.cleaned_data["ended_on"]
        started = self.declaration.date
        if ended_on < started:
            message = f"End date must be on or after the start date, {started:%-d %B %Y}"
            self.fields["ended_on"]._fail(message)
            raise ValidationError(message)
        return ended_on


class WithdrawForm(forms.Form):
    """Why a declaration is being withdrawn (optional, kept in its history)."""

    reason = TextField(
        label="Why are you withdrawing it? (optional)",
        max_length=DESCRIPTION_MAX,
        required_message="",
        too_long_message=f"The reason must be {DESCRIPTION_MAX:,} characters or fewer",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.textarea("reason", label_size=Size.SMALL, rows=3))
