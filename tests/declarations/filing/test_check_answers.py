"""Check your answers, submitting, and the confirmation page."""

from __future__ import annotations

import json
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from declarations.filing.presenters import verdict_panel
from declarations.models import Declaration
from tests.declarations.filing.helpers import VALID, file_draft, new_url, visible_text


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


def check_url(declaration: Declaration) -> str:
    return reverse("declaration-check", args=[declaration.pk])


def submit_url(declaration: Declaration) -> str:
    return reverse("declaration-submit", args=[declaration.pk])


# --- the summary ------------------------------------------------------------------------


def test_it_lists_every_answer_in_words(signed_in):
    declaration = file_draft(signed_in, "gift")

    response = signed_in.get(check_url(declaration))

    text = visible_text(response)
    assert response.status_code == 200
    assert "Check your answers before you submit" in text
    assert declaration.reference in text
    for shown in (
        "Name of the person or organisation Acme Supplies Ltd",
        "Who are they? A supplier",
        "Who was it for? Me",
        "What kind of gift is it? An item",
        "How much is it worth? £30.00",
        "When was it offered? 2 November 2026",
        "Is it a promotional item, like a diary, calendar or pen? No",
        "What have you done about it? I have not decided yet",
    ):
        assert shown in text


def test_each_answer_has_a_change_link_to_its_question(signed_in):
    declaration = file_draft(signed_in, "gift")
    edit = reverse("declaration-edit", args=[declaration.pk])

    html = signed_in.get(check_url(declaration)).content.decode()

    # Fourteen questions, with when it is accepted (optional): not the sponsor of an item,
    # nor whether a £30 item is promotional (at £30 it is no token whatever the answer, so
    # the form does not ask it).
    assert html.count(">Change<span") == 14
    assert f'href="{edit}#id_counterparty"' in html
    assert f'href="{edit}#id_donor_category_1"' in html
    assert f'href="{edit}#id_date-day"' in html
    assert 'Change<span class="govuk-visually-hidden"> how much is it worth?</span>' in html


def test_it_shows_what_the_code_says(signed_in):
    declaration = file_draft(signed_in, "gift")

    response = signed_in.get(check_url(declaration))

    text = visible_text(response)
    assert 'id="verdict-panel"' in response.content.decode()
    assert "What your code says" in text
    assert "Must be declined" in text


def test_change_then_continue_comes_back_with_the_new_answer(signed_in, officer):
    declaration = file_draft(signed_in, "gift")
    edit = reverse("declaration-edit", args=[declaration.pk])

    response = signed_in.post(
        edit, {**VALID["gift"], "value_gbp": "£12.50", "token_item": "yes", "action": "continue"}
    )

    assert response.headers["Location"] == check_url(declaration)
    text = visible_text(signed_in.get(check_url(declaration)))
    assert "How much is it worth? £12.50" in text
    assert "Must be declared" in text
    assert list(declaration.events.values_list("action", flat=True)) == ["created", "edited"]


# --- submitting -------------------------------------------------------------------------


def test_submitting_files_it_and_shows_the_reference(signed_in, officer):
    declaration = file_draft(signed_in, "interest")

    response = signed_in.post(submit_url(declaration))

    assert response.status_code == 302
    assert response.headers["Location"] == reverse(
        "declaration-confirmation", args=[declaration.pk]
    )
    declaration.refresh_from_db()
    assert declaration.status == "awaiting_acknowledgement"
    assert declaration.verdict["outcome"] == "declare"
    assert declaration.policy_version.startswith("thurrock@")
    assert declaration.submitted_at is not None
    page = signed_in.get(response.headers["Location"])
    text = visible_text(page)
    assert "govuk-panel--confirmation" in page.content.decode()
    assert "Declaration submitted" in text
    assert f"Your reference number {declaration.reference_with_version}" in text
    assert "What happens next" in text
    assert "We have sent it to your line manager (Lee Manager) and your director" in text


def test_a_declaration_that_needs_approval_says_not_to_accept_yet(signed_in):
    declaration = file_draft(
        signed_in,
        "hospitality",
        hospitality_kind="conference_or_course",
        corporate="yes",
        donor_has_pending_decision="no",
    )

    signed_in.post(submit_url(declaration))

    declaration.refresh_from_db()
    assert declaration.status == "awaiting_approval"
    text = visible_text(signed_in.get(reverse("declaration-confirmation", args=[declaration.pk])))
    assert "We have sent it for approval to your line manager (Lee Manager)" in text
    assert "Do not accept it until it has been approved." in text


