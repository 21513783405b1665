"""Naming a delegate: the dates are GOV.UK date inputs (declarations/date_input.py), with
one message per date in the error summary, linked to the box at fault."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from declarations.approvals.forms import DelegationForm
from declarations.models import Delegation

pytestmark = pytest.mark.django_db


def boxes(name: str, day: datetime.date | None = None, **typed: str) -> dict[str, str]:
    parts = (str(day.day), str(day.month), str(day.year)) if day else ("", "", "")
    values = dict(zip(("day", "month", "year"), parts, strict=True)) | typed
    return {f"{name}-{part}": value for part, value in values.items()}


def test_the_dates_are_read_from_their_day_month_and_year_boxes(line_manager, director):
    today = timezone.localdate()
    start, end = today + datetime.timedelta(days=2), today + datetime.timedelta(days=4)
    form = DelegationForm(
        {"delegate": director.pk, **boxes("starts_on", start), **boxes("ends_on", end)},
        delegator=line_manager,
    )

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]) == (start, end)


def test_a_date_written_in_one_box_is_still_read(line_manager, director):
    today = timezone.localdate()
    form = DelegationForm(
        {"delegate": director.pk, "starts_on": today.isoformat(), "ends_on": today.isoformat()},
        delegator=line_manager,
    )

    assert form.is_valid(), form.errors


def test_the_page_asks_for_each_date_as_three_boxes(client, officer, line_manager):
    client.force_login(line_manager.user)

    html = client.get(reverse("decision-delegate")).content.decode()

    for name in ("starts_on", "ends_on"):
        for part in ("day", "month", "year"):
            assert f'id="id_{name}-{part}" name="{name}-{part}"' in html
    assert html.count('class="govuk-fieldset" role="group"') == 2
    assert 'type="date"' not in html


def test_a_date_missing_its_month_is_one_error_linked_to_the_month_box(
    client, officer, line_manager, director
):
    today = timezone.localdate()
    client.force_login(line_manager.user)

    response = client.post(
        reverse("decision-delegate"),
        {
            "delegate": director.pk,
            **boxes("starts_on", today, month=""),
            **boxes("ends_on", today + datetime.timedelta(days=3)),
        },
    )

    html = response.content.decode()
    assert '<a href="#id_starts_on-month">The start date must include a month</a>' in html
    assert html.count("The start date must include a month</a>") == 1
    assert 'name="starts_on-day" value="' + str(today.day) + '"' in html
    assert not Delegation.objects.exists()


def test_a_date_the_delegation_rules_refuse_links_to_the_day_box(
    client, officer, line_manager, director
):
    today = timezone.localdate()
    client.force_login(line_manager.user)

    response = client.post(
        reverse("decision-delegate"),
        {
            "delegate": director.pk,
            **boxes("starts_on", today + datetime.timedelta(days=3)),
            **boxes("ends_on", today + datetime.timedelta(days=1)),
        },
    )

    html = response.content.decode()
    assert '<a href="#id_ends_on-day">The end date must be the same as or after' in html
    assert html.count('name="ends_on-') == 3
    assert html.count("govuk-input--error") == 3
