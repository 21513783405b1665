"""What the navigation and the header (declarations/context_processors.py) cost every
signed-in page: a few queries by the person, never one per organisation, and still the
same answers when someone keeps a register only through the entries recorded as theirs.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from declarations.context_processors import current_officer
from tests.factories import ORGANISATIONS, OrganisationFactory, UserFactory, entry, person

pytestmark = pytest.mark.django_db

# The staff record with its employer and host; whether they may ever decide, the roles
# they hold today (read once) and the organisations; and, for someone who keeps no
# register plainly, whether they line manage anyone or keep recorded entries.
CEILINGS = {
    "officer": 5,  # + whether recorded as a keeper anywhere
    "line_manager": 5,  # (at Thurrock, which names no line managers' records) the same
    "director": 4,  # keeps their own register at Thurrock: known from their record
    "monitoring_officer": 4,  # keeps Thurrock's registers: known from their roles
    "ecc_manager": 5,  # + whether they line manage anyone (ECC names their records)
    "administrator": 3,  # no staff record: the record, organisations, named registers
}


@pytest.fixture
def cast(officer, line_manager, director, monitoring_officer, stranger):
    """The conftest cast, an ECC manager with a report, and a system administrator
    with no staff record."""
    ecc_manager = person(stranger.organisation, "eve.manager", "manager")
    person(stranger.organisation, "ray.report", line_manager=ecc_manager)
    return {
        "officer": officer.user,
        "line_manager": line_manager.user,
        "director": director.user,
        "monitoring_officer": monitoring_officer.user,
        "ecc_manager": ecc_manager.user,
        "administrator": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


def every_organisation() -> None:
    for code in ORGANISATIONS:
        OrganisationFactory(code=code)


def layout(user) -> tuple[int, list[str]]:
    """The queries the layout costs a page for `user` (the navigation, and the header
    naming their employer), and the navigation's labels. The user is read afresh, as
    the session middleware reads it on each request."""
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as captured:
        context = current_officer(request)
        officer = context["current_officer"]
        str(officer.organisation.name if officer else "")
    return len(captured), [item.label for item in context["navigation"]]


@pytest.mark.parametrize("who", list(CEILINGS))
def test_the_layout_costs_each_person_a_few_queries(cast, who):
    every_organisation()

    queries, _ = layout(cast[who])

    assert queries <= CEILINGS[who]


@pytest.mark.parametrize("who", list(CEILINGS))
def test_more_organisations_cost_no_more_queries_nor_change_what_is_offered(cast, who):
    with_two = layout(cast[who])

    every_organisation()

    assert layout(cast[who]) == with_two


def test_the_header_names_the_employer_without_a_query_of_its_own(cast, thurrock):
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(pk=cast["officer"].pk)
    officer = current_officer(request)["current_officer"]

    with CaptureQueriesContext(connection) as captured:
        name = officer.organisation.name

    assert name == thurrock.name
    assert len(captured) == 0


def test_someone_with_no_staff_record_is_offered_no_filing(cast):
    _, offered = layout(cast["administrator"])

    assert "Your declarations" not in offered
    assert "Registers you keep" in offered


def test_a_former_manager_is_still_led_to_the_records_they_kept(stranger):
    manager = person(stranger.organisation, "fay.former", "manager")
    entry(stranger, register_keeper="line_manager", register_keeper_officer=manager)

    _, offered = layout(manager.user)

    assert "Registers you keep" in offered


def test_a_manager_recorded_elsewhere_is_led_to_the_records_they_kept(line_manager, stranger):
    """Lee, Thurrock's, once kept an ECC officer's record: ECC's records stay his."""
    entry(stranger, register_keeper="line_manager", register_keeper_officer=line_manager)

    _, offered = layout(line_manager.user)

    assert "Registers you keep" in offered


def test_a_manager_at_one_employer_is_not_led_to_anothers_records(line_manager, stranger):
    """Lee line manages at Thurrock, whose code names no line managers' records."""
    _, offered = layout(line_manager.user)

    assert "Registers you keep" not in offered