def test_a_declaration_needing_nothing_is_recorded_at_once(signed_in):
    declaration = file_draft(
        signed_in, "outside_work", work_kind="voluntary", paid="no", hours_per_week="2"
    )

    signed_in.post(submit_url(declaration))

    declaration.refresh_from_db()
    assert declaration.status == "recorded"
    text = visible_text(signed_in.get(reverse("declaration-confirmation", args=[declaration.pk])))
    assert "Your declaration has been recorded in the register" in text


def test_a_prohibited_gift_is_flagged_on_the_confirmation_with_what_to_do_by_when(signed_in):
    declaration = file_draft(signed_in, "gift")

    signed_in.post(submit_url(declaration))

    response = signed_in.get(reverse("declaration-confirmation", args=[declaration.pk]))
    text = visible_text(response)
    declaration.refresh_from_db()
    due = f"{declaration.disposition_due_on.day} {declaration.disposition_due_on:%B %Y}"
    assert f"Your code says this must be declined. Tell us what happened to it by {due}." in text
    assert "we will send it to your director (Dana Director) to acknowledge" in text
    assert "who will acknowledge it" not in text
    address = reverse("declaration-disposition", args=[declaration.pk])
    assert f'href="{address}"' in response.content.decode()


def test_a_gift_declined_when_filed_goes_to_be_acknowledged_at_once(signed_in):
    declaration = file_draft(signed_in, "gift", status="declined")

    signed_in.post(submit_url(declaration))

    text = visible_text(signed_in.get(reverse("declaration-confirmation", args=[declaration.pk])))
    declaration.refresh_from_db()
    assert declaration.disposition == "declined"
    assert declaration.approval_steps.get().opened_at is not None
    assert "You told us what happened to it: declined, on 2 November 2026." in text
    assert "We have sent it to your director (Dana Director), who will acknowledge it." in text


def test_submit_refuses_get(signed_in):
    declaration = file_draft(signed_in, "gift")

    assert signed_in.get(submit_url(declaration)).status_code == 405
    declaration.refresh_from_db()
    assert declaration.status == "draft"


def test_submitting_twice_does_not_file_it_twice(signed_in):
    declaration = file_draft(signed_in, "interest")
    signed_in.post(submit_url(declaration))

    response = signed_in.post(submit_url(declaration), follow=True)

    assert "This declaration has already been submitted." in visible_text(response)
    assert declaration.events.filter(action="submit").count() == 1


def test_check_your_answers_of_a_submitted_declaration_goes_to_its_page(signed_in):
    declaration = file_draft(signed_in, "interest")
    signed_in.post(submit_url(declaration))

    response = signed_in.get(check_url(declaration))

    assert response.headers["Location"] == reverse("declaration-detail", args=[declaration.pk])


def test_the_confirmation_of_a_draft_goes_back_to_check_your_answers(signed_in):
    declaration = file_draft(signed_in, "interest")

    response = signed_in.get(reverse("declaration-confirmation", args=[declaration.pk]))

    assert response.headers["Location"] == check_url(declaration)


# --- an unfinished draft ----------------------------------------------------------------


@pytest.fixture
def unfinished(signed_in):
    signed_in.post(new_url("gift"), {"counterparty": "Acme", "action": "save"})
    return Declaration.objects.get()


def test_an_unfinished_draft_lists_what_is_missing_and_cannot_be_submitted(signed_in, unfinished):
    response = signed_in.get(check_url(unfinished))

    text = visible_text(response)
    assert "You need to answer some questions before you submit" in text
    assert "Enter what the gift was" in text
    assert "Submit declaration" not in text


def test_an_unfinished_draft_shows_unanswered_questions_as_not_answered(signed_in, unfinished):
    text = visible_text(signed_in.get(check_url(unfinished)))

    assert "Name of the person or organisation Acme" in text
    assert "Who was it for? Not answered" in text
    # A follow-up of "An item", and no form of gift is chosen yet: not asked, not listed.
    assert "Is it a promotional item" not in text
    assert "How much is it worth? Not answered" in text
    assert "When was it offered? Not answered" in text
    assert "questions not yet answered count as their usual answer" in text


@pytest.mark.parametrize(
    "kind", ["gift", "hospitality", "interest", "outside_work", "relationship"]
)
def test_each_problem_links_to_its_question_on_the_edit_page(kind, signed_in):
    kind_only = {
        "gift": {},
        "hospitality": {},
        "interest": {"interest_kind": "financial"},
        "outside_work": {"work_kind": "voluntary"},
        "relationship": {"with_whom": "colleague", "nature": "family"},
    }[kind]
    signed_in.post(new_url(kind), {**kind_only, "action": "save"})
    declaration = Declaration.objects.get()
    edit = reverse("declaration-edit", args=[declaration.pk])

    html = signed_in.get(check_url(declaration)).content.decode()

    start = html.index("govuk-error-summary__list")
    summary = html[start : html.index("</ul>", start)]
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', summary)
    assert len(links) >= 3
    edit_page = signed_in.get(edit).content.decode()
    for href, message in links:
        path, _, anchor = href.partition("#")
        assert path == edit, message
        assert anchor.startswith("id_"), message
        assert f'id="{anchor}"' in edit_page, (anchor, message)
    assert f"{edit}#id_counterparty" in [href for href, _message in links]


