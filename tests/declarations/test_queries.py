"""The register's words for sets of entries (declarations.models.DeclarationQuerySet).

Table-driven over statuses: each method says which versions it holds, alone and when an
entry has two versions (an amendment in draft, submitted, withdrawn...).
"""

from __future__ import annotations

import datetime

import pytest

from declarations.choices import Status
from declarations.models import Declaration
from tests.factories import DeclarationFactory, OfficerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

S = Status
EVERY_STATUS = list(S)
ON = datetime.date(2026, 11, 30)


def version(officer, status: str, *, amends: Declaration | None = None, **fields):
    """A version of an entry: the first, or one amending `amends` (same reference)."""
    if amends is not None:
        fields |= {
            "reference": amends.reference,
            "version": amends.version + 1,
            "amends": amends,
        }
    return DeclarationFactory(officer=officer, status=status, **fields)


def held(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


# --- one version ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", EVERY_STATUS)
def test_declared_is_everything_but_drafts(officer, status):
    entry = version(officer, status)

    assert (entry.pk in held(Declaration.objects.declared())) is (status != S.DRAFT)


@pytest.mark.parametrize("status", EVERY_STATUS)
def test_current_versions_leave_out_drafts_and_superseded_versions_only(officer, status):
    entry = version(officer, status)

    expected = status not in (S.DRAFT, S.SUPERSEDED)
    assert (entry.pk in held(Declaration.objects.current_versions())) is expected


@pytest.mark.parametrize("status", EVERY_STATUS)
def test_a_single_version_stands_unless_draft_withdrawn_or_superseded(officer, status):
    entry = version(officer, status)

    expected = status not in (S.DRAFT, S.WITHDRAWN, S.SUPERSEDED)
    assert (entry.pk in held(Declaration.objects.standing())) is expected


@pytest.mark.parametrize("status", EVERY_STATUS)
def test_recorded_or_approved_is_what_the_register_keeper_accepted(officer, status):
    entry = version(officer, status)

    expected = status in (S.RECORDED, S.APPROVED)
    assert (entry.pk in held(Declaration.objects.recorded_or_approved())) is expected


@pytest.mark.parametrize("status", EVERY_STATUS)
def test_standing_or_new_adds_the_draft_of_an_entry_never_submitted(officer, status):
    entry = version(officer, status)

    expected = status not in (S.WITHDRAWN, S.SUPERSEDED)
    assert (entry.pk in held(Declaration.objects.standing_or_new())) is expected


# --- two versions of one entry -------------------------------------------------------------

# (first version's status, amendment's status, which stand: "v1", "v2" or neither)
TWO_VERSIONS = [
    (S.RECORDED, S.DRAFT, {"v1"}),  # amendment in progress: the old version still stands
    (S.AWAITING_ACKNOWLEDGEMENT, S.DRAFT, {"v1"}),
    (S.APPROVED, S.WITHDRAWN, {"v1"}),  # an amendment abandoned as a draft
    (S.SUPERSEDED, S.AWAITING_APPROVAL, {"v2"}),  # submitted: it replaced the old one
    (S.SUPERSEDED, S.RECORDED, {"v2"}),
    (S.SUPERSEDED, S.REJECTED, {"v2"}),
    (S.RECORDED, S.RECORDED, {"v2"}),  # a later declared version replaces, superseded or not
    (S.SUPERSEDED, S.WITHDRAWN, set()),  # withdrawn after it replaced the old one
]


@pytest.mark.parametrize(("first", "second", "standing"), TWO_VERSIONS)
def test_the_version_that_stands(officer, first, second, standing):
    v1 = version(officer, first)
    v2 = version(officer, second, amends=v1)
    names = {v1.pk: "v1", v2.pk: "v2"}

    found = {names[pk] for pk in held(Declaration.objects.standing())}

    assert found == standing


@pytest.mark.parametrize(("first", "second", "standing"), TWO_VERSIONS)
def test_current_versions_are_the_standing_ones_and_withdrawn_entries(
    officer, first, second, standing
):
    v1 = version(officer, first)
    v2 = version(officer, second, amends=v1)
    names = {v1.pk: "v1", v2.pk: "v2"}
    expected = set(standing)
    if second == S.WITHDRAWN:
        expected.add("v2")  # the register lists a withdrawal as history

    found = {names[pk] for pk in held(Declaration.objects.current_versions())}

    assert found == expected


@pytest.mark.parametrize(("first", "second", "standing"), TWO_VERSIONS)
def test_an_amendment_in_draft_is_not_counted_besides_what_it_amends(
    officer, first, second, standing
):
    v1 = version(officer, first)
    v2 = version(officer, second, amends=v1)
    names = {v1.pk: "v1", v2.pk: "v2"}

    found = {names[pk] for pk in held(Declaration.objects.standing_or_new())}

    assert found == standing


# --- whose register, which type ------------------------------------------------------------


def test_a_register_holds_its_own_entries_and_those_recorded_as_filed_while_seconded_in(
    thurrock, officer, stranger
):
    ecc = stranger.organisation
    own = version(officer, S.RECORDED)
    strangers = version(stranger, S.RECORDED)
    seconded_in = OfficerFactory(organisation=OrganisationFactory(code="opcc"))
    filed_while_seconded = version(seconded_in, S.RECORDED, host_organisation=thurrock)
    before_the_secondment = version(seconded_in, S.RECORDED, host_organisation=None)
    seconded_in.seconded_to = thurrock  # a secondment today changes nothing filed before
    seconded_in.save()

    assert held(Declaration.objects.in_register(thurrock)) == {own.pk, filed_while_seconded.pk}
    assert held(Declaration.objects.in_register(ecc)) == {strangers.pk}
    assert before_the_secondment.pk in held(
        Declaration.objects.in_register(seconded_in.organisation)
    )


TYPES = ["gift", "hospitality", "interest", "outside_work", "relationship"]


@pytest.mark.parametrize("type_", TYPES)
def test_of_type_and_its_shorthands_select_by_type(officer, type_):
    entry = version(officer, S.RECORDED, type=type_)

    assert held(Declaration.objects.of_type(type_)) == {entry.pk}
    assert (entry.pk in held(Declaration.objects.gifts_and_hospitality())) is (
        type_ in ("gift", "hospitality")
    )
    assert (entry.pk in held(Declaration.objects.interests())) is (type_ == "interest")


# --- current interests -------------------------------------------------------------------------


@pytest.mark.parametrize("status", EVERY_STATUS)
def test_current_interests_are_standing_ones_decided_or_being_noted(officer, status):
    interest = version(officer, status, type="interest", ended_on=None)

    expected = status in (S.RECORDED, S.APPROVED, S.AWAITING_ACKNOWLEDGEMENT)
    assert (interest.pk in held(Declaration.objects.current_interests(ON))) is expected


@pytest.mark.parametrize(
    ("ended_on", "current"),
    [
        (None, True),
        (ON + datetime.timedelta(days=1), True),  # ends tomorrow: still current today
        (ON, False),
        (ON - datetime.timedelta(days=1), False),
    ],
)
def test_an_interest_that_has_ended_is_no_longer_current(officer, ended_on, current):
    interest = version(
        officer, S.RECORDED, type="interest", date=datetime.date(2026, 1, 1), ended_on=ended_on
    )

    assert (interest.pk in held(Declaration.objects.current_interests(ON))) is current


def test_an_interest_being_amended_is_confirmed_as_it_stands(officer):
    v1 = version(officer, S.RECORDED, type="interest", ended_on=None)
    version(officer, S.DRAFT, type="interest", ended_on=None, amends=v1)

    assert held(Declaration.objects.current_interests(ON)) == {v1.pk}


def test_a_gift_is_not_a_current_interest(officer):
    version(officer, S.RECORDED, type="gift")

    assert not Declaration.objects.current_interests(ON).exists()


# --- versions --------------------------------------------------------------------------------


def test_versions_of_an_entry_are_every_version_oldest_first(officer, line_manager):
    v1 = version(officer, S.SUPERSEDED)
    v2 = version(officer, S.SUPERSEDED, amends=v1)
    v3 = version(officer, S.DRAFT, amends=v2)
    version(line_manager, S.RECORDED)  # another entry

    for each in (v1, v2, v3):
        assert list(Declaration.objects.versions_of(each)) == [v1, v2, v3]


def test_a_new_draft_is_its_entrys_only_version(officer):
    draft = version(officer, S.DRAFT)
    version(officer, S.DRAFT)  # another draft, also without a reference

    assert draft.reference == ""
    assert list(Declaration.objects.versions_of(draft)) == [draft]
