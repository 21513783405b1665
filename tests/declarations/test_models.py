"""The register's data model: what the database refuses, whatever path the data takes in.

Constraint tests bypass validation on purpose (`.update()` or a bare `.create()`) so
that only the database stands between a bad value and the table.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from declarations.models import (
    Declaration,
    GiftHospitality,
    Interest,
    Officer,
    OutsideWork,
    Relationship,
    RoleAssignment,
)
from tests.factories import (
    DeclarationFactory,
    GiftFactory,
    HospitalityFactory,
    InterestFactory,
    OfficerFactory,
    OrganisationFactory,
    OutsideWorkFactory,
    RelationshipFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db


# --- Amounts are never negative ---------------------------------------------------------


def test_it_refuses_a_negative_gift_value():
    gift = GiftFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        GiftHospitality.objects.filter(pk=gift.pk).update(value_gbp=Decimal("-0.01"))


def test_it_refuses_a_negative_gift_value_on_insert():
    declaration = DeclarationFactory(type="gift")

    with pytest.raises(IntegrityError), transaction.atomic():
        GiftHospitality.objects.create(declaration=declaration, value_gbp=Decimal("-5"))


def test_it_refuses_negative_outside_work_hours():
    work = OutsideWorkFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        OutsideWork.objects.filter(pk=work.pk).update(hours_per_week=Decimal("-1"))


def test_it_refuses_negative_contracted_hours():
    officer = OfficerFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Officer.objects.filter(pk=officer.pk).update(contracted_hours_per_week=Decimal("-37"))


def test_it_accepts_zero_amounts():
    gift = GiftFactory(value_gbp=Decimal("0"))
    work = OutsideWorkFactory(hours_per_week=Decimal("0"))

    gift.refresh_from_db()
    work.refresh_from_db()
    assert gift.value_gbp == 0
    assert work.hours_per_week == 0


def test_full_clean_names_a_negative_amount():
    gift = GiftFactory.build(value_gbp=Decimal("-1"))

    with pytest.raises(ValidationError) as excinfo:
        gift.full_clean(exclude=["declaration"])

    assert "value_gbp" in excinfo.value.message_dict


# --- Values outside the vocabulary ------------------------------------------------------


CHOICE_COLUMNS = [
    pytest.param(Declaration, DeclarationFactory, "status", id="declaration.status"),
    pytest.param(Declaration, DeclarationFactory, "type", id="declaration.type"),
    pytest.param(Officer, OfficerFactory, "level", id="officer.level"),
    pytest.param(GiftHospitality, GiftFactory, "donor_category", id="gift.donor_category"),
    pytest.param(GiftHospitality, GiftFactory, "status", id="gift.status"),
    pytest.param(GiftHospitality, GiftFactory, "direction", id="gift.direction"),
    pytest.param(GiftHospitality, GiftFactory, "offered_to", id="gift.offered_to"),
    pytest.param(GiftHospitality, GiftFactory, "form", id="gift.form"),
    pytest.param(
        GiftHospitality, HospitalityFactory, "hospitality_kind", id="hospitality.hospitality_kind"
    ),
    pytest.param(Interest, InterestFactory, "interest_kind", id="interest.interest_kind"),
    pytest.param(Interest, InterestFactory, "held_by", id="interest.held_by"),
    pytest.param(OutsideWork, OutsideWorkFactory, "work_kind", id="outside_work.work_kind"),
    pytest.param(
        OutsideWork,
        OutsideWorkFactory,
        "political_activity",
        id="outside_work.political_activity",
    ),
    pytest.param(Relationship, RelationshipFactory, "with_whom", id="relationship.with_whom"),
    pytest.param(Relationship, RelationshipFactory, "nature", id="relationship.nature"),
    pytest.param(RoleAssignment, RoleAssignmentFactory, "role", id="role_assignment.role"),
]


@pytest.mark.parametrize(("model", "factory", "field"), CHOICE_COLUMNS)
def test_it_refuses_a_value_outside_the_choices(model, factory, field):
    row = factory()

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: "bogus"})

    row.refresh_from_db()
    assert getattr(row, field) != "bogus"


def test_it_refuses_an_unknown_employer_code():
    organisation = OrganisationFactory(code="thurrock")

    with pytest.raises(IntegrityError), transaction.atomic():
        type(organisation).objects.filter(pk=organisation.pk).update(code="essex-police")


def test_hospitality_kind_may_be_left_blank_for_a_gift():
    gift = GiftFactory(hospitality_kind="")

    gift.refresh_from_db()
    assert gift.hospitality_kind == ""


# --- Officers ------------------------------------------------------------------------------


def test_it_refuses_a_staff_number_used_twice_in_one_organisation():
    thurrock = OrganisationFactory(code="thurrock")
    OfficerFactory(organisation=thurrock, staff_number="T100")

    with pytest.raises(IntegrityError), transaction.atomic():
        OfficerFactory(organisation=thurrock, staff_number="T100")


def test_the_same_staff_number_may_be_used_by_two_organisations():
    OfficerFactory(organisation=OrganisationFactory(code="thurrock"), staff_number="T100")
    OfficerFactory(organisation=OrganisationFactory(code="ecc"), staff_number="T100")

    assert Officer.objects.filter(staff_number="T100").count() == 2


def test_it_refuses_an_officer_as_their_own_line_manager_in_the_database():
    officer = OfficerFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Officer.objects.filter(pk=officer.pk).update(line_manager=officer)


def test_it_refuses_an_officer_as_their_own_line_manager_on_save():
    officer = OfficerFactory()
    officer.line_manager = officer

    with pytest.raises(ValidationError) as excinfo:
        officer.save()

    assert "line_manager" in excinfo.value.message_dict


def test_it_refuses_a_secondment_to_the_officers_own_organisation():
    officer = OfficerFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Officer.objects.filter(pk=officer.pk).update(seconded_to=officer.organisation)


def test_full_clean_names_a_secondment_to_the_officers_own_organisation():
    officer = OfficerFactory()
    officer.seconded_to = officer.organisation

    with pytest.raises(ValidationError) as excinfo:
        officer.full_clean()

    assert "seconded_to" in excinfo.value.message_dict


def test_a_secondment_to_another_organisation_is_fine():
    officer = OfficerFactory(organisation=OrganisationFactory(code="thurrock"))
    officer.seconded_to = OrganisationFactory(code="ecc")

    officer.full_clean()
    officer.save()

    officer.refresh_from_db()
    assert officer.seconded_to.code == "ecc"


# --- Line-management loops ----------------------------------------------------------------


@pytest.fixture
def alice(thurrock):
    return OfficerFactory(organisation=thurrock, user__first_name="Alice", user__last_name="A")


@pytest.fixture
def bob(thurrock, alice):
    return OfficerFactory(
        organisation=thurrock, user__first_name="Bob", user__last_name="B", line_manager=alice
    )


@pytest.fixture
def carol(thurrock, bob):
    return OfficerFactory(
        organisation=thurrock, user__first_name="Carol", user__last_name="C", line_manager=bob
    )


def test_full_clean_refuses_a_two_person_line_management_loop(alice, bob):
    alice.line_manager = bob

    with pytest.raises(ValidationError) as excinfo:
        alice.full_clean()

    [message] = excinfo.value.message_dict["line_manager"]
    assert message == (
        f"{bob} cannot be Alice A's line manager: that would make a line-management loop."
    )


def test_save_refuses_a_two_person_line_management_loop(alice, bob):
    alice.line_manager = bob

    with pytest.raises(ValidationError, match="line-management loop") as excinfo:
        alice.save()

    assert "line_manager" in excinfo.value.message_dict
    alice.refresh_from_db()
    assert alice.line_manager is None


def test_it_refuses_a_three_person_line_management_loop(alice, bob, carol):
    alice.line_manager = carol

    with pytest.raises(ValidationError) as excinfo:
        alice.full_clean()
    assert "line_manager" in excinfo.value.message_dict

    with pytest.raises(ValidationError, match="line-management loop"):
        alice.save()


def test_it_refuses_a_loop_even_when_the_copy_in_memory_is_stale(alice, thurrock):
    """The chain is read from the database, not from objects loaded before a change."""
    dave = OfficerFactory(organisation=thurrock)
    stale_dave = Officer.objects.get(pk=dave.pk)  # loaded while Dave has no manager
    dave.line_manager = alice
    dave.save()

    alice.line_manager = stale_dave

    with pytest.raises(ValidationError, match="line-management loop"):
        alice.save()


def test_it_refuses_a_loop_built_from_fresh_database_copies(alice, bob, carol):
    fresh_alice = Officer.objects.get(pk=alice.pk)
    fresh_alice.line_manager = Officer.objects.get(pk=carol.pk)

    with pytest.raises(ValidationError, match="line-management loop"):
        fresh_alice.save()


def test_a_legal_chain_is_fine(alice, bob, carol, thurrock):
    dave = OfficerFactory(organisation=thurrock, line_manager=carol)

    dave.full_clean()
    dave.save()

    bob.line_manager = None  # moving someone to the top is always fine
    bob.full_clean()
    bob.save()


def test_a_manager_leaving_leaves_their_reports_without_a_manager(alice, bob):
    alice.delete()

    bob.refresh_from_db()
    assert bob.line_manager is None


# --- Declarations ------------------------------------------------------------------------


def test_it_refuses_an_end_date_before_the_start_date():
    declaration = DeclarationFactory(date=datetime.date(2026, 5, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Declaration.objects.filter(pk=declaration.pk).update(ended_on=datetime.date(2026, 4, 30))


def test_an_end_date_on_the_start_date_is_fine():
    declaration = DeclarationFactory(date=datetime.date(2026, 5, 1), ended_on=None)
    declaration.ended_on = datetime.date(2026, 5, 1)
    declaration.save()

    declaration.refresh_from_db()
    assert declaration.ended_on == datetime.date(2026, 5, 1)


def test_it_refuses_the_same_reference_and_version_twice():
    first = DeclarationFactory(status="recorded")

    with pytest.raises(IntegrityError), transaction.atomic():
        DeclarationFactory(reference=first.reference, version=first.version)


def test_drafts_without_a_reference_do_not_collide():
    first, second = DeclarationFactory(), DeclarationFactory()

    assert first.reference == second.reference == ""
    assert first.version == second.version == 1


def test_a_new_version_may_share_the_reference():
    first = DeclarationFactory(status="recorded")

    second = DeclarationFactory(
        officer=first.officer, reference=first.reference, version=2, amends=first
    )

    assert second.reference == first.reference
    assert str(second) == f"{first.reference} v2"
    assert first.amended_by == second


def test_it_refuses_version_zero():
    declaration = DeclarationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Declaration.objects.filter(pk=declaration.pk).update(version=0)


def test_money_round_trips_exactly_as_a_two_place_decimal():
    gift = GiftFactory(value_gbp=Decimal("24.99"))

    stored = GiftHospitality.objects.get(pk=gift.pk).value_gbp

    assert isinstance(stored, Decimal)
    assert stored == Decimal("24.99")
    assert stored.as_tuple().exponent == -2
    assert str(stored) == "24.99"


def test_large_amounts_keep_their_pence():
    gift = GiftFactory(value_gbp=Decimal("1234567890.01"))

    assert GiftHospitality.objects.get(pk=gift.pk).value_gbp == Decimal("1234567890.01")


@pytest.mark.parametrize(
    ("factory", "model"),
    [
        (GiftFactory, GiftHospitality),
        (HospitalityFactory, GiftHospitality),
        (InterestFactory, Interest),
        (OutsideWorkFactory, OutsideWork),
        (RelationshipFactory, Relationship),
    ],
)
def test_detail_returns_the_types_own_facts(factory, model):
    facts = factory()

    declaration = Declaration.objects.get(pk=facts.declaration.pk)

    assert isinstance(declaration.detail, model)
    assert declaration.detail.pk == facts.pk


def test_detail_is_none_before_the_facts_are_saved():
    declaration = DeclarationFactory(type="interest")

    assert Declaration.objects.get(pk=declaration.pk).detail is None


# --- Role assignments ----------------------------------------------------------------------


def test_current_role_holders_respect_the_dates(thurrock):
    past = RoleAssignmentFactory(
        officer__organisation=thurrock,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
    )
    present = RoleAssignmentFactory(
        officer__organisation=thurrock, valid_from=datetime.date(2026, 1, 1)
    )
    future = RoleAssignmentFactory(
        officer__organisation=thurrock, valid_from=datetime.date(2027, 1, 1)
    )

    def current(on):
        return set(RoleAssignment.objects.current(on=on))

    assert current(datetime.date(2025, 12, 31)) == {past}
    assert current(datetime.date(2026, 1, 1)) == {present}
    assert current(datetime.date(2027, 6, 1)) == {present, future}
    assert current(datetime.date(2019, 12, 31)) == set()


def test_current_defaults_to_today(thurrock):
    today = datetime.date.today()
    holder = RoleAssignmentFactory(
        officer__organisation=thurrock, valid_from=today - datetime.timedelta(days=1)
    )
    RoleAssignmentFactory(
        officer__organisation=thurrock, valid_from=today + datetime.timedelta(days=30)
    )

    assert list(RoleAssignment.objects.current()) == [holder]


def test_a_role_may_have_several_holders_at_once(thurrock):
    first = RoleAssignmentFactory(officer__organisation=thurrock, role="hr")
    second = RoleAssignmentFactory(officer__organisation=thurrock, role="hr")

    holders = RoleAssignment.objects.current(on=datetime.date(2026, 6, 1)).filter(role="hr")

    assert set(holders) == {first, second}


def test_it_refuses_a_role_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignmentFactory(
            valid_from=datetime.date(2026, 1, 2), valid_to=datetime.date(2026, 1, 1)
        )


def test_a_one_day_role_is_fine():
    day = datetime.date(2026, 1, 1)
    assignment = RoleAssignmentFactory(valid_from=day, valid_to=day)

    assert list(RoleAssignment.objects.current(on=day)) == [assignment]