def test_problem_links_land_on_the_first_radio_and_the_day_box(signed_in, unfinished):
    edit = reverse("declaration-edit", args=[unfinished.pk])

    html = signed_in.get(check_url(unfinished)).content.decode()

    assert f'<a href="{edit}#id_offered_to_1">Select who the gift was for</a>' in html
    assert f'<a href="{edit}#id_date-day">Enter the date it was offered</a>' in html
    assert f'<a href="{edit}#id_description">Enter what the gift was</a>' in html
    assert f'<a href="{edit}">' not in html
    # In the order the questions are asked.
    assert html.index("#id_donor_has_pending_decision_1") < html.index("#id_offered_to_1")
    assert html.index("#id_offered_to_1") < html.index("#id_status_1")


def test_every_change_link_lands_on_a_box_or_radio_of_the_edit_page(signed_in):
    declaration = file_draft(signed_in, "outside_work")
    edit = reverse("declaration-edit", args=[declaration.pk])

    anchors = re.findall(
        rf'href="{edit}#([^"]+)">Change', signed_in.get(check_url(declaration)).content.decode()
    )

    edit_page = signed_in.get(edit).content.decode()
    assert len(anchors) == 15
    for anchor in anchors:
        assert f'id="{anchor}"' in edit_page, anchor


def test_posting_an_unfinished_draft_is_refused(signed_in, unfinished):
    response = signed_in.post(submit_url(unfinished), follow=True)

    unfinished.refresh_from_db()
    assert unfinished.status == "draft"
    assert "Answer all the questions before you submit." in visible_text(response)


# --- the panel is built from the contract's verdict JSON --------------------------------


def test_the_verdict_panel_renders_from_a_plain_verdict_json_dict(officer, monitoring_officer):
    verdict = {
        "outcome": "approval_required",
        "route": ["line_manager", "monitoring_officer"],
        "register_keeper": "monitoring_officer",
        "deadline": "2026-12-20",
        "late": False,
        "written": True,
        "citations": ["thurrock:14.7", "thurrock:14.3"],
        "flags": ["timing_sensitive"],
        "reasons": ["A reason no rule gives."],
        "codes_applied": ["thurrock"],
    }

    panel = verdict_panel(verdict, officer=officer, declaration_type="hospitality")
    html = render_to_string("filing/_verdict_panel.html", {"panel": panel})

    assert json.loads(json.dumps(panel)) == panel
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert 'id="verdict-panel"' in html
    assert "aria-live" not in html
    assert "Needs approval before you accept" in text
    assert "Your line manager (Lee Manager)" in text
    assert "The monitoring officer (Mona Monitoring)" in text
    assert "The register kept by the monitoring officer (Mona Monitoring)" in text
    assert "Declare it by 20 December 2026" in text
    assert "in writing" in text
    assert "Take care over timing" in text
    assert "A reason no rule gives." in text
    assert 'href="/policies/thurrock/#clause-14.7"' in html
    assert 'href="/policies/thurrock/#clause-14.3"' in html


def test_the_panel_without_a_verdict_says_how_to_get_one(officer):
    panel = verdict_panel(
        None, officer=officer, declaration_type="gift", unavailable="Answer the questions."
    )
    html = render_to_string("filing/_verdict_panel.html", {"panel": panel})

    assert 'id="verdict-panel"' in html
    assert "Answer the questions." in html


def test_a_verdict_with_no_register_says_so(officer):
    verdict = {
        "outcome": "no_action",
        "route": [],
        "register_keeper": None,
        "deadline": None,
        "late": False,
        "written": False,
        "citations": [],
        "flags": [],
        "reasons": ["Essex County Council asks for nothing about this declaration."],
        "codes_applied": ["ecc"],
    }

    panel = verdict_panel(verdict, officer=officer, declaration_type="gift")
    text = render_to_string("filing/_verdict_panel.html", {"panel": panel})

    assert "No action needed" in text
    assert "No register is named for this." in text
    assert "Nobody needs to approve it or be told." in text
    assert "Your code sets no deadline for this." in text
