"""Answering a declaration form in the browser by field name, as a filer does: only the
questions on show. A question that does not apply is hidden (static/js/questions.js),
and so is a follow-up whose answer was not chosen (GOV.UK conditional reveal), so a
filer never answers them; without JavaScript every question is on show.

tests/e2e/conftest.py's `answer` fixture should become `fill_answers` (see
`answer_fixture`); until then the modules that need it define `answer` with it.
"""

from __future__ import annotations

import datetime

DATE_PARTS = ("day", "month", "year")


def date_box(name: str, part: int) -> str:
    """The selector of a date question's day (0), month (1) or year (2) box."""
    return f'[name="{name}-{DATE_PARTS[part]}"]'


def on_show(target, name: str) -> bool:
    """Whether the question is on show (its GOV.UK form group, `div_id_<name>`)."""
    group = target.locator(f"#div_id_{name}")
    return group.count() == 0 or group.is_visible()


def fill_answers(target, answers: dict[str, object]) -> list[str]:
    """Answer the questions on show; the names of those answered, in order."""
    answered = []
    for name, value in answers.items():
        if not on_show(target, name):
            continue
        if isinstance(value, datetime.date):
            for part, number in enumerate((value.day, value.month, value.year)):
                target.locator(date_box(name, part)).fill(str(number))
        elif isinstance(value, bool):
            target.locator(f'[name="{name}"][value="{"yes" if value else "no"}"]').check()
        elif target.locator(f'[name="{name}"]').first.get_attribute("type") == "radio":
            target.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            target.locator(f'[name="{name}"]').fill(str(value))
        answered.append(name)
    return answered


def answer_fixture(page):
    """The `answer` fixture's body: `answer(answers, on=None)`."""

    def fill(answers: dict[str, object], on=None) -> list[str]:
        return fill_answers(on or page, answers)

    return fill
