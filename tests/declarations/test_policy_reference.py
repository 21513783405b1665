"""The policy reference pages: every rule of each code, generated from its module."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

import policies
from declarations.policy_reference import (
    citation_url,
    clause_anchor,
    code_page,
    deadline_anchor,
    role_words,
    rule_anchors,
)
from policies import ecc
from policies.clauses import clause_text
from policies.core import DISCLOSURE, ON_THE_EVENT_DATE, ByLevel, money_words, within_days
from policies.vocabulary import Employer, Level, Role
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer.user)
    return client


@pytest.mark.parametrize(
    "url", ["/policies/", "/policies/ecc/", "/policies/thurrock/", "/policies/nowhere/"]
)
def test_it_sends_a_stranger_who_has_not_signed_in_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_the_index_lists_the_five_codes_with_links(signed_in):
    response = signed_in.get(reverse("policy-index"))

    assert response.status_code == 200
    assert reverse("policy-index") == "/policies/"
    html = response.content.decode()
    for employer, module in policies.MODULES.items():
        assert f'href="/policies/{employer.value}/"' in html
        assert escape(module.NAME) in html
    assert 'class="govuk-table"' in html


def test_an_officer_sees_every_ecc_rule_with_its_clause_text(signed_in):
    response = signed_in.get(reverse("policy-detail", args=["ecc"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert len(ecc.RULES) > 0
    for rule in ecc.RULES:
        assert f'id="{rule.id}"' in html
        assert escape(rule.condition) in html
        assert escape(rule.reason.format(token_limit="£25.00")) in html
        for clause in rule.citations:
            assert f'id="{clause_anchor(clause)}"' in html
            for paragraph in clause_text("ecc", clause).split("\n"):
                assert escape(paragraph) in html


def test_a_rule_shows_its_outcome_route_keeper_and_types_in_words(signed_in):
    html = signed_in.get("/policies/ecc/").content.decode()
    interest = html[html.index('id="EC-I1"') :]
    interest = interest[: interest.index('class="govuk-summary-card"')]

    assert "Must be declared</strong> and recorded" in interest
    assert "Line manager" in interest
    assert "Interest" in interest
    assert "ecc:personal-conduct" in interest


@pytest.mark.parametrize("employer", list(Employer))
def test_every_codes_page_shows_every_rule_of_its_module(employer, signed_in):
    module = policies.module_for(employer)

    response = signed_in.get(reverse("policy-detail", args=[employer.value]))

    assert response.status_code == 200
    html = response.content.decode()
    for rule in module.RULES:
        assert html.count(f'id="{rule.id}"') == 1  # a split row's later parts get -2, -3
        for clause in rule.citations:
            assert html.count(f'id="{clause_anchor(clause)}"') == 1  # each clause once
    assert "copy of the code" not in html


def test_an_unknown_employer_is_404(signed_in):
    assert signed_in.get("/policies/essex-police/").status_code == 404


@pytest.mark.parametrize(
    ("citation", "url"),
    [
        ("thurrock:14.3", "/policies/thurrock/#clause-14.3"),
        ("county-council:note-1", "/policies/county-council/#clause-note-1"),
        ("essex-probation:board-8", "/policies/essex-probation/#clause-board-8"),
        ("ecc:outside-work", "/policies/ecc/#clause-outside-work"),
        ("opcc:15.10", "/policies/opcc/#clause-15.10"),
    ],
)
def test_citation_url_links_a_citation_to_its_clause(citation, url):
    assert citation_url(citation) == url


@pytest.mark.parametrize("citation", ["thurrock", "thurrock:", "essex-police:1.1", ""])
def test_citation_url_refuses_what_is_not_a_citation(citation):
    with pytest.raises(ValueError):
        citation_url(citation)


def test_every_verdict_citation_links_to_an_anchor_on_its_page(signed_in):
    """The links later pages make from a verdict land on a clause that is there."""
    verdict = policies.evaluate(
        policies.parse_request(
            {"employer": "ecc", "declaration": {"type": "outside_work", "work_kind": "employment"}}
        )
    )
    for citation in verdict.citations:
        path, anchor = citation_url(citation).split("#")
        assert f'id="{anchor}"' in signed_in.get(path).content.decode()


def test_a_role_that_depends_on_level_is_described_in_words():
    keeper = ByLevel(
        at_or_above=Level.ASSISTANT_DIRECTOR,
        senior=Role.MONITORING_OFFICER,
        junior=Role.DIRECTOR,
    )

    assert role_words(keeper) == (
        "Monitoring officer for officers at or above assistant director, otherwise the director"
    )
    assert role_words(Role.LINE_MANAGER) == "Line manager"


def test_the_page_is_built_from_the_module_itself(monkeypatch):
    rule = policies.rule(
        "EC-X1",
        [policies.core.GIFT],
        "A rule added to the module",
        lambda f: True,
        policies.core.Outcome.DECLARE,
        cite="outside-work",
        reason="Because the module says so.",
        written=True,
        deadline=within_days(28),
    )
    monkeypatch.setattr(ecc, "RULES", (*ecc.RULES, rule))

    page = code_page("ecc")

    entry = page.rules[-1]
    assert entry.id == "EC-X1"
    assert entry.written is True
    assert entry.deadline == "Within 28 days of the date"
    assert entry.types == ("Gift received",)
    assert entry.citations[0].citation == "ecc:outside-work"
    assert "EC-X1" in next(c for c in page.clauses if c.clause == "outside-work").cited_by


@pytest.mark.parametrize("employer", list(Employer))
def test_no_html_id_appears_twice_on_a_codes_page(employer, signed_in):
    html = signed_in.get(reverse("policy-detail", args=[employer.value])).content.decode()

    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_a_matrix_row_split_into_several_rules_gets_one_anchor_each():
    def make(rule_id: str) -> policies.Rule:
        return policies.rule(
            rule_id, [policies.core.GIFT], "c", lambda f: True, None, cite="1.1", reason="r"
        )

    rules = (make("EP-G1"), make("EP-G1"), make("EP-G2"), make("EP-G1"))

    assert rule_anchors(rules) == ["EP-G1", "EP-G1-2", "EP-G2", "EP-G1-3"]


# --- duties beyond the rules ----------------------------------------------------------------


@pytest.mark.parametrize("employer", list(Employer))
def test_every_duty_citation_resolves_to_a_quoted_clause_on_its_page(employer, signed_in):
    html = signed_in.get(reverse("policy-detail", args=[employer.value])).content.decode()

    for clause in policies.duties_for(employer).citations():
        path, anchor = citation_url(f"{employer.value}:{clause}").split("#")
        assert path == reverse("policy-detail", args=[employer.value])
        assert html.count(f'id="{anchor}"') == 1
        for paragraph in clause_text(employer.value, clause).split("\n"):
            assert escape(paragraph) in html


@pytest.mark.parametrize("employer", list(Employer))
def test_every_duty_has_its_own_card_on_its_codes_page(employer, signed_in):
    duties = policies.duties_for(employer)
    html = signed_in.get(reverse("policy-detail", args=[employer.value])).content.decode()

    for register in duties.registers:
        assert f'id="register-{register.slug}"' in html
        assert escape(register.title) in html
    for hint in duties.form_hints:
        assert f'id="hint-{hint.field}"' in html
        assert escape(hint.text) in html
    for deadline in duties.deadlines:
        assert f'id="{deadline_anchor(deadline)}"' in html
    assert ('id="annual-return"' in html) == (duties.annual_return is not None)
    assert ('id="interest-reviews"' in html) == (duties.interest_reviews is not None)


def test_thurrocks_page_shows_its_registers_return_reviews_and_deadline(signed_in):
    html = signed_in.get("/policies/thurrock/").content.decode()
    annual = html[html.index('id="annual-return"') :]
    annual = annual[: annual.index('class="govuk-summary-card"')]

    assert "Officers at or above assistant director, every year" in annual
    assert 'href="#clause-18.1"' in annual
    assert "Their nearest assistant director up the line" in html
    assert "Interest: within 28 days" in html
    assert "Each person recorded as the director when the entry was declared" in html
    assert 'href="#register-thurrock-director"' in html  # cited-by link on clause 14.3


def test_a_code_with_no_annual_return_says_so(signed_in):
    html = signed_in.get("/policies/ecc/").content.decode()

    assert "The code asks for no annual return." in html
    assert "The code asks for no review." in html


def test_a_codes_page_lists_what_may_have_happened_to_a_gift_it_refuses(signed_in):
    html = signed_in.get(reverse("policy-detail", args=["thurrock"])).content.decode()

    assert 'id="disposition-gift"' in html
    assert "Gift: must be declined" in html
    assert escape("Given to the Mayor's Charity Fund") in html
    assert 'id="disposition-outside_work"' in html
    assert "I have not gone ahead, or I have stopped" in html


@pytest.mark.django_db
def test_a_code_page_names_outcomes_as_every_other_page_does(client, officer):
    client.force_login(officer.user)

    html = client.get(reverse("policy-detail", args=["thurrock"])).content.decode()

    assert "Must be declined or must not go ahead</strong>" in html
    assert ">Prohibited<" not in html and ">Approval required<" not in html
    assert ">None<" not in html.replace(" ", "")


# --- 2026-11: new rows, deadlines in words, the token limit, disclosures ------------------


def card(html: str, anchor: str) -> str:
    """The summary card with the HTML id `anchor`, up to the next card."""
    rest = html[html.index(f'id="{anchor}"') :]
    end = rest.find('class="govuk-summary-card"')
    return rest if end == -1 else rest[:end]


@pytest.mark.parametrize("employer", list(Employer))
def test_every_rule_quotes_each_clause_it_cites_in_its_own_card(employer, signed_in):
    module = policies.module_for(employer)
    html = signed_in.get(reverse("policy-detail", args=[employer.value])).content.decode()

    for rule, anchor in zip(module.RULES, rule_anchors(module.RULES), strict=True):
        rule_card = card(html, anchor)
        for clause in rule.citations:
            assert f"{employer.value}:{clause}" in rule_card
            for paragraph in clause_text(employer.value, clause).split("\n"):
                assert escape(paragraph) in rule_card
    assert "{token_limit}" not in html


def a_rule(**options) -> policies.Rule:
    return policies.rule(
        "EC-X1",
        [policies.core.GIFT],
        "A gift worth less than the token limit",
        lambda f: True,
        policies.core.Outcome.NO_ACTION,
        cite="outside-work",
        reason="Gifts worth less than {token_limit} may be kept."
        if options.get("uses_token_limit")
        else "Because the module says so.",
        **options,
    )


def test_a_deadline_from_the_event_date_says_when_in_words(monkeypatch):
    monkeypatch.setattr(ecc, "RULES", (*ecc.RULES, a_rule(deadline=ON_THE_EVENT_DATE)))

    entry = code_page("ecc").rules[-1]

    assert entry.deadline == "By the day it is accepted, given or takes place (its event date)"


def test_a_rule_with_no_deadline_says_so(signed_in, monkeypatch):
    monkeypatch.setattr(ecc, "RULES", (*ecc.RULES, a_rule()))

    html = signed_in.get("/policies/ecc/").content.decode()

    assert "No deadline" in card(html, "EC-X1")


def test_without_an_organisation_a_token_rule_states_the_default_figure(monkeypatch):
    monkeypatch.setattr(ecc, "RULES", (*ecc.RULES, a_rule(uses_token_limit=True)))

    page = code_page("ecc")

    entry = page.rules[-1]
    assert entry.reason == "Gifts worth less than £25.00 may be kept."
    assert entry.token_limit.startswith("£25.00: the default figure")
    assert page.token_limit.amount == Decimal("25.00")


def test_a_token_rule_states_the_organisations_current_figure(signed_in, monkeypatch):
    OrganisationFactory(code="ecc", token_limit_gbp=Decimal("40.00"))
    monkeypatch.setattr(ecc, "RULES", (*ecc.RULES, a_rule(uses_token_limit=True)))

    html = signed_in.get("/policies/ecc/").content.decode()

    rule_card = card(html, "EC-X1")
    assert "Gifts worth less than £40.00 may be kept." in rule_card
    assert "£40.00: the register&#x27;s current figure for Essex County Council" in rule_card
    assert "£25.00" not in rule_card


@pytest.mark.parametrize("employer", list(Employer))
def test_each_rule_that_applies_the_token_limit_says_the_figure_it_uses(employer, signed_in):
    organisation = OrganisationFactory(code=employer.value)  # Thurrock's exists already
    organisation.token_limit_gbp = Decimal("31.50")
    organisation.save()
    module = policies.module_for(employer)

    html = signed_in.get(reverse("policy-detail", args=[employer.value])).content.decode()

    for rule, anchor in zip(module.RULES, rule_anchors(module.RULES), strict=True):
        rule_card = card(html, anchor)
        assert ("Token limit" in rule_card) == rule.uses_token_limit
        if rule.uses_token_limit:
            assert "£31.50: the register" in rule_card
            assert escape(rule.reason.format(token_limit=money_words(Decimal("31.50")))) in (
                rule_card
            )


def test_a_code_whose_rules_never_apply_the_token_limit_does_not_state_one():
    page = code_page("county-council", OrganisationFactory(code="county-council"))

    assert not any(rule.token_limit for rule in page.rules)
    assert page.token_limit is None


def test_the_disclosure_type_is_named_in_words(monkeypatch):
    rule = policies.rule(
        "EC-X2",
        [DISCLOSURE],
        "A criminal charge",
        lambda f: True,
        policies.core.Outcome.DECLARE,
        cite="outside-work",
        reason="Tell your manager.",
    )
    monkeypatch.setattr(ecc, "RULES", (*ecc.RULES, rule))

    assert code_page("ecc").rules[-1].types == ("Disclosure",)
