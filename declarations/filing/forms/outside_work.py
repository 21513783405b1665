"""The questions for declaring work outside your job, paid or not."""

from __future__ import annotations

from typing import Any

from declarations.filing.forms.base import DeclarationForm
from declarations.filing.forms.choices import POLITICAL_ACTIVITIES, WORK_KINDS
from declarations.filing.forms.fields import (
    HoursField,
    counterparty_field,
    date_field,
    description_field,
    radios,
    yes_no,
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
