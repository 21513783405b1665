"""Filing through the pages in tests: a complete, valid set of answers for each type's
form (by the form's field names, as a browser posts them), the URL of each type's form,
filing a draft with them, and a page's words as a person reads them."""

from __future__ import annotations

import re

from django.urls import reverse

from declarations.models import Declaration

GIFT = {
    "counterparty": "Acme Supplies Ltd",
    "donor_category": "supplier",
    "donor_has_pending_decision": "no",
    "offered_to": "self",
    "direction": "received",
    "description": "A bottle of wine",
    "form": "item",
    "token_item": "no",
    "value_gbp": "£30.00",
    "date_0": "2",
    "date_1": "11",
    "date_2": "2026",
    "received_without_warning": "no",
    "on_behalf_of_employer": "no",
    "status": "offered",
    "refusal_would_offend": "no",
}
HOSPITALITY = {
    "counterparty": "Big Build plc",
    "donor_category": "contractor",
    "donor_has_pending_decision": "yes",
    "description": "Dinner after the site meeting",
    "hospitality_kind": "social_or_sporting",
    "value_gbp": "85",
    "date_0": "10",
    "date_1": "10",
    "date_2": "2026",
    "overseas": "no",
    "corporate": "no",
    "represents_employer": "no",
    "offered_to": "family",
    "status": "declined",
    "refusal_would_offend": "yes",
}
INTEREST = {
    "interest_kind": "financial",
    "held_by": "spouse_or_partner",
    "counterparty": "Thames Homes Ltd",
    "description": "500 shares",
    "date_0": "1",
    "date_1": "3",
    "date_2": "2025",
    "org_does_business_with_employer": "yes",
    "pecuniary_interest_in_contract": "no",
    "involved_in_related_matter": "yes",
    "could_conflict": "yes",
    "change_to_existing": "no",
}
OUTSIDE_WORK = {
    "work_kind": "self_employment",
    "counterparty": "Olive's Bakes",
    "description": "Weekend cake stall",
    "date_0": "5",
    "date_1": "1",
    "date_2": "2027",
    "paid": "yes",
    "hours_per_week": "7.5",
    "during_working_hours": "no",
    "uses_employer_resources": "no",
    "overlaps_normal_duties": "no",
    "conflicts_with_duties": "no",
    "during_sick_leave": "no",
    "during_leave_or_suspension_for_employer": "no",
    "for_service_user": "no",
    "private_gain_from_employment_work": "no",
    "political_activity": "none",
}
RELATIONSHIP = {
    "counterparty": "Pat Partner",
    "with_whom": "colleague_same_section",
    "nature": "intimate",
    "professional_responsibility": "no",
    "existed_before_appointment": "yes",
    "involved_in_decision": "no",
    "description": "",
    "date_0": "14",
    "date_1": "2",
    "date_2": "2019",
}
DISCLOSURE = {
    "disclosure_kind": "criminal_charge",
    "date_0": "2",
    "date_1": "11",
    "date_2": "2026",
    "description": "Charged with careless driving",
    "counterparty": "",
}
VALID: dict[str, dict[str, str]] = {
    "gift": GIFT,
    "hospitality": HOSPITALITY,
    "interest": INTEREST,
    "outside_work": OUTSIDE_WORK,
    "relationship": RELATIONSHIP,
    "disclosure": DISCLOSURE,
}
SLUGS = {
    "gift": "gift",
    "hospitality": "hospitality",
    "interest": "interest",
    "outside_work": "outside-work",
    "relationship": "relationship",
    "disclosure": "disclosure",
}


def new_url(kind: str) -> str:
    return reverse("declaration-new-type", kwargs={"declaration_type": SLUGS[kind]})


def visible_text(response) -> str:
    """The page's words as a person reads them: no tags, attributes or scripts."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([:.,])", r"\1", text)


def file_draft(client, kind: str, **changes: str) -> Declaration:
    """Answer every question for `kind` and press Continue; the draft made."""
    response = client.post(new_url(kind), {**VALID[kind], **changes, "action": "continue"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Declaration.objects.latest("id")
