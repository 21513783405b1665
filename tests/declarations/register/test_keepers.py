"""Who keeps which register (declarations/register/keepers.py): the monitoring officer
keeps their organisation's whole register; everyone else is refused without being told
whether the entries exist."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from declarations.models import Declaration
from declarations.register import keepers
from policies.vocabulary import Role
from tests.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_gives_the_monitoring_officer_their_organisations_register(monitoring_officer, thurrock):
    organisation, kept = keepers.choose_organisation(monitoring_officer.user, None)
    assert organisation == thurrock
    assert kept == [thurrock]


def test_it_picks_the_register_asked_for_among_those_kept(monitoring_officer, thurrock):
    county = OrganisationFactory(code="county-council")
    RoleAssignmentFactory(
        officer=monitoring_officer, organisation=county, role="monitoring_officer"
    )
    organisation, kept = keepers.choose_organisation(monitoring_officer.user, "thurrock")
    assert organisation == thurrock
    assert set(kept) == {thurrock, county}


def test_a_system_administrator_keeps_every_register(thurrock, stranger):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert set(keepers.kept_organisations(admin)) == {thurrock, stranger.organisation}


@pytest.mark.parametrize("who", ["officer", "line_manager", "director", "stranger"])
def test_it_refuses_anyone_who_keeps_no_register(request, who):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        keepers.choose_organisation(person.user, None)


def test_it_refuses_a_register_the_monitoring_officer_does_not_keep(monitoring_officer, stranger):
    with pytest.raises(PermissionDenied, match="do not keep"):
        keepers.choose_organisation(monitoring_officer.user, stranger.organisation.code)


def test_a_line_manager_keeps_the_records_of_their_reports(line_manager, officer, thurrock):
    none_yet = Declaration.objects.none()
    assert keepers.is_keeper(line_manager, none_yet, thurrock, Role.LINE_MANAGER)


def test_an_officer_with_no_reports_keeps_no_line_managers_records(officer, thurrock):
    none_yet = Declaration.objects.none()
    assert not keepers.is_keeper(officer, none_yet, thurrock, Role.LINE_MANAGER)
