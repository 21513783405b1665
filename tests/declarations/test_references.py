"""Declaration references: PREFIX-YEAR-NNNNNN, one sequence per organisation and year,
issued when an entry is submitted (a draft has none), in the year it is declared."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from declarations.filing import services as filing
from declarations.filing.services import lodge
from declarations.models import Declaration, ReferenceSequence
from tests.factories import GiftFactory, OfficerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def draft(officer, started: datetime.date) -> Declaration:
    """A gift's draft, started on `started`."""
    return GiftFactory(
        declaration__officer=officer, declaration__date=started, declaration__declared_on=started
    ).declaration


def declared(officer, on: datetime.date) -> Declaration:
    """A gift submitted on `on` (`declared_on` is the day of submission)."""
    declaration = draft(officer, on)
    lodge(declaration, actor=officer.user)
    return declaration


@pytest.fixture
def thurrock_officer():
    return OfficerFactory(organisation=OrganisationFactory(code="thurrock"))


@pytest.fixture
def ecc_officer():
    return OfficerFactory(organisation=OrganisationFactory(code="ecc"))


def test_a_draft_has_no_reference_and_takes_no_number(thurrock_officer):
    declaration = draft(thurrock_officer, datetime.date(2026, 3, 1))

    assert Declaration.objects.get(pk=declaration.pk).reference == ""
    assert declaration.reference_with_version == "Draft"
    assert not ReferenceSequence.objects.exists()


def test_a_declaration_gets_its_reference_when_it_is_submitted(thurrock_officer):
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


def test_a_withdrawn_draft_leaves_no_gap(thurrock_officer):
    first = declared(thurrock_officer, datetime.date(2026, 3, 1))
    abandoned = draft(thurrock_officer, datetime.date(2026, 3, 2))
    filing.withdraw(abandoned, actor=thurrock_officer.user)

    second = declared(thurrock_officer, datetime.date(2026, 3, 3))

    abandoned.refresh_from_db()
    assert (abandoned.status, abandoned.reference) == ("withdrawn", "")
    assert [first.reference, second.reference] == ["THU-2026-000001", "THU-2026-000002"]


def test_a_draft_started_in_december_and_submitted_in_january_takes_januarys_year(
    thurrock_officer,
):
    declared(thurrock_officer, datetime.date(2025, 12, 1))
    december_draft = draft(thurrock_officer, datetime.date(2025, 12, 20))

    december_draft.declared_on = datetime.date(2026, 1, 6)  # as filing.submit sets it
    lodge(december_draft, actor=thurrock_officer.user)

    assert december_draft.reference == "THU-2026-000001"
    assert ReferenceSequence.objects.get(year=2025).last_number == 1


def test_submitting_through_filing_numbers_the_entry_in_the_year_it_is_submitted(
    thurrock_officer,
):
    today = timezone.localdate()
    last_december = draft(thurrock_officer, datetime.date(today.year - 1, 12, 20))

    submitted = filing.submit(last_december, actor=thurrock_officer.user)

    assert submitted.declared_on == today
    assert submitted.reference == f"THU-{today.year}-000001"


def test_the_reference_never_changes_on_later_saves(thurrock_officer):
    declaration = declared(thurrock_officer, datetime.date(2026, 3, 1))
    declared(thurrock_officer, datetime.date(2026, 3, 2))

    declaration.description = "Changed my mind about the wording"
    declaration.save()
    declaration.declared_on = datetime.date(2027, 1, 4)  # even a later year keeps it
    declaration.save()

    assert Declaration.objects.get(pk=declaration.pk).reference == "THU-2026-000001"


def test_an_amendment_keeps_the_reference_and_uses_no_number(thurrock_officer):
    first = declared(thurrock_officer, datetime.date(2026, 3, 1))

    amendment = filing.amend(first, actor=thurrock_officer.user)
    assert (amendment.reference, amendment.version) == (first.reference, 2)
    amendment.declared_on = datetime.date(2027, 2, 1)  # submitted in a later year
    lodge(amendment, actor=thurrock_officer.user)
    next_one = declared(thurrock_officer, datetime.date(2026, 3, 2))

    assert Declaration.objects.get(pk=amendment.pk).reference_with_version == ("THU-2026-000001 v2")
    assert next_one.reference == "THU-2026-000002"
    assert not ReferenceSequence.objects.filter(year=2027).exists()


def test_the_reference_is_not_editable():
    assert Declaration._meta.get_field("reference").editable is False
