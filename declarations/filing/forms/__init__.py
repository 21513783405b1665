"""The forms of the filing journey: one module per type of declaration.

fields.py holds the kinds of question (yes/no, a choice, text, money, hours, a date)
and choices.py the plain-English answers; base.py what every declaration form shares
(its modes, code hints and layout) and the first question, what kind it is; gift.py,
hospitality.py, interest.py, outside_work.py, relationship.py and disclosure.py one
form each;
actions.py ending and withdrawing; annual.py the annual declaration. `form_class_for`
finds a type's form by the contract's name for the type.
"""

from __future__ import annotations

from declarations.filing.forms.actions import EndForm, WithdrawForm
from declarations.filing.forms.annual import AnnualDeclarationForm
from declarations.filing.forms.base import (
    CHECK,
    DRAFT,
    MODES,
    SUBMIT,
    DeclarationForm,
    TypeForm,
    code_hints,
)
from declarations.filing.forms.disclosure import DisclosureForm
from declarations.filing.forms.fields import (
    COUNTERPARTY_MAX,
    DESCRIPTION_MAX,
    MAX_HOURS,
    DateInputField,
    HoursField,
    MoneyField,
    RadioChoiceField,
    TextField,
    YesNoField,
)
from declarations.filing.forms.gift import GiftForm
from declarations.filing.forms.hospitality import HospitalityForm
from declarations.filing.forms.interest import InterestForm
from declarations.filing.forms.outside_work import OutsideWorkForm
from declarations.filing.forms.relationship import RelationshipForm

FORMS: dict[str, type[DeclarationForm]] = {
    form.declaration_type: form
    for form in (
        GiftForm,
        HospitalityForm,
        InterestForm,
        OutsideWorkForm,
        RelationshipForm,
        DisclosureForm,
    )
}


def form_class_for(declaration_type: str) -> type[DeclarationForm]:
    """The form that asks a type's questions (a contract type name, e.g. "outside_work")."""
    return FORMS[declaration_type]


__all__ = [
    "CHECK",
    "COUNTERPARTY_MAX",
    "DESCRIPTION_MAX",
    "DRAFT",
    "FORMS",
    "MAX_HOURS",
    "MODES",
    "SUBMIT",
    "AnnualDeclarationForm",
    "DateInputField",
    "DeclarationForm",
    "DisclosureForm",
    "EndForm",
    "GiftForm",
    "HospitalityForm",
    "HoursField",
    "InterestForm",
    "MoneyField",
    "OutsideWorkForm",
    "RadioChoiceField",
    "RelationshipForm",
    "TextField",
    "TypeForm",
    "WithdrawForm",
    "YesNoField",
    "code_hints",
    "form_class_for",
]
