"""The admin: people and roles are edited here; declarations and their history only read."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from declarations import approvals, people, security_log
from declarations.choices import SecurityEventKind
from declarations.models import (
    AnnualDeclaration,
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    Delegation,
    InterestReview,
    Officer,
    Organisation,
    Publication,
    RegisterSettingChange,
    RoleAssignment,
    SecurityEvent,
    SignInIdentity,
)
from declarations.register import register_settings
from declarations.workflow import transition
from tests.factories import (
    DisclosureFactory,
    GiftFactory,
    InterestFactory,
    OfficerFactory,
    RelationshipFactory,
    UserFactory,
    open_for,
)

DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    superuser = django_user_model.objects.create_superuser(
        "root", "root@example.org", "correct horse battery staple"
    )
    client.force_login(superuser)
    return client


@pytest.fixture
def declaration(officer):
    gift = GiftFactory(declaration__officer=officer, declaration__counterparty="Acme Supplies")
    transition(gift.declaration, "submit", actor=officer.user, note="please approve")
    return gift.declaration


@pytest.fixture
def event(declaration):
    return declaration.events.get()


def changelist(model: str) -> str:
    return reverse(f"admin:declarations_{model}_changelist")


def results(response) -> list:
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize(
    "model",
    [
        "organisation",
        "officer",
        "roleassignment",
        "declaration",
        "declarationevent",
        "securityevent",
        "signinidentity",
        "registersettingchange",
    ],
)
def test_each_changelist_renders_for_a_superuser(
    admin_client, model, declaration, monitoring_officer
):
    SignInIdentity.objects.create(
        officer=monitoring_officer, issuer="https://id.example.org", subject="mona"
    )
    register_settings.change_token_limit(
        monitoring_officer.organisation, Decimal("30.00"), monitoring_officer.user, "Why"
    )

    response = admin_client.get(changelist(model))

    assert response.status_code == 200
    assert len(results(response)) >= 1


@pytest.fixture
def cast(officer, line_manager, director, stranger):
    officer.user.email = "olive.o@thurrock.example.org"
    officer.user.save()
    return {"officer": officer, "manager": line_manager, "director": director, "stranger": stranger}


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Olive", "officer"),
        ("Manager", "manager"),
        ("olive.o@thurrock", "officer"),
        ("sam.stranger@example.org", "stranger"),
    ],
)
def test_officers_can_be_searched_by_name_and_email(admin_client, cast, query, who):
    response = admin_client.get(changelist("officer"), {"q": query})

    assert response.status_code == 200
    assert results(response) == [cast[who]]


def test_officers_can_be_searched_by_staff_number(admin_client, cast):
    response = admin_client.get(changelist("officer"), {"q": cast["director"].staff_number})

    assert results(response) == [cast["director"]]


def test_officers_can_be_filtered(admin_client, cast, thurrock):
    ecc = cast["stranger"].organisation
    seconded = OfficerFactory(
        organisation=thurrock, seconded_to=ecc, department="Finance", level="manager", active=False
    )

    def filtered(**params):
        response = admin_client.get(changelist("officer"), params)
        assert response.status_code == 200
        return set(results(response))

    assert filtered(organisation__id__exact=ecc.pk) == {cast["stranger"]}
    assert filtered(level__exact="manager") == {cast["manager"], seconded}
    assert filtered(department="Finance") == {seconded}
    assert filtered(active__exact="0") == {seconded}
    assert filtered(seconded_to__id__exact=ecc.pk) == {seconded}


def test_role_assignments_can_be_filtered_by_role(admin_client, monitoring_officer):
    response = admin_client.get(changelist("roleassignment"), {"role__exact": "monitoring_officer"})

    assert [a.officer for a in results(response)] == [monitoring_officer]


def test_the_officer_change_page_refuses_a_line_management_loop(
    admin_client, officer, line_manager
):
    url = reverse("admin:declarations_officer_change", args=[line_manager.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None
    }
    data |= {
        "line_manager": officer.pk,
        "roles-TOTAL_FORMS": 0,
        "roles-INITIAL_FORMS": 0,
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200  # the form again, with the error
    assert "line-management loop" in response.content.decode()
    line_manager.refresh_from_db()
    assert line_manager.line_manager != officer


@pytest.mark.parametrize(
    "model",
    [
        "declaration",
        "declarationevent",
        "securityevent",
        "signinidentity",
        "registersettingchange",
    ],
)
def test_declarations_and_events_cannot_be_added(admin_client, model):
    response = admin_client.get(reverse(f"admin:declarations_{model}_add"))

    assert response.status_code == 403


def test_the_declaration_page_is_read_only(admin_client, declaration):
    response = admin_client.get(
        reverse("admin:declarations_declaration_change", args=[declaration.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "View declaration" in page
    assert "field-reference" in page  # the reference is shown among the fields
    assert declaration.reference in page
    assert "field-verdict" in page
    assert "Acme Supplies" in page
    assert "please approve" in page  # the history inline
    assert 'name="_save"' not in page
    assert 'name="counterparty"' not in page  # shown as text, not as a field


def test_the_event_page_is_read_only(admin_client, event):
    response = admin_client.get(
        reverse("admin:declarations_declarationevent_change", args=[event.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "please approve" in page
    assert 'name="_save"' not in page


def test_posting_a_change_to_a_declaration_is_refused(admin_client, declaration):
    response = admin_client.post(
        reverse("admin:declarations_declaration_change", args=[declaration.pk]),
        {"counterparty": "Someone else", "status": "approved"},
    )

    assert response.status_code == 403
    declaration.refresh_from_db()
    assert (declaration.counterparty, declaration.status) == ("Acme Supplies", "submitted")


@pytest.mark.parametrize("model", ["declaration", "declarationevent"])
def test_posting_to_the_delete_page_is_refused(admin_client, declaration, event, model):
    row = {"declaration": declaration, "declarationevent": event}[model]

    response = admin_client.post(
        reverse(f"admin:declarations_{model}_delete", args=[row.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Declaration.objects.filter(pk=declaration.pk).exists()
    assert DeclarationEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("model", ["declaration", "declarationevent"])
def test_the_bulk_delete_action_is_not_offered(admin_client, declaration, event, model):
    row = {"declaration": declaration, "declarationevent": event}[model]

    response = admin_client.post(
        changelist(model),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )

    assert response.status_code in (200, 302)
    assert "delete_selected" not in admin_client.get(changelist(model)).content.decode()
    assert Declaration.objects.filter(pk=declaration.pk).exists()
    assert DeclarationEvent.objects.filter(pk=event.pk).exists()


def test_an_organisation_can_be_added(admin_client):
    response = admin_client.post(
        reverse("admin:declarations_organisation_add"),
        {"code": "opcc", "name": "OPCC for Essex", "reference_prefix": "OPCC"},
    )

    assert response.status_code == 302
    added = Organisation.objects.get(code="opcc")
    assert added.token_limit_gbp == Decimal("25.00")  # the contract's default


def test_an_organisations_token_limit_is_shown_but_not_changed_in_the_admin(admin_client, thurrock):
    url = reverse("admin:declarations_organisation_change", args=[thurrock.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(
        url,
        {
            "code": "thurrock",
            "name": "Thurrock Council",
            "reference_prefix": "THU",
            "token_limit_gbp": "99.00",
        },
    )

    assert "field-token_limit_gbp" in page
    assert 'name="token_limit_gbp"' not in page
    assert response.status_code == 302
    thurrock.refresh_from_db()
    assert thurrock.token_limit_gbp == Decimal("25.00")
    assert not RegisterSettingChange.objects.exists()


@pytest.fixture
def setting_change(thurrock, monitoring_officer):
    return register_settings.change_token_limit(
        thurrock, Decimal("30.00"), monitoring_officer.user, "Prices have risen"
    )


def test_the_history_of_register_settings_is_listed_and_shown(admin_client, setting_change):
    listed = admin_client.get(changelist("registersettingchange"))
    shown = admin_client.get(
        reverse("admin:declarations_registersettingchange_change", args=[setting_change.pk])
    )

    assert results(listed) == [setting_change]
    page = shown.content.decode()
    assert shown.status_code == 200
    assert "Prices have risen" in page
    assert 'name="_save"' not in page


def test_the_history_of_register_settings_cannot_be_added_changed_or_deleted(
    admin_client, setting_change
):
    add = admin_client.get(reverse("admin:declarations_registersettingchange_add"))
    change = admin_client.post(
        reverse("admin:declarations_registersettingchange_change", args=[setting_change.pk]),
        {"new_value": "99.00", "reason": "Rewritten"},
    )
    delete = admin_client.post(
        reverse("admin:declarations_registersettingchange_delete", args=[setting_change.pk]),
        {"post": "yes"},
    )

    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    setting_change.refresh_from_db()
    assert (setting_change.new_value, setting_change.reason) == ("30.00", "Prices have risen")


def test_a_disclosure_is_not_the_administrators_to_read(admin_client, officer):
    """Sensitive: only the officer, the people on its route and the monitoring officer."""
    disclosure = DisclosureFactory(
        declaration__officer=officer, declaration__description="Arrested on Friday"
    ).declaration
    DeclarationEvent.objects.create(declaration=disclosure, action="created")

    change = admin_client.get(
        reverse("admin:declarations_declaration_change", args=[disclosure.pk])
    )
    listing = admin_client.get(reverse("admin:declarations_declaration_changelist"))
    events = admin_client.get(reverse("admin:declarations_declarationevent_changelist"))

    assert change.status_code == 302  # the admin's "does not exist" redirect
    assert listing.context["cl"].result_count == 0
    assert events.context["cl"].result_count == 0


def test_a_signed_in_officer_who_is_not_an_administrator_is_refused(client, officer):
    client.force_login(officer.user)

    response = client.get(changelist("declaration"))

    assert response.status_code == 403
    assert "Only system administrators can use the admin." in response.content.decode()


def test_a_staff_user_without_permissions_sees_nothing(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(changelist("declaration"))

    assert response.status_code == 403


# --- delegations, publications, annual declarations and interest reviews ----------------


@pytest.fixture
def records(thurrock, officer, line_manager, director, monitoring_officer):
    """One row of each: a delegation, a publication, an annual declaration, a review."""
    interest = InterestFactory(declaration__officer=director, declaration__status="approved")
    annual = AnnualDeclaration.objects.create(
        officer=director, year=2026, kind=AnnualDeclaration.Kind.INTERESTS_CONFIRMED
    )
    annual.interests.add(interest.declaration)
    return {
        "delegation": Delegation.objects.create(
            delegator=line_manager,
            delegate=director,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + 5 * DAY,
            reason="Annual leave",
        ),
        "publication": Publication.objects.create(
            organisation=thurrock, published_by=monitoring_officer, row_count=0
        ),
        "annualdeclaration": annual,
        "interestreview": InterestReview.objects.create(
            declaration=interest.declaration, reviewed_by=monitoring_officer, note="Still held"
        ),
    }


def change_url(model: str, row) -> str:
    return reverse(f"admin:declarations_{model}_change", args=[row.pk])


RECORDS = ["delegation", "publication", "annualdeclaration", "interestreview"]
READ_ONLY = ["publication", "annualdeclaration", "interestreview"]


@pytest.mark.parametrize("model", RECORDS)
def test_the_changelist_of_each_record_renders_for_a_superuser(admin_client, records, model):
    response = admin_client.get(changelist(model))

    assert response.status_code == 200
    assert results(response) == [records[model]]


@pytest.mark.parametrize("model", RECORDS)
def test_the_change_page_of_each_record_renders_for_a_superuser(admin_client, records, model):
    response = admin_client.get(change_url(model, records[model]))

    assert response.status_code == 200
    assert str(records[model]) in response.content.decode()


@pytest.mark.parametrize("model", READ_ONLY)
def test_publications_annual_declarations_and_reviews_are_shown_read_only(
    admin_client, records, model
):
    page = admin_client.get(change_url(model, records[model])).content.decode()

    assert 'name="_save"' not in page
    assert "deletelink" not in page


@pytest.mark.parametrize("model", READ_ONLY)
def test_publications_annual_declarations_and_reviews_cannot_be_added(admin_client, model):
    assert admin_client.get(reverse(f"admin:declarations_{model}_add")).status_code == 403


def test_posting_a_change_to_an_interest_review_is_refused(admin_client, records):
    review = records["interestreview"]

    response = admin_client.post(
        change_url("interestreview", review), {"note": "Rewritten", "reviewed_on": "2020-01-01"}
    )

    assert response.status_code == 403
    review.refresh_from_db()
    assert (review.note, review.reviewed_on) == ("Still held", timezone.localdate())


def test_posting_a_change_to_a_publication_is_refused(admin_client, records):
    publication = records["publication"]

    response = admin_client.post(change_url("publication", publication), {"row_count": 99})

    assert response.status_code == 403
    publication.refresh_from_db()
    assert publication.row_count == 0


def test_posting_a_change_to_an_annual_declaration_is_refused(admin_client, records):
    annual = records["annualdeclaration"]

    response = admin_client.post(
        change_url("annualdeclaration", annual), {"kind": "nothing_to_declare", "year": 2025}
    )

    assert response.status_code == 403
    annual.refresh_from_db()
    assert (annual.kind, annual.year) == ("interests_confirmed", 2026)


@pytest.mark.parametrize("model", READ_ONLY)
def test_publications_annual_declarations_and_reviews_cannot_be_deleted(
    admin_client, records, model
):
    row = records[model]

    response = admin_client.post(
        reverse(f"admin:declarations_{model}_delete", args=[row.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()
    assert "delete_selected" not in admin_client.get(changelist(model)).content.decode()


def test_a_delegation_added_in_the_admin_hands_over_the_steps_waiting_now(
    admin_client, officer, line_manager, director
):
    declaration, (step,) = open_for(officer)
    today = timezone.localdate()

    response = admin_client.post(
        reverse("admin:declarations_delegation_add"),
        {
            "delegator": line_manager.pk,
            "delegate": director.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + 3 * DAY).isoformat(),
            "reason": "Off sick",
        },
    )

    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.delegator, delegation.delegate, delegation.reason) == (
        line_manager,
        director,
        "Off sick",
    )
    step.refresh_from_db()
    assert (step.assignee, step.delegated_from) == (director, line_manager)
    assert declaration.events.filter(action="step_delegated").exists()


def test_the_admin_refuses_a_delegation_the_approvers_page_would_refuse(
    admin_client, line_manager, stranger
):
    today = timezone.localdate()

    response = admin_client.post(
        reverse("admin:declarations_delegation_add"),
        {
            "delegator": line_manager.pk,
            "delegate": stranger.pk,
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )

    assert response.status_code == 200  # the form again, with the error
    assert "Select someone who works for Thurrock Council" in response.content.decode()
    assert not Delegation.objects.exists()


def test_the_end_date_of_a_current_delegation_can_be_moved(admin_client, records):
    delegation = records["delegation"]
    new_end = delegation.ends_on + 2 * DAY

    response = admin_client.post(
        change_url("delegation", delegation),
        {"ends_on": new_end.isoformat(), "reason": "Leave extended"},
    )

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert (delegation.ends_on, delegation.reason) == (new_end, "Leave extended")


def test_a_delegation_cannot_be_ended_in_the_past(admin_client, line_manager, director):
    today = timezone.localdate()
    delegation = Delegation.objects.create(
        delegator=line_manager, delegate=director, starts_on=today - 5 * DAY, ends_on=today
    )

    response = admin_client.post(
        change_url("delegation", delegation), {"ends_on": (today - DAY).isoformat()}
    )

    assert response.status_code == 200
    assert "The end date must be today or in the future" in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.ends_on == today


def test_a_delegation_that_has_ended_is_read_only(admin_client, line_manager, director):
    today = timezone.localdate()
    ended = Delegation.objects.create(
        delegator=line_manager, delegate=director, starts_on=today - 5 * DAY, ends_on=today - DAY
    )

    page = admin_client.get(change_url("delegation", ended)).content.decode()
    refused = admin_client.post(
        change_url("delegation", ended), {"ends_on": (today + DAY).isoformat()}
    )

    assert 'name="_save"' not in page
    assert refused.status_code == 403
    ended.refresh_from_db()
    assert ended.ends_on == today - DAY


def test_a_delegation_that_has_started_cannot_be_deleted(admin_client, records):
    delegation = records["delegation"]

    response = admin_client.post(
        reverse("admin:declarations_delegation_delete", args=[delegation.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_a_delegation_not_yet_started_can_be_deleted(admin_client, line_manager, director):
    tomorrow = timezone.localdate() + DAY
    planned = Delegation.objects.create(
        delegator=line_manager, delegate=director, starts_on=tomorrow, ends_on=tomorrow
    )

    response = admin_client.post(
        reverse("admin:declarations_delegation_delete", args=[planned.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Delegation.objects.filter(pk=planned.pk).exists()


def test_the_security_log_cannot_be_changed_or_deleted_in_the_admin(admin_client, officer):
    event = security_log.record(SecurityEventKind.SIGN_OUT, user=officer.user)

    change = admin_client.post(
        reverse("admin:declarations_securityevent_change", args=[event.pk]), {"kind": "sign_in"}
    )
    delete = admin_client.post(
        reverse("admin:declarations_securityevent_delete", args=[event.pk]), {"post": "yes"}
    )

    assert (change.status_code, delete.status_code) == (403, 403)
    event.refresh_from_db()
    assert event.kind == "sign_out"


def test_a_sign_in_identity_can_be_removed_so_a_recreated_account_can_link(admin_client, officer):
    from declarations.models import SignInIdentity

    identity = SignInIdentity.objects.create(
        officer=officer, issuer="https://id.example.org", subject="old-subject"
    )

    response = admin_client.post(
        reverse("admin:declarations_signinidentity_delete", args=[identity.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not SignInIdentity.objects.filter(pk=identity.pk).exists()


# --- leavers, movers and roles --------------------------------------------------------------


def officer_form(admin_client, who, **changes) -> tuple[str, dict]:
    """The officer's change page and its form as it stands, with `changes` made."""
    url = reverse("admin:declarations_officer_change", args=[who.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if value is not None
    }
    roles = who.roles.count()
    data |= {"roles-TOTAL_FORMS": roles, "roles-INITIAL_FORMS": roles}
    for index, assignment in enumerate(who.roles.order_by("organisation", "role", "valid_from")):
        data |= {
            f"roles-{index}-id": assignment.pk,
            f"roles-{index}-officer": who.pk,
            f"roles-{index}-organisation": assignment.organisation_id,
            f"roles-{index}-role": assignment.role,
            f"roles-{index}-valid_from": assignment.valid_from.isoformat(),
            f"roles-{index}-valid_to": "",
        }
    return url, data | changes


def test_a_leaving_date_of_today_set_in_the_admin_makes_them_leave(
    admin_client, officer, line_manager, director
):
    declaration, (step,) = open_for(officer)
    today = timezone.localdate()
    url, data = officer_form(admin_client, line_manager, left_on=today.isoformat())

    response = admin_client.post(url, data)

    assert response.status_code == 302
    line_manager.refresh_from_db()
    line_manager.user.refresh_from_db()
    assert (line_manager.active, line_manager.left_on) == (False, today)
    assert line_manager.user.is_active is False
    assert ApprovalStep.objects.get(pk=step.pk).assignee == director
    event = declaration.events.get(action="step_moved")
    assert event.actor.username == "root"
    assert event.note.startswith("Lee Manager (line manager) has left.")


def test_a_leaving_date_still_to_come_is_kept_and_they_stay_active(admin_client, line_manager):
    later = timezone.localdate() + 7 * DAY
    url, data = officer_form(admin_client, line_manager, left_on=later.isoformat())

    admin_client.post(url, data)

    line_manager.refresh_from_db()
    assert (line_manager.active, line_manager.left_on) == (True, later)


def test_unticking_active_with_a_leaving_date_still_to_come_is_refused(admin_client, line_manager):
    later = timezone.localdate() + 7 * DAY
    url, data = officer_form(admin_client, line_manager, left_on=later.isoformat())
    del data["active"]  # an unticked box is not sent

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "their leaving date is still to come" in response.content.decode()
    line_manager.refresh_from_db()
    assert (line_manager.active, line_manager.left_on) == (True, None)


def test_unticking_active_alone_means_they_left_today(admin_client, officer):
    url, data = officer_form(admin_client, officer)
    del data["active"]

    admin_client.post(url, data)

    officer.refresh_from_db()
    officer.user.refresh_from_db()
    assert (officer.active, officer.left_on) == (False, timezone.localdate())
    assert officer.user.is_active is False
    assert SecurityEvent.objects.filter(kind="officer_left", user=officer.user).count() == 1


def test_a_leaver_cannot_be_made_active_again(admin_client, officer):
    left_on = timezone.localdate() - 3 * DAY
    people.record_leaving(officer, left_on, actor=None)
    url, data = officer_form(admin_client, officer, active="on")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["active"] == [
        f"They left on {left_on.day} {left_on:%B %Y}: someone who has left cannot be made "
        "active again. Leave this unticked"
    ]
    officer.refresh_from_db()
    officer.user.refresh_from_db()
    assert (officer.active, officer.left_on, officer.user.is_active) == (False, left_on, False)


@pytest.mark.parametrize("moved", [DAY, -DAY, None], ids=["later", "earlier", "cleared"])
def test_the_leaving_date_of_a_leaver_cannot_be_changed(admin_client, officer, moved):
    left_on = timezone.localdate() - 3 * DAY
    people.record_leaving(officer, left_on, actor=None)
    url, data = officer_form(
        admin_client, officer, left_on=(left_on + moved).isoformat() if moved else ""
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["left_on"] == [
        f"They left on {left_on.day} {left_on:%B %Y}: the leaving date of someone who has "
        "left cannot be changed"
    ]
    officer.refresh_from_db()
    assert (officer.active, officer.left_on) == (False, left_on)


def test_a_leaver_can_still_be_saved_with_other_changes(admin_client, officer):
    left_on = timezone.localdate() - 3 * DAY
    people.record_leaving(officer, left_on, actor=None)
    url, data = officer_form(admin_client, officer, job_title="Former planning officer")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.job_title, officer.active, officer.left_on) == (
        "Former planning officer",
        False,
        left_on,
    )
    assert SecurityEvent.objects.filter(kind="officer_left", user=officer.user).count() == 1


def test_a_new_line_manager_set_in_the_admin_is_given_the_waiting_chain_steps(
    admin_client, officer, line_manager, director
):
    new_manager = OfficerFactory(
        organisation=officer.organisation,
        user=UserFactory(username="nia.newman", first_name="Nia", last_name="Newman"),
        level="manager",
        line_manager=director,
    )
    declaration, (step,) = open_for(officer)
    url, data = officer_form(admin_client, officer, line_manager=new_manager.pk)

    admin_client.post(url, data)

    assert ApprovalStep.objects.get(pk=step.pk).assignee == new_manager
    assert declaration.events.get(action="step_moved").note == (
        "Lee Manager (line manager) is no longer their line manager. "
        "Now asked: Nia Newman (line manager)."
    )


def test_the_officer_list_shows_the_leaving_date(admin_client, officer):
    Officer.objects.filter(pk=officer.pk).update(left_on=datetime.date(2027, 3, 31))

    page = admin_client.get(changelist("officer")).content.decode()

    assert "Leaving date" in page
    assert "31 Mar 2027" in page


@pytest.fixture
def hr_step(officer, monitoring_officer):
    """A declaration for HR to acknowledge, held by the monitoring officer: nobody is HR."""
    declaration, (step,) = open_for(officer, "declare", route=["hr"])
    assert step.route_unresolved
    return declaration, step


def test_a_new_role_holder_added_in_the_admin_is_given_the_roles_waiting_steps(
    admin_client, thurrock, hr_step
):
    declaration, step = hr_step
    hal = OfficerFactory(
        organisation=thurrock, user=UserFactory(username="hal.hr", first_name="Hal", last_name="Hr")
    )

    response = admin_client.post(
        reverse("admin:declarations_roleassignment_add"),
        {
            "organisation": thurrock.pk,
            "role": "hr",
            "officer": hal.pk,
            "valid_from": timezone.localdate().isoformat(),
            "valid_to": "",
        },
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.assignee, step.route_unresolved) == (hal, False)
    assert declaration.events.filter(action="step_moved").count() == 1


def test_ending_a_role_in_the_admin_passes_its_steps_back_to_the_monitoring_officer(
    admin_client, thurrock, hr_step, monitoring_officer
):
    _, step = hr_step
    hal = OfficerFactory(
        organisation=thurrock, user=UserFactory(username="hal.hr", first_name="Hal", last_name="Hr")
    )
    held = RoleAssignment.objects.create(
        organisation=thurrock, role="hr", officer=hal, valid_from=datetime.date(2020, 1, 1)
    )
    approvals.move_steps_of_role(thurrock, "hr")
    yesterday = timezone.localdate() - DAY

    response = admin_client.post(
        reverse("admin:declarations_roleassignment_change", args=[held.pk]),
        {
            "organisation": thurrock.pk,
            "role": "hr",
            "officer": hal.pk,
            "valid_from": "2020-01-01",
            "valid_to": yesterday.isoformat(),
        },
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.assignee, step.route_unresolved) == (monitoring_officer, True)


def test_a_role_given_on_the_officers_own_page_passes_the_roles_steps_on(
    admin_client, thurrock, hr_step
):
    _, step = hr_step
    hal = OfficerFactory(
        organisation=thurrock, user=UserFactory(username="hal.hr", first_name="Hal", last_name="Hr")
    )
    url, data = officer_form(admin_client, hal)
    data |= {
        "roles-TOTAL_FORMS": 1,
        "roles-0-officer": hal.pk,
        "roles-0-organisation": thurrock.pk,
        "roles-0-role": "hr",
        "roles-0-valid_from": timezone.localdate().isoformat(),
        "roles-0-valid_to": "",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.assignee == hal


def test_relationships_are_not_in_the_admin_at_all(admin_client, officer):
    relationship = RelationshipFactory(
        declaration__officer=officer, declaration__type="relationship"
    ).declaration
    gift = GiftFactory(declaration__officer=officer).declaration

    listed = results(admin_client.get(changelist("declaration")))
    opened = admin_client.get(
        reverse("admin:declarations_declaration_change", args=[relationship.pk])
    )
    gift_page = admin_client.get(
        reverse("admin:declarations_declaration_change", args=[gift.pk])
    ).content.decode()

    assert listed == [gift]
    assert opened.status_code == 302  # "doesn't exist": sent back to the list
    assert "Relationship" not in gift_page
    assert "with_whom" not in gift_page
