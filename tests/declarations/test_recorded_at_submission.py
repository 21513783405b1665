"""An entry remembers what it was filed as: the host employer, the officer's level, the
register keeper, the facts judged and the rules that fired are recorded at submission,
and the register, access, routing and the panel's explanations read those, not the
officer as they are today."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

import policies
from declarations.approvals import routing
from declarations.facts import facts_for, request_for, settings_for
from declarations.filing import presenters as filing
from declarations.filing.services import lodge
from declarations.models import Declaration
from declarations.register import register_settings, reviews
from policies import module_for
from policies.vocabulary import Employer
from tests.declarations.register.export_helpers import download
from tests.factories import (
    GiftFactory,
    InterestFactory,
    OfficerFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def filed_gift(officer) -> Declaration:
    """A gift submitted through the real service (Thurrock: rules TH-G0 and TH-G2 fire)."""
    declaration = GiftFactory(declaration__officer=officer).declaration
    lodge(declaration, actor=officer.user)
    declaration.refresh_from_db()
    return declaration


@pytest.fixture
def ecc():
    return OrganisationFactory(code="ecc")


@pytest.fixture
def ecc_monitoring_officer(ecc):
    mo = OfficerFactory(
        organisation=ecc,
        user=UserFactory(username="erin.ecc", first_name="Erin", last_name="Ecc"),
        level="assistant_director",
    )
    RoleAssignmentFactory(officer=mo, organisation=ecc, role="monitoring_officer")
    return mo


def second(officer, host) -> None:
    officer.seconded_to = host
    officer.save()


def end_secondment(officer) -> None:
    officer.seconded_to = None
    officer.save()


def sees_on_register(client, monitoring_officer, declaration) -> bool:
    """Whether the entry is on the register page and in its CSV export."""
    client.force_login(monitoring_officer.user)
    page = client.get(reverse("register")).content.decode()
    export = b"".join(download(client, "register-export-csv").streaming_content).decode()
    assert (declaration.reference in page) is (declaration.reference in export)
    return declaration.reference in page


# --- what is recorded --------------------------------------------------------------------


def test_submission_records_who_the_officer_was_and_what_the_code_said(
    officer, director, monitoring_officer, ecc
):
    second(officer, ecc)
    declaration = GiftFactory(declaration__officer=officer).declaration
    request = request_for(declaration)

    verdict = lodge(declaration, actor=officer.user)

    declaration.refresh_from_db()
    assert declaration.host_organisation == ecc
    assert declaration.officer_level == "staff"
    assert declaration.register_keeper == verdict.as_json()["register_keeper"] == "director"
    assert declaration.register_keeper_officer == director
    assert declaration.request_facts == request
    assert declaration.request_facts["officer"]["seconded_to"] == "ecc"
    assert declaration.rules_fired == list(verdict.rules_fired)
    assert declaration.rules_fired  # the gift fires rules under both codes


def test_a_draft_records_nothing_until_it_is_submitted(officer, ecc):
    second(officer, ecc)
    draft = GiftFactory(declaration__officer=officer).declaration

    draft.refresh_from_db()
    assert (draft.host_organisation, draft.officer_level, draft.register_keeper) == (None, "", "")
    assert (draft.request_facts, draft.rules_fired) == (None, [])


def test_an_officer_not_seconded_records_no_host(officer, monitoring_officer):
    declaration = filed_gift(officer)

    assert declaration.host_organisation is None
    assert declaration.rules_fired == ["TH-G0", "TH-G2"]


# --- secondments after the fact -----------------------------------------------------------


def test_a_secondment_that_starts_later_does_not_show_the_host_earlier_entries(
    client, officer, monitoring_officer, ecc, ecc_monitoring_officer
):
    before = filed_gift(officer)
    second(officer, ecc)
    during = filed_gift(officer)

    assert not sees_on_register(client, ecc_monitoring_officer, before)
    assert sees_on_register(client, ecc_monitoring_officer, during)
    assert before not in Declaration.objects.in_register(ecc)
    assert sees_on_register(client, monitoring_officer, before)


def test_a_secondment_that_ends_does_not_take_back_what_was_filed_while_it_lasted(
    client, officer, monitoring_officer, ecc, ecc_monitoring_officer
):
    second(officer, ecc)
    during = filed_gift(officer)
    end_secondment(officer)
    after = filed_gift(officer)

    assert sees_on_register(client, ecc_monitoring_officer, during)
    assert not sees_on_register(client, ecc_monitoring_officer, after)
    assert during.host_organisation == ecc


def test_host_only_roles_come_from_the_facts_judged_at_submission(
    officer, line_manager, director, monitoring_officer, ecc, ecc_monitoring_officer
):
    second(officer, ecc)
    declaration = InterestFactory(
        declaration__officer=officer,
        org_does_business_with_employer=True,
    ).declaration
    lodge(declaration, actor=officer.user)
    declaration.refresh_from_db()
    while_seconded = routing.host_only_roles(declaration)

    end_secondment(officer)
    declaration.refresh_from_db()

    assert routing.host_only_roles(declaration) == while_seconded
    assert routing.host_of(declaration) == ecc


# --- promotion after the fact -------------------------------------------------------------


def test_a_promotion_after_filing_leaves_the_level_it_was_filed_at(officer, monitoring_officer):
    declaration = filed_gift(officer)

    officer.level = "director"
    officer.save()

    declaration.refresh_from_db()
    assert declaration.officer_level == "staff"
    assert declaration.request_facts["officer"]["level"] == "staff"


# --- explanations by the rules recorded ---------------------------------------------------


def panel_of(declaration: Declaration, officer) -> dict:
    return filing.verdict_panel(
        declaration.verdict,
        officer=officer,
        declaration_type=declaration.type,
        filed=True,
        rules_fired=declaration.rules_fired,
    )


def clauses(panel: dict) -> list[tuple[str, list[str]]]:
    return [
        (item["reason"], [c["reference"] for c in item["citations"]])
        for item in panel["explanations"]
    ]


def test_each_reason_shows_the_clauses_of_the_rule_that_gave_it(officer, monitoring_officer):
    declaration = filed_gift(officer)

    panel = panel_of(declaration, officer)

    reasons = declaration.verdict["reasons"]
    assert clauses(panel) == [(reasons[0], ["thurrock:14.3"]), (reasons[1], ["thurrock:14.5"])]
    assert panel["other_citations"] == []


def test_a_reason_whose_rule_is_reworded_later_keeps_its_clauses(
    officer, monitoring_officer, monkeypatch
):
    declaration = filed_gift(officer)
    thurrock = module_for("thurrock")
    reworded = tuple(
        rule.__class__(
            **{
                **{name: getattr(rule, name) for name in rule.__slots__},
                "reason": "New words for the same rule.",
            }
        )
        if rule.id == "TH-G2"
        else rule
        for rule in thurrock.RULES
    )
    monkeypatch.setattr(thurrock, "RULES", reworded)

    panel = panel_of(declaration, officer)

    recorded = declaration.verdict["reasons"]
    assert clauses(panel) == [(recorded[0], ["thurrock:14.3"]), (recorded[1], ["thurrock:14.5"])]


def test_a_rule_that_no_longer_exists_still_leaves_its_clauses_shown(
    officer, monitoring_officer, monkeypatch
):
    declaration = filed_gift(officer)
    thurrock = module_for("thurrock")
    monkeypatch.setattr(
        thurrock, "RULES", tuple(rule for rule in thurrock.RULES if rule.id != "TH-G2")
    )

    panel = panel_of(declaration, officer)

    recorded = declaration.verdict["reasons"]
    assert clauses(panel) == [(recorded[0], ["thurrock:14.3"]), (recorded[1], [])]
    assert [c["reference"] for c in panel["other_citations"]] == ["thurrock:14.5"]


def test_an_entry_filed_before_rules_were_recorded_lists_its_clauses_unmatched(
    officer, monitoring_officer
):
    declaration = filed_gift(officer)
    Declaration.objects.filter(pk=declaration.pk).update(rules_fired=[])
    declaration.refresh_from_db()

    panel = panel_of(declaration, officer)

    assert [citations for _, citations in clauses(panel)] == [[], []]
    assert [c["reference"] for c in panel["other_citations"]] == [
        "thurrock:14.3",
        "thurrock:14.5",
    ]


def test_the_filed_page_pairs_reasons_and_clauses_by_the_rules_recorded(
    client, officer, monitoring_officer, monkeypatch
):
    declaration = filed_gift(officer)
    thurrock = module_for("thurrock")
    monkeypatch.setattr(
        thurrock, "RULES", tuple(rule for rule in thurrock.RULES if rule.id != "TH-G0")
    )
    client.force_login(officer.user)

    page = client.get(reverse("declaration-detail", args=[declaration.pk])).content.decode()

    assert declaration.verdict["reasons"][1].replace("'", "&#x27;") in page
    assert "#clause-14.5" in page
    assert "#clause-14.3" in page  # no longer claimed by a rule, still listed


def test_the_filed_panel_names_the_keeper_recorded_not_today_s(
    officer, line_manager, director, monitoring_officer
):
    declaration = filed_gift(officer)
    new_director = OfficerFactory(organisation=officer.organisation, level="director")
    line_manager.line_manager = new_director
    line_manager.save()

    panel = filing.filed_panel(declaration)

    assert declaration.register_keeper_officer == director
    assert panel["register_keeper_people"] == [director.full_name]


def test_an_entry_filed_before_keepers_were_recorded_names_nobody(officer, monitoring_officer):
    declaration = filed_gift(officer)
    Declaration.objects.filter(pk=declaration.pk).update(register_keeper_officer=None)
    declaration.refresh_from_db()

    assert filing.filed_panel(declaration)["register_keeper_people"] == []


def test_an_interest_stays_under_review_by_the_level_it_was_declared_at(officer):
    interest = InterestFactory(
        declaration__officer=officer, declaration__status="recorded"
    ).declaration
    officer.level = "assistant_director"
    officer.save()

    assert interest in reviews.standing_interests()


# --- the token limit: recorded with the verdict, never re-read for what was filed ---------


@pytest.fixture
def opcc(db):
    return OrganisationFactory(code="opcc")


def token_gift(officer) -> Declaration:
    """A supplier's £30 token item: a token under OPCC 15.4 only if the limit is over £30."""
    return GiftFactory(
        declaration__officer=officer, value_gbp=Decimal("30.00"), token_item=True
    ).declaration


