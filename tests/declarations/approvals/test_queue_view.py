"""The "For your decision" queue (/decisions/): what it lists, filters and counts."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from declarations.approvals import routing
from declarations.approvals.decisions import decide
from declarations.approvals.delegation import delegate
from declarations.models import ApprovalStep, Officer
from declarations.workflow import transition
from tests.factories import UserFactory, open_for, person

URL = "/decisions/"


def age(step: ApprovalStep, days: int) -> None:
    """Pretend the step opened `days` ago (and is due as it would have been)."""
    opened = timezone.now() - datetime.timedelta(days=days)
    ApprovalStep.objects.filter(pk=step.pk).update(
        opened_at=opened, due_on=timezone.localdate(opened) + datetime.timedelta(days=10)
    )


def references(response) -> list[str]:
    return re.findall(r'href="/decisions/\d+/">([A-Z]+-\d{4}-\d{6})</a>', response.content.decode())


@pytest.mark.django_db
def test_the_url_name(client):
    assert reverse("decision-queue") == URL


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_a_user_without_a_staff_record_is_refused(client):
    client.force_login(UserFactory(username="no.record"))

    response = client.get(URL)

    assert response.status_code == 403


@pytest.mark.django_db
def test_lists_only_open_steps_assigned_to_me_oldest_first(
    client, officer, line_manager, director, thurrock
):
    newer, _ = open_for(officer)
    older, (older_step,) = open_for(officer, type="interest")
    age(older_step, 3)
    not_yet, _ = open_for(officer, route=["director", "line_manager"])  # mine is step 2
    _, (decided_step,) = open_for(officer)
    decide(decided_step.pk, by=line_manager, decision="approve", reason="")
    withdrawn, _ = open_for(officer)
    transition(withdrawn, "withdraw", actor=officer.user)
    someone_elses, _ = open_for(person(thurrock, "kit.other", "staff", director))
    client.force_login(line_manager.user)

    response = client.get(URL)

    assert response.status_code == 200
    assert references(response) == [older.reference, newer.reference]
    assert b"2</strong> declarations waiting for you" in response.content
    assert someone_elses.reference.encode() not in response.content
    assert not_yet.reference.encode() not in response.content


@pytest.mark.django_db
def test_overdue_steps_are_tagged_and_counted(client, officer, line_manager):
    _, (step,) = open_for(officer)
    age(step, 11)
    open_for(officer)
    client.force_login(line_manager.user)

    response = client.get(URL)

    content = response.content.decode()
    assert "1</strong> overdue" in content
    assert content.count('govuk-tag--red">Overdue') == 1
    assert "waiting 11 days" in content


@pytest.mark.django_db
def test_a_delegate_sees_the_steps_they_hold_and_for_whom(client, officer, line_manager, director):
    declaration, _ = open_for(officer)
    delegate(line_manager, director, timezone.localdate(), timezone.localdate())
    client.force_login(director.user)

    response = client.get(URL)

    assert references(response) == [declaration.reference]
    assert b"for Lee Manager" in response.content


@pytest.mark.django_db
def test_an_approver_never_sees_their_own_declaration(client, officer, line_manager, director):
    open_for(line_manager)  # Lee's own, for Dana
    client.force_login(line_manager.user)

    response = client.get(URL)

    assert references(response) == []
    assert b"Nothing is waiting for your decision" in response.content


@pytest.fixture
def mixed_queue(officer, line_manager, thurrock):
    """Four steps for Lee: a gift to approve, an interest to acknowledge (8 days old),
    a relationship overdue, and a gift from an ECC officer seconded into Lee's team."""
    gift, _ = open_for(officer, counterparty="Acme")
    interest, (interest_step,) = open_for(
        officer, outcome="declare", type="interest", counterparty="Widgets plc"
    )
    age(interest_step, 8)
    relationship, (relationship_step,) = open_for(
        officer, outcome="declare", type="relationship", counterparty="Bob"
    )
    age(relationship_step, 20)
    from tests.factories import OrganisationFactory

    ecc = OrganisationFactory(code="ecc")
    secondee = person(ecc, "eve.secondee", "staff", line_manager)
    ecc_gift, _ = open_for(secondee, counterparty="Zed Ltd")
    return {"gift": gift, "interest": interest, "relationship": relationship, "ecc": ecc_gift}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["relationship", "interest", "gift", "ecc"]),
        ("type=gift", ["gift", "ecc"]),
        ("type=interest", ["interest"]),
        ("outcome=declare", ["relationship", "interest"]),
        ("outcome=approval_required", ["gift", "ecc"]),
        ("organisation=ecc", ["ecc"]),
        ("organisation=thurrock&type=gift", ["gift"]),
        ("age=new", ["gift", "ecc"]),
        ("age=week", ["interest"]),
        ("age=old", ["relationship"]),
        ("age=overdue", ["relationship"]),
        ("type=nonsense&age=forever", ["relationship", "interest", "gift", "ecc"]),
    ],
)
def test_filters(client, line_manager, mixed_queue, query, expected):
    client.force_login(line_manager.user)

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert references(response) == [mixed_queue[name].reference for name in expected]


