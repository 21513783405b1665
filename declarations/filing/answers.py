"""A declaration's answers: where they are stored, and how a draft's come back.

Answers move between three shapes: as the officer gave them (`Declaration.draft_answers`,
the strings typed, so a draft comes back exactly as it was left), as the form cleans
them (the contract's names and values), and as stored on the declaration and its detail
row. The filing services (services.py) change declarations; this module only reads and
copies answers, and runs them through the type's form to say what is missing.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from declarations import choices as c
from declarations import clock
from declarations.filing.forms import CHECK, DeclarationForm, form_class_for
from declarations.models import DETAIL_MODELS, Declaration, Officer
from policies import vocabulary as v
from policies.facts import FIELDS_BY_TYPE, REQUIRED_BY_TYPE

S = c.Status
COMMON_FIELDS = ("counterparty", "description", "date")


def detail_fields(declaration_type: str) -> tuple[str, ...]:
    """The contract's fields for this type that live on its detail row."""
    return FIELDS_BY_TYPE[v.DeclarationType(declaration_type)]


def apply_answers(declaration: Declaration, detail: Any, answers: dict[str, Any]) -> None:
    """Set these answers on the declaration and its detail row; leave the rest as they are."""
    for name in COMMON_FIELDS:
        if name in answers:
            setattr(declaration, name, answers[name])
    for name in detail_fields(declaration.type):
        if name in answers:
            setattr(detail, name, answers[name])


def store_answers(declaration: Declaration, detail: Any, answers: dict[str, Any]) -> None:
    """Make the stored answers these and only these: a question not answered goes back
    to the model's default, so an answer cleared on screen does not linger."""
    for model, instance, names in (
        (Declaration, declaration, COMMON_FIELDS),
        (type(detail), detail, detail_fields(declaration.type)),
    ):
        for name in names:
            if name in answers:
                setattr(instance, name, answers[name])
            else:
                setattr(instance, name, _default(model, name))


def _default(model: type[models.Model], name: str) -> Any:
    """The default of one of the model's columns (every answer is stored in a column)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a relation, not an answer's column")
    return field.get_default()


def missing_required(declaration_type: str, answers: dict[str, Any], detail: Any) -> list[str]:
    """The questions the database cannot store a draft without, still unanswered."""
    needed = REQUIRED_BY_TYPE.get(v.DeclarationType(declaration_type), ())
    return [name for name in needed if not answers.get(name) and not getattr(detail, name, "")]


def values_of(declaration: Declaration) -> dict[str, Any]:
    """The stored answers under the contract's names (empty ones left out)."""
    values: dict[str, Any] = {name: getattr(declaration, name) for name in COMMON_FIELDS}
    detail = declaration.detail
    if detail is not None:
        for name in detail_fields(declaration.type):
            values[name] = getattr(detail, name)
    return {name: value for name, value in values.items() if value not in (None, "")}


def _stores_nothing(declaration: Declaration) -> bool:
    """Whether the stored answers are all what an empty draft holds (the date aside,
    which always has one): then nothing was answered, whenever it was saved."""
    if declaration.counterparty or declaration.description:
        return False
    detail = declaration.detail
    if detail is None:
        return True
    blank = DETAIL_MODELS[declaration.type]()
    return all(
        getattr(detail, name) == getattr(blank, name) for name in detail_fields(declaration.type)
    )


def given_answers(declaration: Declaration) -> dict[str, Any]:
    """A draft's answers exactly as the officer gave them (see DeclarationForm.given).

    Unanswered questions are left out, so they stay unanswered when the draft is
    resumed or checked: the stored model fills them with defaults, which nobody gave.
    A draft saved before answers were kept this way (`draft_answers` empty) falls
    back on its stored values, unless those are only an empty draft's defaults.
    """
    if declaration.draft_answers:
        return dict(declaration.draft_answers)
    if declaration.status == S.DRAFT and _stores_nothing(declaration):
        return {}
    return form_class_for(declaration.type).given_from(values_of(declaration))


def kept_as_given(
    declaration_type: str, answers: dict[str, Any], given: dict[str, Any] | None
) -> dict[str, Any]:
    """What a draft keeps as given: the typed answers to the questions answered, or the
    answers themselves as if typed when nothing typed came with them."""
    if given is None:
        return form_class_for(declaration_type).given_from(answers)
    return {name: given[name] for name in given if name in answers}


def answered_values(declaration: Declaration) -> dict[str, Any]:
    """What has been answered, under the contract's names, as values_of gives them.

    For a draft, its given answers read by the form (nothing else); once submitted,
    the stored values.
    """
    if declaration.status != S.DRAFT:
        return values_of(declaration)
    form_class = form_class_for(declaration.type)
    form = form_class(
        data=form_class.data_from_given(given_answers(declaration)),
        officer=declaration.officer,
        mode=CHECK,
    )
    form.is_valid()
    return form.answers()


def build_unsaved(
    officer: Officer,
    declaration_type: str,
    answers: dict[str, Any],
    *,
    base: Declaration | None = None,
) -> Declaration:
    """An in-memory declaration with these answers, for checking without saving.

    Starts from `base`'s stored answers when editing, so a "Check" on an edited draft
    sees the answers on screen, not the ones last saved.
    """
    declaration = Declaration(
        officer=officer,
        organisation=base.organisation if base else officer.organisation,
        type=declaration_type,
        status=S.DRAFT,
        declared_on=clock.today(),
    )
    detail = DETAIL_MODELS[declaration_type](declaration=declaration)
    if base is not None:
        apply_answers(declaration, detail, values_of(base))
        declaration.reference = base.reference
        declaration.version = base.version
    apply_answers(declaration, detail, answers)
    return declaration


def validation_form(declaration: Declaration) -> DeclarationForm:
    """The answers given run through the full (submit) form, to find what is missing.

    Unanswered questions stay unanswered here, so the defaults the model stores for
    them never pass for the officer's answers.
    """
    form_class = form_class_for(declaration.type)
    form = form_class(
        data=form_class.data_from_given(given_answers(declaration)), officer=declaration.officer
    )
    form.is_valid()
    return form


def problems(form: DeclarationForm) -> list[tuple[str, str]]:
    """(question name, message) for each error, in the order the questions are asked."""
    order = [name for _legend, names in form.groups for name in names]
    names = sorted(form.errors, key=lambda name: order.index(name) if name in order else -1)
    return [(name, str(message)) for name in names for message in form.errors[name]]


def unanswered_message(form: DeclarationForm, found: list[tuple[str, str]]) -> str:
    """One sentence naming the first question still to answer (and how many more)."""
    questions = []
    for name, _message in found:
        label = str(form.fields[name].label) if name in form.fields else ""
        if label and f"“{label}”" not in questions:
            questions.append(f"“{label}”")
    if not questions:
        return "Answer all the questions before you submit."
    more = len(questions) - 1
    still = questions[0] + (f" and {more} more" if more else "")
    return f"Answer all the questions before you submit. Still to answer: {still}."
