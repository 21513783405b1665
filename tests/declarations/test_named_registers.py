"""The registers the codes name, each seen by its keeper only.

Essex Probation 7.4 (Secretary to the Board), the county council's Register of
Officers' Interests (3.5, note 1), Thurrock 14.3 (the monitoring officer's for assistant
directors and above, each director's for their own staff) and 18.1, and the OPCC and
ECC records kept by line managers.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from declarations import register as reg
from declarations.models import Officer
from tests.declarations.test_register_view import entry
from tests.factories import OfficerFactory, OrganisationFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def person(org, username: str, level: str = "staff", line_manager: Officer | None = None):
    first, last = username.split(".")
    return OfficerFactory(
        organisation=org,
        user=UserFactory(username=username, first_name=first.title(), last_name=last.title()),
        level=level,
        line_manager=line_manager,
    )


def named_page(client, user, slug: str, **params):
    client.force_login(user)
    return client.get(reverse("named-register", args=[slug]), params)


def counterparties(response) -> list[str]:
    return sorted(d.counterparty for d in response.context["page"].rows)


# --- Essex Probation: Register of Gifts and Hospitality ---------------------------------


@pytest.fixture
def probation(db):
    org = OrganisationFactory(code="essex-probation")
    staff = person(org, "pat.probation")
    entry(staff, type="gift", counterparty="EP gift")
    entry(staff, type="hospitality", counterparty="EP lunch")
    entry(staff, type="interest", value=None, counterparty="EP interest")
    secretary = person(org, "sue.secretary", level="head_of_service")
    RoleAssignmentFactory(officer=secretary, organisation=org, role="board_secretary")
    mo = person(org, "max.monitoring", level="director")
    RoleAssignmentFactory(officer=mo, organisation=org, role="monitoring_officer")
    return {"org": org, "staff": staff, "secretary": secretary, "mo": mo}


SLUG_EP = "essex-probation-gifts-and-hospitality"


def test_board_secretary_keeps_the_gifts_and_hospitality_register(client, probation):
    response = named_page(client, probation["secretary"].user, SLUG_EP)
    assert response.status_code == 200
    assert counterparties(response) == ["EP gift", "EP lunch"]
    html = response.content.decode()
    assert "Register of Gifts and Hospitality" in html
    assert "essex-probation:7.4" in html


def test_probation_monitoring_officer_sees_it_too(client, probation):
    assert named_page(client, probation["mo"].user, SLUG_EP).status_code == 200


def test_a_former_board_secretary_does_not(client, probation):
    former = person(probation["org"], "fred.former")
    RoleAssignmentFactory(
        officer=former,
        organisation=probation["org"],
        role="board_secretary",
        valid_to="2021-01-01",
    )
    assert named_page(client, former.user, SLUG_EP).status_code == 403


@pytest.mark.parametrize("who", ["staff"])
def test_probation_staff_cannot_see_it(client, probation, who):
    assert named_page(client, probation[who].user, SLUG_EP).status_code == 403


def test_another_organisations_monitoring_officer_cannot_see_it(
    client, probation, monitoring_officer
):
    assert named_page(client, monitoring_officer.user, SLUG_EP).status_code == 403


def test_board_secretary_exports_their_register(client, probation):
    client.force_login(probation["secretary"].user)
    response = client.get(reverse("named-register-export-csv", args=[SLUG_EP]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="{SLUG_EP}-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    data = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["Counterparty"] for row in data) == ["EP gift", "EP lunch"]
    # ...but not the whole register, which is the monitoring officer's.
    assert client.get(reverse("register")).status_code == 403


# --- the county council: Register of Officers' Interests --------------------------------


SLUG_CC = "county-council-officers-interests"


@pytest.fixture
def county(db):
    org = OrganisationFactory(code="county-council")
    staff = person(org, "cat.county")
    entry(
        staff,
        type="interest",
        value=None,
        counterparty="CC interest",
        verdict={"register_keeper": "monitoring_officer"},
    )
    entry(
        staff,
        type="interest",
        value=None,
        counterparty="CC interest kept elsewhere",
        verdict={"register_keeper": "line_manager"},
    )
    entry(
        staff,
        type="gift",
        counterparty="CC gift for the register",
        verdict={"register_keeper": "monitoring_officer"},
    )
    entry(staff, type="gift", counterparty="CC token gift", verdict={"register_keeper": None})
    entry(
        staff,
        type="outside_work",
        value=None,
        counterparty="CC outside work",
        verdict={"register_keeper": None},
    )
    mo = person(org, "al.legal", level="assistant_director")
    RoleAssignmentFactory(officer=mo, organisation=org, role="monitoring_officer")
    return {"org": org, "staff": staff, "mo": mo}


def test_county_council_register_of_officers_interests(client, county):
    response = named_page(client, county["mo"].user, SLUG_CC)
    assert response.status_code == 200
    assert counterparties(response) == [
        "CC gift for the register",
        "CC interest",
        "CC interest kept elsewhere",
    ]
    assert "Register of Officers&#x27; Interests" in response.content.decode()


def test_county_council_staff_cannot_see_it(client, county, monitoring_officer):
    assert named_page(client, county["staff"].user, SLUG_CC).status_code == 403
    assert named_page(client, monitoring_officer.user, SLUG_CC).status_code == 403


# --- Thurrock 14.3 and 18.1 ---------------------------------------------------------------


@pytest.fixture
def thurrock_staff(thurrock, director, line_manager, officer):
    """Dana Director manages Lee Manager, who manages Olive Officer. Dave Director has
    his own team; an assistant director works for Dana; Cora, a corporate director,
    manages Dana."""
    cora = person(thurrock, "cora.corporate", level="director")
    Officer.objects.filter(pk=director.pk).update(line_manager=cora)
    director.refresh_from_db()
    assistant = person(thurrock, "ada.assistant", level="assistant_director", line_manager=director)
    head = person(thurrock, "hal.head", level="head_of_service", line_manager=assistant)
    deep = person(thurrock, "dee.deep", line_manager=head)
    dave = person(thurrock, "dave.director", level="director")
    sid = person(thurrock, "sid.staff", line_manager=dave)
    entry(officer, counterparty="Olive gift")
    entry(officer, type="hospitality", counterparty="Olive lunch")
    entry(officer, type="interest", value=None, counterparty="Olive interest")
    entry(line_manager, counterparty="Lee gift")
    entry(deep, counterparty="Dee gift")
    entry(head, counterparty="Hal gift")
    entry(assistant, counterparty="Ada gift")
    entry(assistant, type="interest", value=None, counterparty="Ada interest")
    entry(director, counterparty="Dana gift")
    entry(sid, counterparty="Sid gift")
    return {"dana": director, "dave": dave, "cora": cora, "ada": assistant, "sid": sid}


def test_monitoring_officer_keeps_the_senior_gifts_register(
    client, monitoring_officer, thurrock_staff
):
    response = named_page(client, monitoring_officer.user, "thurrock-gifts-and-hospitality-senior")
    assert response.status_code == 200
    assert counterparties(response) == ["Ada gift", "Dana gift"]


def test_monitoring_officer_keeps_the_senior_interests_register(
    client, monitoring_officer, thurrock_staff
):
    response = named_page(client, monitoring_officer.user, "thurrock-interests-senior")
    assert counterparties(response) == ["Ada interest"]


def test_a_director_keeps_the_register_of_their_own_staff(client, thurrock_staff):
    dana = thurrock_staff["dana"]
    response = named_page(client, dana.user, f"thurrock-director-{dana.pk}")
    assert response.status_code == 200
    # Below assistant director, in Dana's chain, gifts and hospitality only; Ada (an
    # assistant director) is in the monitoring officer's register instead.
    assert counterparties(response) == [
        "Dee gift",
        "Hal gift",
        "Lee gift",
        "Olive gift",
        "Olive lunch",
    ]
    assert "Dana Director&#x27;s staff" in response.content.decode()


def test_the_nearest_director_keeps_the_entry(client, thurrock_staff):
    cora = thurrock_staff["cora"]
    response = named_page(client, cora.user, f"thurrock-director-{cora.pk}")
    assert response.status_code == 200
    assert counterparties(response) == []


def test_a_director_cannot_see_another_directors_register(client, thurrock_staff):
    dana, dave = thurrock_staff["dana"], thurrock_staff["dave"]
    assert named_page(client, dave.user, f"thurrock-director-{dana.pk}").status_code == 403
    response = named_page(client, dave.user, f"thurrock-director-{dave.pk}")
    assert counterparties(response) == ["Sid gift"]


def test_staff_and_managers_cannot_see_the_directors_register(
    client, thurrock_staff, line_manager, officer
):
    dana = thurrock_staff["dana"]
    assert named_page(client, line_manager.user, f"thurrock-director-{dana.pk}").status_code == 403
    assert named_page(client, officer.user, f"thurrock-director-{dana.pk}").status_code == 403


def test_monitoring_officer_can_see_each_directors_register(
    client, monitoring_officer, thurrock_staff
):
    dave = thurrock_staff["dave"]
    response = named_page(client, monitoring_officer.user, f"thurrock-director-{dave.pk}")
    assert counterparties(response) == ["Sid gift"]


def test_directors_cannot_see_the_monitoring_officers_registers(client, thurrock_staff):
    dana = thurrock_staff["dana"]
    for slug in ("thurrock-gifts-and-hospitality-senior", "thurrock-interests-senior"):
        assert named_page(client, dana.user, slug).status_code == 403


@pytest.mark.parametrize("slug", ["thurrock-director-abc", "thurrock-director-999999", "nothing"])
def test_unknown_registers_are_not_found(client, monitoring_officer, slug):
    assert named_page(client, monitoring_officer.user, slug).status_code == 404


def test_a_non_director_is_not_a_register(client, monitoring_officer, officer):
    response = named_page(client, monitoring_officer.user, f"thurrock-director-{officer.pk}")
    assert response.status_code == 404


def test_a_line_management_loop_does_not_spin(thurrock, director):
    a = person(thurrock, "amy.loop", line_manager=director)
    b = person(thurrock, "bob.loop", line_manager=a)
    Officer.objects.filter(pk=a.pk).update(line_manager=b)  # a loop the save() check refuses
    a.refresh_from_db()
    assert reg.relevant_director(a) is None
    assert b.pk not in reg.directors_staff(director)


def test_chains_are_walked_in_memory(thurrock_staff, django_assert_num_queries):
    """One query for the officers; management_chain() then needs none per step."""
    with django_assert_num_queries(1):
        staff = reg.directors_staff(thurrock_staff["dana"])
    assert len(staff) == 4


def test_a_line_manager_from_another_employer_is_fetched_once(
    thurrock, director, django_assert_num_queries
):
    """An officer seconded in may be managed at home: that manager is one more query."""
    ecc = OrganisationFactory(code="ecc")
    boss = person(ecc, "eve.elsewhere", level="director")
    seconded = person(ecc, "sam.seconded", line_manager=boss)
    Officer.objects.filter(pk=seconded.pk).update(seconded_to=thurrock)
    with django_assert_num_queries(2):
        assert reg.directors_staff(director) == []


# --- OPCC and ECC: records kept by line managers ------------------------------------------


@pytest.fixture
def ecc_team(stranger):
    org = stranger.organisation
    mia = person(org, "mia.manager", level="manager")
    rob = person(org, "rob.report", line_manager=mia)
    max_ = person(org, "max.other", level="manager")
    rae = person(org, "rae.report", line_manager=max_)
    entry(
        rob,
        type="interest",
        value=None,
        counterparty="Rob interest",
        verdict={"register_keeper": "line_manager"},
    )
    entry(rob, counterparty="Rob gift", verdict={"register_keeper": None})
    entry(
        rae,
        type="interest",
        value=None,
        counterparty="Rae interest",
        verdict={"register_keeper": "line_manager"},
    )
    mo = person(org, "meg.monitoring", level="director")
    RoleAssignmentFactory(officer=mo, organisation=org, role="monitoring_officer")
    return {"org": org, "mia": mia, "max": max_, "rob": rob, "mo": mo, "sam": stranger}


def test_a_manager_sees_the_records_of_their_direct_reports(client, ecc_team):
    response = named_page(client, ecc_team["mia"].user, "ecc-line-manager-records")
    assert response.status_code == 200
    assert counterparties(response) == ["Rob interest"]
    other = named_page(client, ecc_team["max"].user, "ecc-line-manager-records")
    assert counterparties(other) == ["Rae interest"]


def test_the_monitoring_officer_sees_every_managers_records(client, ecc_team):
    response = named_page(client, ecc_team["mo"].user, "ecc-line-manager-records")
    assert counterparties(response) == ["Rae interest", "Rob interest"]


def test_someone_without_reports_keeps_no_records(client, ecc_team):
    assert named_page(client, ecc_team["rob"].user, "ecc-line-manager-records").status_code == 403
    assert named_page(client, ecc_team["sam"].user, "ecc-line-manager-records").status_code == 403


def test_a_manager_at_one_employer_keeps_nothing_at_another(client, ecc_team):
    OrganisationFactory(code="opcc")
    response = named_page(client, ecc_team["mia"].user, "opcc-line-manager-records")
    assert response.status_code == 403


def test_opcc_line_manager_records(client, db):
    org = OrganisationFactory(code="opcc")
    boss = person(org, "oli.boss", level="manager")
    report = person(org, "ora.report", line_manager=boss)
    entry(
        report,
        type="hospitality",
        counterparty="OPCC hospitality",
        verdict={"register_keeper": "line_manager", "citations": ["opcc:15.2"]},
    )
    response = named_page(client, boss.user, "opcc-line-manager-records")
    assert counterparties(response) == ["OPCC hospitality"]


# --- the list of registers ------------------------------------------------------------------


def slugs(response) -> list[str]:
    return [named.slug for named in response.context["registers"]]


def test_the_list_shows_only_the_registers_you_keep(client, thurrock_staff, ecc_team):
    dana = thurrock_staff["dana"]
    client.force_login(dana.user)
    assert slugs(client.get(reverse("named-register-list"))) == [f"thurrock-director-{dana.pk}"]
    client.force_login(ecc_team["mia"].user)
    assert slugs(client.get(reverse("named-register-list"))) == ["ecc-line-manager-records"]


def test_the_monitoring_officer_lists_their_organisations_registers(
    client, monitoring_officer, thurrock_staff
):
    client.force_login(monitoring_officer.user)
    listed = slugs(client.get(reverse("named-register-list")))
    directors = sorted(
        [thurrock_staff[name] for name in ("cora", "dana", "dave")],
        key=lambda d: (d.user.last_name, d.user.first_name),
    )
    assert listed == [
        "thurrock-gifts-and-hospitality-senior",
        "thurrock-interests-senior",
        *[f"thurrock-director-{d.pk}" for d in directors],
    ]


def test_a_superuser_lists_every_register(client, probation, county, ecc_team, thurrock_staff):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    listed = slugs(client.get(reverse("named-register-list")))
    for slug in (
        SLUG_EP,
        SLUG_CC,
        "thurrock-gifts-and-hospitality-senior",
        "ecc-line-manager-records",
    ):
        assert slug in listed


def test_someone_who_keeps_nothing_gets_403(client, officer):
    client.force_login(officer.user)
    assert client.get(reverse("named-register-list")).status_code == 403


def test_named_registers_take_the_same_filters(client, thurrock_staff):
    dana = thurrock_staff["dana"]
    response = named_page(client, dana.user, f"thurrock-director-{dana.pk}", type="hospitality")
    assert counterparties(response) == ["Olive lunch"]
