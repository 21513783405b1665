"""The register's table rows, written in Python: `{% register_rows rows organisation %}`.

A page of the register is 50 rows of ten cells. Written in the template language, every
value is looked up and every filter applied cell by cell, some 15 ms a page, more than
all its queries; `format_html` writes the same markup (every value escaped) in a tenth
of that. Django's admin writes its change list's rows the same way
(`admin_list.items_for_result`). The cells say what templates/register/_table.html's
header names, in its order; the words come from declarations.labels, as the filters
in register_tags give them to templates. A sensitive entry the viewer may not see comes
as an entries.MaskedRow and is written by `_masked_row` alone, from the few values it
holds: "Sensitive entry", its reference (not linked), type, status and declared date.
An officer who has left is named as a former officer (labels.officer_name).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import date, truncatechars
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from declarations import labels
from declarations.lateness import lateness_of
from declarations.models import Declaration, Organisation
from declarations.register.entries import MaskedRow, Row, WhatHappened
from declarations.templatetags.register_tags import money

register = template.Library()

HINT = '<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0">{}</span>'
DAY = "j M Y"


@register.simple_tag
def register_rows(rows: Iterable[Row | MaskedRow], organisation: Organisation) -> SafeString:
    """The table body's rows for a page of the register (entries.rows)."""
    return mark_safe(  # each is format_html's
        "".join(
            _masked_row(row) if isinstance(row, MaskedRow) else _row(row, organisation)
            for row in rows
        )
    )


def _masked_row(row: MaskedRow) -> str:
    """A sensitive entry for a keeper who may not see it: that it is there, no more."""
    return format_html(
        '<tr class="govuk-table__row register-masked">'
        '<th scope="row" class="govuk-table__header">{}</th>'
        '<td class="govuk-table__cell" data-label="Officer">'
        '<strong class="govuk-tag govuk-tag--grey">{}</strong>' + HINT + "</td>"
        '<td class="govuk-table__cell" data-label="Type">{}</td>'
        '<td class="govuk-table__cell" data-label="Counterparty"></td>'
        '<td class="govuk-table__cell" data-label="Date">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric" data-label="Value"></td>'
        '<td class="govuk-table__cell" data-label="What the code says"></td>'
        '<td class="govuk-table__cell" data-label="Status">'
        '<strong class="govuk-tag {}">{}</strong></td>'
        '<td class="govuk-table__cell" data-label="What happened to it"></td>'
        '<td class="govuk-table__cell" data-label="Register keeper"></td>'
        "</tr>",
        row.reference,
        row.words,
        "Its detail is not shown to you",
        row.type_words,
        format_html("Declared {}", date(row.declared_on, DAY)) if row.declared_on else "",
        labels.status_tag(row.status),
        row.status_words,
    )


def _row(row: Row, organisation: Organisation) -> str:
    d = row.declaration
    return format_html(
        '<tr class="govuk-table__row">'
        '<th scope="row" class="govuk-table__header">{}</th>'
        '<td class="govuk-table__cell" data-label="Officer">{}</td>'
        '<td class="govuk-table__cell" data-label="Type">{}</td>'
        '<td class="govuk-table__cell" data-label="Counterparty">{}</td>'
        '<td class="govuk-table__cell" data-label="Date">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric" data-label="Value">{}</td>'
        '<td class="govuk-table__cell" data-label="What the code says">{}</td>'
        '<td class="govuk-table__cell" data-label="Status">'
        '<strong class="govuk-tag {}">{}</strong></td>'
        '<td class="govuk-table__cell" data-label="What happened to it">{}</td>'
        '<td class="govuk-table__cell" data-label="Register keeper">{}</td>'
        "</tr>",
        _reference(d),
        _officer(d, organisation),
        d.get_type_display(),
        _counterparty(d),
        date(d.date, DAY),
        money(d.value_gbp),
        _what_the_code_says(d),
        labels.status_tag(d.status),
        d.get_status_display(),
        _what_happened(row.what_happened),
        labels.role(d.register_keeper),
    )


def _reference(d: Declaration) -> str:
    """Linked to the entry's page once submitted (a withdrawn draft has no page)."""
    if not d.submitted_at:
        return d.reference_with_version
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>',
        reverse("register-entry", args=[d.pk]),
        d.reference_with_version,
    )


def _officer(d: Declaration, organisation: Organisation) -> str:
    officer = d.officer
    where = officer.job_title
    if officer.department:
        where = f"{where}, {officer.department}"
    if officer.seconded_to_id == organisation.pk and officer.organisation_id != organisation.pk:
        where = f"{where} (seconded in)"
    return format_html("{}" + HINT, labels.officer_name(officer), where)


def _counterparty(d: Declaration) -> str:
    if not d.description:
        return d.counterparty
    return format_html("{}" + HINT, d.counterparty, truncatechars(d.description, 120))


def _what_the_code_says(d: Declaration) -> str:
    said = ""
    if d.outcome:
        said = format_html(
            '<strong class="govuk-tag {}">{}</strong>',
            labels.outcome_tag(d.outcome),
            labels.outcome(d.outcome, d.type),
        )
    if d.late:
        # "Late by 59 days" from the row's own columns; plain "Late" where they cannot say.
        how_late = lateness_of(d)
        said = format_html(
            '{} <strong class="govuk-tag govuk-tag--red">{}</strong>',
            said,
            how_late.tag if how_late else "Late",
        )
    return said


def _what_happened(happened: WhatHappened) -> str:
    """What the officer said happened to a declined gift, or that it is awaited."""
    if happened.recorded:
        cell = format_html("{}", happened.words)
        if happened.on:
            cell = format_html("{}" + HINT, cell, date(happened.on, DAY))
        if happened.note:
            cell = format_html("{}" + HINT, cell, truncatechars(happened.note, 80))
        return cell
    if happened.overdue or happened.awaiting:
        tag, words = (
            ("red", "Overdue: awaiting what happened to it")
            if happened.overdue
            else ("yellow", "Awaiting what happened to it")
        )
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>' + HINT,
            tag,
            words,
            "Due " + date(happened.due_on, DAY),
        )
    return ""
