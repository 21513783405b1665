"""The decision page (/decisions/<id>/) and the delegation page."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from declarations.approvals import queue, routing
from declarations.approvals.decisions import decide
from declarations.approvals.delegation import delegate
from declarations.choices import Status, StepState
from declarations.models import DeclarationEvent, Delegation
from tests.factories import (
    UserFactory,
    make_county_cast,
    make_declaration,
    make_verdict,
    open_for,
    person,
)


def url(step) -> str:
    return reverse("decision-detail", args=[step.pk])


@pytest.fixture
def routed(officer):
    """Olive's £20 gift from Acme, for Lee then Dana to approve."""
    declaration, steps = open_for(officer, route=["line_manager", "director"], value="20.00")
    return declaration, steps


# --- who may see it -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_url_names():
    assert reverse("decision-detail", args=[7]) == "/decisions/7/"
    assert reverse("decision-delegate") == "/decisions/delegate/"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, routed):
    response = client.get(url(routed[1][0]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_step_that_does_not_exist_is_404(client, line_manager):
    client.force_login(line_manager.user)

    assert client.get("/decisions/999999/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["director", "stranger", "monitoring_officer"])
def test_someone_elses_step_is_403(client, routed, request, who):
    client.force_login(request.getfixturevalue(who).user)
    step = routed[1][0]

    get = client.get(url(step))
    post = client.post(url(step), {"decision": "approve", "reason": ""})

    assert (get.status_code, post.status_code) == (403, 403)
    step.refresh_from_db()
    assert step.state == StepState.PENDING


@pytest.mark.django_db
def test_the_officer_cannot_open_a_step_on_their_own_declaration(client, officer, routed):
    client.force_login(officer.user)

    response = client.post(url(routed[1][0]), {"decision": "approve"})

    assert response.status_code == 403
    assert b"your own declaration" in response.content


@pytest.mark.django_db
def test_a_user_without_a_staff_record_is_refused(client, routed):
    client.force_login(UserFactory(username="admin.only"))

    assert client.get(url(routed[1][0])).status_code == 403


@pytest.mark.django_db
def test_a_delegate_may_see_and_decide_their_delegators_step(
    client, routed, line_manager, director
):
    Delegation.objects.create(
        delegator=line_manager,
        delegate=director,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    client.force_login(director.user)
    step = routed[1][0]

    page = client.get(url(step))
    assert page.status_code == 200
    assert b"You are deciding as delegate for Lee Manager" in page.content

    response = client.post(url(step), {"decision": "approve", "reason": "Covering"})

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.decided_by, step.delegated_from) == (director, line_manager)


# --- what it shows ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_facts_verdict_route_history_and_the_form(client, routed, line_manager):
    client.force_login(line_manager.user)
    declaration, (step, _) = routed

    response = client.get(url(step))

    content = response.content.decode()
    assert response.status_code == 200
    assert declaration.reference in content
    assert "Olive Officer" in content
    assert "£20.00" in content  # the gift's value among its facts
    assert "Because the code says so." in content
    assert 'href="/policies/thurrock/#clause-14.3"' in content
    assert "Lee Manager" in content and "Dana Director" in content  # the route
    assert "Not reached yet" in content
    assert "Sent to Lee Manager (line manager) for approval, then to Dana Director" in content
    assert 'name="decision" type="radio" value="approve"' in content
    assert 'value="reject"' in content
    assert 'name="csrfmiddlewaretoken"' in content


@pytest.mark.django_db
def test_repeats_with_the_same_counterparty_are_visible_at_a_glance(
    client, officer, line_manager, director
):
    make_declaration(
        officer, counterparty="ACME supplies ltd", value="30.00", status=Status.RECORDED
    )
    make_declaration(
        officer, counterparty="Acme Supplies Ltd ", value="15.50", status=Status.APPROVED
    )
    make_declaration(officer, counterparty="Acme Supplies Ltd", status=Status.DRAFT)  # not yet
    make_declaration(person(officer.organisation, "o.ther", "staff", line_manager))  # not Olive's
    make_declaration(officer, counterparty="Other Co", value="99.00", status=Status.RECORDED)
    _, (step,) = open_for(officer, counterparty="Acme Supplies Ltd", value="20.00")
    client.force_login(line_manager.user)

    response = client.get(url(step))

    content = response.content.decode()
    assert "Repeat</strong>" in content
    assert (
        "has declared gifts or hospitality from Acme Supplies Ltd 2 other times, "
        "worth £45.50 in all" in content
    )
    assert "Other gifts and hospitality from Acme Supplies Ltd</h2>" in content


@pytest.mark.django_db
def test_repeats_never_show_the_officers_relationships_or_withdrawn_entries(
    client, officer, line_manager
):
    relationship = make_declaration(
        officer, type="relationship", counterparty="Acme Supplies Ltd", status=Status.RECORDED
    )
    withdrawn = make_declaration(
        officer, counterparty="Acme Supplies Ltd", value="70.00", status=Status.WITHDRAWN
    )
    _, (step,) = open_for(officer, counterparty="Acme Supplies Ltd")
    client.force_login(line_manager.user)

    content = client.get(url(step)).content.decode()

    assert 'id="repeats-banner"' not in content
    assert relationship.reference not in content
    assert withdrawn.reference not in content


@pytest.mark.django_db
def test_a_long_run_of_repeats_lists_the_latest_and_counts_them_all(client, officer, line_manager):
    for _ in range(queue.REPEATS_SHOWN + 1):
        make_declaration(officer, value="1.00", status=Status.RECORDED)
    _, (step,) = open_for(officer)
    client.force_login(line_manager.user)

    content = client.get(url(step)).content.decode()

    assert f"{queue.REPEATS_SHOWN + 1} other times, worth £21.00 in all" in content
    assert f"The latest {queue.REPEATS_SHOWN} of {queue.REPEATS_SHOWN + 1}." in content


@pytest.mark.django_db
def test_no_repeat_banner_for_a_first_declaration(client, officer, line_manager):
    _, (step,) = open_for(officer, counterparty="Unique Ltd")
    client.force_login(line_manager.user)

    assert b'id="repeats-banner"' not in client.get(url(step)).content


@pytest.mark.django_db
def test_a_step_not_yet_reached_shows_no_form(client, routed, director):
    client.force_login(director.user)

    response = client.get(url(routed[1][1]))

    assert response.status_code == 200
    assert b"an earlier step has still to be decided" in response.content
    assert b'name="decision"' not in response.content


# --- deciding -------------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_redirects_to_the_queue_with_a_message(client, routed, line_manager):
    client.force_login(line_manager.user)
    declaration, (step, second) = routed

    response = client.post(url(step), {"decision": "approve", "reason": "Fine"}, follow=True)

    assert response.redirect_chain == [(reverse("decision-queue"), 302)]
    assert f"You approved {declaration.reference} for Olive Officer.".encode() in response.content
    step.refresh_from_db()
    second.refresh_from_db()
    assert (step.state, step.reason) == (StepState.APPROVED, "Fine")
    assert second.opened_at is not None


@pytest.mark.django_db
def test_rejecting_without_a_reason_shows_the_error_summary_and_records_nothing(
    client, routed, line_manager
):
    client.force_login(line_manager.user)
    step = routed[1][0]
    before = DeclarationEvent.objects.count()

    response = client.post(url(step), {"decision": "reject", "reason": " "})

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert '<a href="#id_reason">Enter the reason for rejecting this declaration</a>' in content
    assert "govuk-textarea--error" in content
    assert "<title>Error:" in content
    assert DeclarationEvent.objects.count() == before
    step.refresh_from_db()
    assert step.state == StepState.PENDING


@pytest.mark.django_db
def test_choosing_nothing_is_an_error(client, routed, line_manager):
    client.force_login(line_manager.user)

    response = client.post(url(routed[1][0]), {"reason": "hmm"})

    assert b"Select whether you approve or reject this declaration" in response.content


@pytest.mark.django_db
def test_rejecting_with_a_reason_rejects(client, routed, line_manager):
    client.force_login(line_manager.user)
    declaration, (step, _) = routed

    response = client.post(url(step), {"decision": "reject", "reason": "Too generous"})

    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == Status.REJECTED
    assert declaration.events.get(action="reject").note == "Too generous"


@pytest.mark.django_db
def test_acknowledging_with_a_note(client, officer, line_manager):
    declaration, (step,) = open_for(officer, outcome="declare")
    client.force_login(line_manager.user)
    page = client.get(url(step)).content.decode()
    assert 'type="hidden" name="decision" value="acknowledge"' in page
    assert "Note (optional)" in page

    response = client.post(url(step), {"decision": "acknowledge", "reason": "Noted, thanks"})

    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == Status.RECORDED
    step.refresh_from_db()
    assert step.reason == "Noted, thanks"


@pytest.mark.django_db
def test_approve_is_not_offered_for_an_acknowledgement(client, officer, line_manager):
    _, (step,) = open_for(officer, outcome="declare")
    client.force_login(line_manager.user)

    response = client.post(url(step), {"decision": "approve", "reason": ""})

    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    step.refresh_from_db()
    assert step.state == StepState.PENDING


@pytest.mark.django_db
def test_deciding_an_already_decided_step_says_so_and_records_nothing(client, routed, line_manager):
    step = routed[1][0]
    decide(step.pk, by=line_manager, decision="approve", reason="")
    before = DeclarationEvent.objects.count()
    client.force_login(line_manager.user)

    response = client.post(url(step), {"decision": "reject", "reason": "Second thoughts"})

    assert response.status_code == 409
    content = response.content.decode()
    assert "Your decision was not recorded" in content
    assert "This step was already decided by Lee Manager at" in content
    assert DeclarationEvent.objects.count() == before
    step.refresh_from_db()
    assert step.state == StepState.APPROVED


@pytest.mark.django_db
def test_a_decided_step_shows_the_decision_not_the_form(client, routed, line_manager):
    step = routed[1][0]
    decide(step.pk, by=line_manager, decision="approve", reason="All good")
    client.force_login(line_manager.user)

    response = client.get(url(step))

    assert b"This step was approved by Lee Manager" in response.content
    assert b'name="decision"' not in response.content


@pytest.mark.django_db
def test_a_get_never_decides(client, routed, line_manager):
    client.force_login(line_manager.user)
    step = routed[1][0]

    client.get(url(step), {"decision": "approve"})

    step.refresh_from_db()
    assert step.state == StepState.PENDING


@pytest.mark.django_db
def test_other_methods_are_not_allowed(client, routed, line_manager):
    client.force_login(line_manager.user)

    assert client.put(url(routed[1][0])).status_code == 405
    assert client.delete(url(routed[1][0])).status_code == 405


# --- the officer's view of the route ------------------------------------------------------


@pytest.mark.django_db
def test_route_status_partial_shows_each_decision_and_reason(routed, line_manager):
    declaration, (step, _) = routed
    decide(step.pk, by=line_manager, decision="approve", reason="Within the limit")

    html = render_to_string(
        "approvals/_route_status.html", {"steps": routing.route_for_display(declaration)}
    )

    assert "1. Line manager" in html
    assert "Lee Manager" in html
    assert "Approved" in html
    assert "Within the limit" in html
    assert "2. Director" in html and "Waiting" in html


@pytest.mark.django_db
def test_route_status_partial_renders_nothing_without_steps():
    assert render_to_string("approvals/_route_status.html", {"steps": []}).strip() == ""


# --- what happened to something that had to be declined -------------------------------------


@pytest.mark.django_db
def test_the_page_says_what_happened_to_a_declined_gift(client, officer, line_manager):
    _, (step,) = open_for(
        officer,
        outcome="prohibited",
        status=Status.AWAITING_ACKNOWLEDGEMENT,
        disposition="given_to_named_charity",
        disposition_on=datetime.date(2026, 12, 1),
        disposition_note="Handed in at the Civic Offices",
        disposition_recorded_at=timezone.now(),
        disposition_due_on=datetime.date(2026, 12, 12),
    )
    routing.open_step(step)
    client.force_login(line_manager.user)

    content = client.get(url(step)).content.decode()

    assert '<h2 class="govuk-heading-m" id="what-happened">What happened to it</h2>' in content
    # Thurrock's own name for the charity it names (14.5), as the register says it.
    assert (
        "Given to the Mayor&#x27;s Charity Fund on 1 December 2026: Handed in at the Civic Offices"
        in content
    )
    assert "has not yet said" not in content


@pytest.mark.django_db
def test_the_page_says_when_the_officer_has_not_yet_said_what_happened(
    client, officer, line_manager
):
    _, (step,) = open_for(
        officer, outcome="prohibited", disposition_due_on=datetime.date(2026, 12, 12)
    )
    client.force_login(line_manager.user)

    content = client.get(url(step)).content.decode()

    assert "The officer has not yet said what happened to it (due 12 December 2026)." in content
    assert "This is not waiting for you yet: the officer has not yet said what happened" in content


@pytest.mark.django_db
def test_what_happened_is_not_asked_of_an_approval(client, routed, line_manager):
    client.force_login(line_manager.user)

    content = client.get(url(routed[1][0])).content.decode()

    assert "What happened to it" not in content


@pytest.mark.django_db
def test_its_tables_scroll_in_their_own_boxes(client, routed, line_manager):
    client.force_login(line_manager.user)

    content = client.get(url(routed[1][0])).content.decode()

    assert (
        '<div class="register-table-scroll" role="region" '
        'aria-labelledby="route-status-caption" tabindex="0">' in content
    )
    # The history's own box (filing/_history.html), once: not one box inside another.
    assert content.count('aria-labelledby="history-heading"') == 1
    assert 'aria-label="History"' not in content


# --- the delegation page ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_delegation_page_refuses_someone_no_route_could_ask(client, officer, director):
    client.force_login(officer.user)

    get = client.get(reverse("decision-delegate"))
    post = client.post(
        reverse("decision-delegate"),
        {"delegate": director.pk, "starts_on": "2026-12-01", "ends_on": "2026-12-02"},
    )

    assert (get.status_code, post.status_code) == (403, 403)
    assert not Delegation.objects.exists()


@pytest.mark.django_db
def test_the_delegation_page_offers_colleagues_only(
    client, officer, line_manager, director, stranger
):
    client.force_login(line_manager.user)

    response = client.get(reverse("decision-delegate"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Dana Director" in content
    assert "Sam Stranger" not in content
    assert f'<option value="{line_manager.pk}"' not in content


@pytest.mark.django_db
def test_naming_a_delegate(client, officer, line_manager, director):
    _, (step,) = open_for(officer)
    today = timezone.localdate()
    client.force_login(line_manager.user)

    response = client.post(
        reverse("decision-delegate"),
        {
            "delegate": director.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=4)).isoformat(),
            "reason": "Annual leave",
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("decision-delegate"), 302)]
    assert b"Dana Director will decide for you from" in response.content
    delegation = Delegation.objects.get()
    assert (delegation.delegator, delegation.delegate, delegation.reason) == (
        line_manager,
        director,
        "Annual leave",
    )
    step.refresh_from_db()
    assert step.assignee == director


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"starts_on": "", "ends_on": ""},
            "id_starts_on-day",
            "Enter the date your delegate starts",
        ),
        ({"starts_on": "2026-02-31"}, "id_starts_on-day", "The start date must be a real date"),
        ({"ends_on": "YESTERDAY"}, "id_ends_on-day", "The end date must be a real date"),
        ({"delegate": ""}, "id_delegate", "Select who will decide for you"),
        ({"delegate": "STRANGER"}, "id_delegate", "Select a valid choice"),
        ({"delegate": "SELF"}, "id_delegate", "Select a valid choice"),
        ({"ends_on": "BEFORE"}, "id_ends_on-day", "same as or after the start date"),
    ],
)
def test_delegation_form_errors(
    client, officer, line_manager, director, stranger, data, field, message
):
    today = timezone.localdate()
    values = {
        "delegate": director.pk,
        "starts_on": (today + datetime.timedelta(days=2)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=4)).isoformat(),
    }
    values.update(data)
    replacements = {
        "STRANGER": stranger.pk,
        "SELF": line_manager.pk,
        "BEFORE": (today + datetime.timedelta(days=1)).isoformat(),
        "YESTERDAY": "yesterday",
    }
    values = {key: replacements.get(value, value) for key, value in values.items()}
    client.force_login(line_manager.user)

    response = client.post(reverse("decision-delegate"), values)

    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert f'<a href="#{field}">' in content
    assert message in content
    assert not Delegation.objects.exists()


