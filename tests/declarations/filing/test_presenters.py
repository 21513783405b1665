"""What the filing pages show, read straight from the presenters (the pages' own tests
check the same through the browser's eyes)."""

from __future__ import annotations

from django.urls import reverse

from declarations.choices import Status
from declarations.filing import answers, presenters
from declarations.filing.forms import CHECK, form_class_for
from declarations.models import Declaration
from tests.declarations.filing.helpers import VALID
from tests.factories import DeclarationFactory, DisclosureFactory, make_county_cast


def test_checking_a_form_without_a_question_the_code_needs_asks_for_it(officer):
    form = form_class_for("interest")(
        {**VALID["interest"], "interest_kind": ""}, officer=officer, mode=CHECK
    )
    form.is_valid()

    panel = presenters.form_panel(officer, form, "interest")

    assert panel["available"] is False
    assert panel["unavailable"] == (
        "Answer “What kind of interest is it?” to see what your code says."
    )


def test_checking_a_form_judges_the_answers_on_screen_without_saving_them(officer):
    form = form_class_for("gift")(VALID["gift"], officer=officer, mode=CHECK)
    form.is_valid()

    panel = presenters.form_panel(officer, form, "gift")

    assert panel["available"] is True
    # Thurrock 14.5: no personal gifts beyond token value (a £30 bottle of wine).
    assert panel["outcome"] == "prohibited"
    assert [c["reference"] for e in panel["explanations"] for c in e["citations"]] == [
        "thurrock:14.3",
        "thurrock:14.5",
    ]
    assert (panel["partial"], panel["assumed"]) == (False, False)
    assert Declaration.objects.count() == 0


def test_each_problem_links_to_its_question_on_the_edit_page(officer):
    draft = DeclarationFactory(
        officer=officer, draft_answers={"counterparty": "Acme Supplies Ltd"}, reference=""
    )
    form = answers.validation_form(draft)

    links = presenters.problem_links(draft, form)

    edit = reverse("declaration-edit", args=[draft.pk])
    assert links[0] == {
        "message": "Select yes if they have a decision waiting on your employer",
        "href": f"{edit}#id_donor_has_pending_decision_1",
    }
    assert all(link["href"].startswith(f"{edit}#id_") for link in links)


def test_the_codes_checked_against_are_named_as_in_a_sentence(officer):
    verdict = {"outcome": "declare", "codes_applied": ["county-council", "thurrock"]}

    panel = presenters.verdict_panel(verdict, officer=officer, declaration_type="gift")
    live = presenters.live_verdict(officer, form_class_for("gift")(officer=officer), "gift")

    assert panel["codes_applied"] == ["the county council", "Thurrock Council"]
    assert live["codes"]["county-council"] == "the county council"


def test_the_history_names_no_one_for_what_the_register_did_itself(officer):
    declaration = DeclarationFactory(officer=officer, status=Status.SUBMITTED)
    declaration.events.create(action="send_for_acknowledgement", actor=None, note="N")
    declaration.events.create(
        action="route_opened", actor=officer.user, note="Sent to Lee Manager (line manager)."
    )

    (sent, opened) = presenters.history(declaration)

    assert (sent["what"], sent["who"], sent["note"]) == (
        "Sent to be acknowledged",
        "Automatic",
        "N",
    )
    assert (opened["what"], opened["note"]) == ("Sent to Lee Manager (line manager).", "")


def test_a_follow_up_the_officers_code_never_asks_is_not_shown_as_an_answer(officer):
    """Thurrock 12.3 asks to be told of any bail conditions, whatever they are: the form
    never asks whether they affect the work, so its stored default is nobody's answer."""
    disclosure = DisclosureFactory(
        declaration__officer=officer, disclosure_kind="bail_conditions"
    ).declaration

    names = [row.name for row in presenters.summary_rows(disclosure)]

    assert "disclosure_kind" in names
    assert "bail_conditions_affect_work" not in names


def test_a_follow_up_the_officers_code_asks_is_shown(db):
    county_officer = make_county_cast().officer
    disclosure = DisclosureFactory(
        declaration__officer=county_officer,
        disclosure_kind="bail_conditions",
        bail_conditions_affect_work=False,
    ).declaration

    rows = {row.name: row.answer for row in presenters.summary_rows(disclosure)}

    assert rows["bail_conditions_affect_work"] is False