def set_limit(organisation, amount: str, monitoring_officer) -> None:
    register_settings.change_token_limit(
        organisation, Decimal(amount), monitoring_officer.user, "For the test"
    )


def test_the_token_limit_used_is_recorded_and_a_later_change_does_not_change_it(
    officer, monitoring_officer, opcc
):
    second(officer, opcc)
    set_limit(opcc, "50.00", monitoring_officer)
    declaration = token_gift(officer)
    lodge(declaration, actor=officer.user)
    declaration.refresh_from_db()
    filed = dict(declaration.verdict)

    set_limit(opcc, "20.00", monitoring_officer)

    declaration.refresh_from_db()
    assert declaration.verdict == filed
    assert filed["token_limits"]["opcc"] == "50.00"
    assert settings_for(declaration)[Employer.OPCC].token_limit_gbp == Decimal("50.00")
    assert facts_for(declaration).token_limit(Employer.OPCC) == Decimal("50.00")


def test_a_draft_is_judged_with_the_figure_set_now(officer, monitoring_officer, opcc):
    second(officer, opcc)
    draft = token_gift(officer)

    set_limit(opcc, "50.00", monitoring_officer)

    assert settings_for(draft)[Employer.OPCC].token_limit_gbp == Decimal("50.00")
    assert policies.evaluate(facts_for(draft)).token_limits[-1] == (
        Employer.OPCC,
        Decimal("50.00"),
    )


def test_routing_reads_the_host_codes_route_with_the_recorded_figure(
    officer, monitoring_officer, opcc
):
    """Olive, seconded to the OPCC, filed the £30 gift under a £50.00 limit: OPCC asked
    nobody. Lowering the limit later does not give the OPCC a role on her route; a draft
    of the same gift, judged with the figure set now, does."""
    second(officer, opcc)
    set_limit(opcc, "50.00", monitoring_officer)
    filed = token_gift(officer)
    lodge(filed, actor=officer.user)
    filed.refresh_from_db()

    set_limit(opcc, "25.00", monitoring_officer)

    assert routing.host_only_roles(filed) == frozenset()
    assert routing.host_only_roles(token_gift(officer)) == frozenset({"line_manager"})


def test_a_draft_never_reads_a_figure_from_a_verdict_it_carries(officer, opcc):
    second(officer, opcc)
    draft = token_gift(officer)
    draft.verdict = {"token_limits": {"opcc": "50.00"}}

    assert settings_for(draft)[Employer.OPCC].token_limit_gbp == Decimal("25.00")