@pytest.mark.django_db
def test_an_overlapping_delegation_is_refused_on_the_page(
    client, officer, line_manager, director, thurrock
):
    today = timezone.localdate()
    delegate(line_manager, director, today, today + datetime.timedelta(days=3))
    other = person(thurrock, "oz.other", "manager")
    client.force_login(line_manager.user)

    response = client.post(
        reverse("decision-delegate"),
        {"delegate": other.pk, "starts_on": today.isoformat(), "ends_on": today.isoformat()},
    )

    assert b"You already have Dana Director as your delegate" in response.content
    assert Delegation.objects.count() == 1
    assert b"Your delegates" in response.content


@pytest.mark.django_db
def test_a_repeat_without_money_has_no_total(client, officer, line_manager):
    make_declaration(
        officer, counterparty="Acme Supplies Ltd", value="0.00", status=Status.RECORDED
    )
    _, (step,) = open_for(officer, counterparty="acme supplies ltd")
    client.force_login(line_manager.user)

    response = client.get(url(step))

    assert response.status_code == 200
    assert b"acme supplies ltd 1 other time. <a" in response.content


@pytest.mark.django_db
def test_the_page_names_every_step_one_decision_settles(client, thurrock, director):
    secondee = person(thurrock, "sid.secondee", "staff", director)
    _, (first, _) = open_for(secondee, route=["line_manager", "director"])
    client.force_login(director.user)

    content = client.get(url(first)).content.decode()

    assert "Steps 1 and 2: line manager and director, due" in content
    assert "You are asked once: your decision counts for each." in content


@pytest.mark.django_db
def test_a_refusal_leads_someone_with_no_queue_to_their_own_declarations(client, officer, routed):
    client.force_login(officer.user)

    content = client.get(url(routed[1][0])).content.decode()

    assert f'href="{reverse("home")}">Go to your declarations' in content
    assert reverse("decision-queue") not in content.split('id="main-content"')[1]


@pytest.mark.django_db
def test_the_employer_reads_naturally_inside_a_sentence(client):
    cast = make_county_cast()
    verdict = make_verdict(codes_applied=["county-council"], citations=["county-council:4.3"])
    _, (step,) = open_for(cast.officer, verdict=verdict)
    client.force_login(cast.line_manager.user)

    content = client.get(url(step)).content.decode()

    assert "Checked against the code of the county council." in content
    assert "The county council." not in content
