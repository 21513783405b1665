"""Declaration references: PREFIX-YEAR-NNNNNN, one sequence per organisation and year."""

from __future__ import annotations

import datetime

import pytest

from declarations.models import Declaration
from tests.factories import DeclarationFactory, OfficerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def declared(officer, on: datetime.date) -> Declaration:
    return DeclarationFactory(officer=officer, date=on, declared_on=on)


@pytest.fixture
def thurrock_officer():
    return OfficerFactory(organisation=OrganisationFactory(code="thurrock"))


@pytest.fixture
def ecc_officer():
    return OfficerFactory(organisation=OrganisationFactory(code="ecc"))


def test_a_declaration_gets_a_reference_on_first_save(thurrock_officer):
    declaration = declared(thurrock_officer, datetime.date(2026, 3, 1))

    assert declaration.reference == "THU-2026-000001"
    assert Declaration.objects.get(pk=declaration.pk).reference == "THU-2026-000001"


def test_references_count_up_within_an_organisation_and_year(thurrock_officer):
    colleague = OfficerFactory(organisation=thurrock_officer.organisation)

    references = [
        declared(thurrock_officer, datetime.date(2026, 1, 5)).reference,
        declared(colleague, datetime.date(2026, 7, 1)).reference,
        declared(thurrock_officer, datetime.date(2026, 12, 31)).reference,
    ]

    assert references == ["THU-2026-000001", "THU-2026-000002", "THU-2026-000003"]


def test_another_organisation_has_its_own_sequence(thurrock_officer, ecc_officer):
    day = datetime.date(2026, 3, 1)

    references = [
        declared(thurrock_officer, day).reference,
        declared(ecc_officer, day).reference,
        declared(thurrock_officer, day).reference,
        declared(ecc_officer, day).reference,
    ]

    assert references == [
        "THU-2026-000001",
        "ECC-2026-000001",
        "THU-2026-000002",
        "ECC-2026-000002",
    ]


def test_a_new_year_restarts_at_one(thurrock_officer):
    declared(thurrock_officer, datetime.date(2026, 12, 31))
    declared(thurrock_officer, datetime.date(2026, 12, 31))

    first_of_2027 = declared(thurrock_officer, datetime.date(2027, 1, 1))
    late_2026 = declared(thurrock_officer, datetime.date(2026, 12, 31))

    assert first_of_2027.reference == "THU-2027-000001"
    assert late_2026.reference == "THU-2026-000003"


def test_the_reference_never_changes_on_later_saves(thurrock_officer):
    declaration = declared(thurrock_officer, datetime.date(2026, 3, 1))
    declared(thurrock_officer, datetime.date(2026, 3, 2))

    declaration.description = "Changed my mind about the wording"
    declaration.save()
    declaration.declared_on = datetime.date(2027, 1, 4)  # even a later year keeps it
    declaration.save()
    reloaded = Declaration.objects.get(pk=declaration.pk)
    reloaded.status = "submitted"
    reloaded.save(update_fields=["status"])

    assert Declaration.objects.get(pk=declaration.pk).reference == "THU-2026-000001"


def test_a_new_version_keeps_the_reference_and_uses_no_number(thurrock_officer):
    first = declared(thurrock_officer, datetime.date(2026, 3, 1))

    DeclarationFactory(officer=thurrock_officer, reference=first.reference, version=2, amends=first)
    next_one = declared(thurrock_officer, datetime.date(2026, 3, 2))

    assert next_one.reference == "THU-2026-000002"


def test_the_reference_is_not_editable():
    assert Declaration._meta.get_field("reference").editable is False