@pytest.mark.django_db
def test_counts_stay_whole_while_filtered(client, line_manager, mixed_queue):
    client.force_login(line_manager.user)

    response = client.get(f"{URL}?type=gift")

    content = response.content.decode()
    assert "4</strong> declarations waiting for you, <strong>1</strong> overdue" in content
    assert "Showing <strong>2</strong>" in content
    assert re.search(r'<option value="gift" selected>Gift \(2\)</option>', content)
    assert "Interest (1)</option>" in content


@pytest.mark.django_db
def test_monitoring_officers_see_the_unresolved_route_marker(client, thurrock, monitoring_officer):
    loner = person(thurrock, "lou.loner")
    declaration, _ = open_for(loner, route=["line_manager"])
    client.force_login(monitoring_officer.user)

    response = client.get(URL)

    content = response.content.decode()
    assert references(response) == [declaration.reference]
    assert "No line manager found" in content
    assert "1 of these came to you because nobody could be found" in content


# --- who the queue is for -------------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_someone_no_route_could_ask(client, officer, line_manager):
    open_for(officer)
    client.force_login(officer.user)

    response = client.get(URL)

    assert response.status_code == 403
    assert b"None is sent to you" in response.content


@pytest.mark.django_db
def test_it_opens_for_a_delegate_who_line_manages_nobody(client, officer, line_manager, thurrock):
    deputy = person(thurrock, "dee.deputy", "staff")
    declaration, _ = open_for(officer)
    delegate(line_manager, deputy, timezone.localdate(), timezone.localdate())
    client.force_login(deputy.user)

    response = client.get(URL)

    assert references(response) == [declaration.reference]


# --- one row for one person's steps ---------------------------------------------------------


@pytest.fixture
def secondee(thurrock, director):
    """Sid, whose line manager is Dana the director."""
    return person(thurrock, "sid.secondee", "staff", director)


@pytest.mark.django_db
def test_steps_held_by_one_person_are_one_row_gone_after_one_acknowledgement(
    client, secondee, director
):
    declaration, (first, _) = open_for(
        secondee, outcome="declare", route=["line_manager", "director"]
    )
    client.force_login(director.user)

    response = client.get(URL)

    assert references(response) == [declaration.reference]
    assert b"1</strong> declaration waiting for you" in response.content
    assert b"as line manager and director" in response.content

    client.post(f"/decisions/{first.pk}/", {"decision": "acknowledge", "reason": ""})

    assert references(client.get(URL)) == []


@pytest.mark.django_db
def test_a_row_says_in_which_role_you_are_asked(client, officer, line_manager):
    open_for(officer)
    client.force_login(line_manager.user)

    content = client.get(URL).content.decode()

    assert 'Approve or reject<br><span class="govuk-body-s">as line manager</span>' in content


# --- the verdict's words ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_queue_says_what_the_code_says_as_the_officer_was_told(client, officer, line_manager):
    _, (step,) = open_for(officer, outcome="prohibited")
    routing.open_step(step)
    client.force_login(line_manager.user)

    content = client.get(URL).content.decode()

    assert 'govuk-tag--red">Must be declined</strong>' in content


# --- the filters that can matter ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_line_manager_with_two_items_from_one_employer_gets_no_employer_filter(
    client, officer, line_manager
):
    open_for(officer)
    open_for(officer, outcome="declare", type="interest")
    client.force_login(line_manager.user)

    content = client.get(URL).content.decode()

    assert 'id="id_organisation"' not in content
    assert '<option value="gift">Gift (1)</option>' in content
    assert '<option value="interest">Interest (1)</option>' in content
    assert '<option value="outside_work"' not in content
    assert 'id="id_age"' in content


@pytest.mark.django_db
def test_a_queue_of_one_has_no_filters(client, officer, line_manager):
    open_for(officer)
    client.force_login(line_manager.user)

    content = client.get(URL).content.decode()

    assert "Apply filters" not in content


@pytest.mark.django_db
def test_the_employers_offered_are_those_in_the_queue(client, line_manager, mixed_queue):
    client.force_login(line_manager.user)

    content = client.get(URL).content.decode()

    assert '<option value="thurrock">Thurrock Council (3)</option>' in content
    assert '<option value="ecc">Essex County Council (1)</option>' in content
    assert '<option value="opcc"' not in content
    assert '<option value="prohibited"' not in content


@pytest.mark.django_db
def test_the_queue_table_scrolls_in_its_own_box(client, officer, line_manager):
    open_for(officer)
    client.force_login(line_manager.user)

    content = client.get(URL).content.decode()

    assert re.search(
        r'<div class="register-table-scroll" role="region" '
        r'aria-labelledby="decision-queue-caption" tabindex="0">\s*<table[^>]+id="decision-queue"',
        content,
    )


@pytest.mark.django_db
def test_a_declarant_who_has_left_is_named_as_a_former_officer(client, officer, line_manager):
    """In the queue and on the decision page its row opens (Officer.active false)."""
    _, steps = open_for(officer)
    Officer.objects.filter(pk=officer.pk).update(active=False)
    client.force_login(line_manager.user)

    queue = client.get(URL).content.decode()
    detail = client.get(reverse("decision-detail", args=[steps[0].pk])).content.decode()

    assert "Olive Officer (former officer)" in queue
    assert "Olive Officer (former officer)" in detail
