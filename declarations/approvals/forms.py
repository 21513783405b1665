"""The approvers' forms: the queue's filters, a decision, and naming a delegate.

They only read and check what was typed; the rules they check against are
decisions.py's and delegation.py's.
"""

from __future__ import annotations

from typing import Any

from django import forms

from declarations import choices as c
from declarations import labels
from declarations.approvals import delegation, queue
from declarations.date_input import DateInputField
from declarations.models import Officer


class QueueFilterForm(forms.Form):
    """The queue's filters (GET): anything unrecognised is ignored, not an error."""

    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *c.DECLARATION_TYPES]
    )
    outcome = forms.ChoiceField(
        label="What the code says",
        required=False,
        choices=[("", "Any"), *queue.OUTCOME_CHOICES],
    )
    organisation = forms.ChoiceField(
        label="Employer", required=False, choices=[("", "All employers"), *c.EMPLOYERS]
    )
    age = forms.ChoiceField(label="Waiting for", required=False, choices=queue.AGE_CHOICES)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {
                name: value
                for name, value in ((n, self.data.get(n, "")) for n in self.fields)
                if self._offers(name, value)
            }
        return {name: value for name, value in self.cleaned_data.items() if value}

    def _offers(self, name: str, value: str) -> bool:
        """Whether the filter `name` offers `value` (every field here is a ChoiceField)."""
        field = self.fields[name]
        return isinstance(field, forms.ChoiceField) and field.valid_value(value)


class DecisionForm(forms.Form):
    """Approve or reject (a reason required to reject), or acknowledge with a note."""

    decision = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve or reject this declaration"},
    )
    reason = forms.CharField(required=False, widget=forms.Textarea, max_length=2000)

    def __init__(self, *args: Any, allowed: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [(d, labels.decision(d)) for d in allowed]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == c.Decision.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter the reason for rejecting this declaration")
        return data


EXAMPLE = "27 3 2026"


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Officer) -> str:
        return f"{obj.full_name}, {obj.job_title}" if obj.job_title else obj.full_name


class DelegationForm(forms.Form):
    """Who decides for the approver, and when (GOV.UK date inputs, as every date the
    register asks for); checked as `delegation.delegate` checks."""

    delegate = OfficerChoiceField(
        queryset=Officer.objects.none(),
        label="Who will decide for you?",
        empty_label="Select a person",
        error_messages={"required": "Select who will decide for you"},
    )
    starts_on = DateInputField(
        label="From",
        subject="The start date",
        required_message="Enter the date your delegate starts deciding for you",
        help_text=f"For example, {EXAMPLE}",
    )
    ends_on = DateInputField(
        label="Until (inclusive)",
        subject="The end date",
        required_message="Enter the date your delegate stops deciding for you",
        help_text=f"For example, {EXAMPLE}",
    )
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=200,
        help_text="For example, annual leave.",
    )

    def __init__(self, *args: Any, delegator: Officer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.delegator = delegator
        delegate = self.fields["delegate"]
        assert isinstance(delegate, forms.ModelChoiceField)
        delegate.queryset = delegation.candidates(delegator)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        errors = delegation.delegation_errors(
            self.delegator, data.get("delegate"), data.get("starts_on"), data.get("ends_on")
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return data
