"""The registers the codes name, each seen by its keeper only.

Essex Probation 7.4 (Secretary to the Board), the county council's Register of
Officers' Interests (3.5, note 1), Thurrock 14.3 (the monitoring officer's for assistant
directors and above, each relevant director's for the officers below) and 18.1, and the
OPCC and ECC records kept by line managers. Each employer module declares its registers
(policies.duties); membership reads what was recorded when the entry was submitted, so
a promotion, a new line manager or a new director afterwards moves nothing.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.filing.services import lodge
from declarations.models import Declaration, Officer
from declarations.register.named import NoSuchRegister, named_register
from tests.declarations.register.export_helpers import download
from tests.factories import (
    GiftFactory,
    HospitalityFactory,
    InterestFactory,
    OfficerFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
    entry,
)

pytestmark = pytest.mark.django_db


def person(org, username: str, level: str = "staff", line_manager: Officer | None = None):
    first, last = username.split(".")
    return OfficerFactory(
        organisation=org,
        user=UserFactory(username=username, first_name=first.title(), last_name=last.title()),
        level=level,
        line_manager=line_manager,
    )


DRAFTS = {"gift": GiftFactory, "hospitality": HospitalityFactory, "interest": InterestFactory}


def filed(officer: Officer, counterparty: str, type: str = "gift", **detail) -> Declaration:
    """A declaration submitted through the real submission service, which records the
    officer's level and the register keeper (role and person) as they are now."""
    if type == "interest":
        detail.setdefault("could_conflict", True)
    draft = DRAFTS[type](
        declaration__officer=officer, declaration__counterparty=counterparty, **detail
    ).declaration
    lodge(draft, actor=officer.user)
    draft.refresh_from_db()
    return draft


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
    response = download(client, "named-register-export-csv", args=[SLUG_EP])
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
    filed(officer, "Olive gift")
    filed(officer, "Olive lunch", type="hospitality")
    filed(officer, "Olive interest", type="interest")
    filed(line_manager, "Lee gift")
    filed(deep, "Dee gift")
    filed(head, "Hal gift")
    filed(assistant, "Ada gift")
    filed(assistant, "Ada interest", type="interest")
    filed(director, "Dana gift")
    filed(sid, "Sid gift")
    return {
        "dana": director,
        "dave": dave,
        "cora": cora,
        "ada": assistant,
        "sid": sid,
        "lee": line_manager,
        "olive": officer,
    }


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
    assert "kept by Dana Director" in response.content.decode()


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


@pytest.mark.parametrize("slug", ["thurrock-director-abc", "thurrock-director-999999", "nothing"])
def test_a_slug_that_names_no_register_is_no_such_register(monitoring_officer, slug):
    with pytest.raises(NoSuchRegister):
        named_register(monitoring_officer.user, slug)


def test_a_non_director_is_not_a_register(client, monitoring_officer, officer):
    response = named_page(client, monitoring_officer.user, f"thurrock-director-{officer.pk}")
    assert response.status_code == 404


def test_a_promotion_after_filing_does_not_move_an_entry_between_registers(
    client, monitoring_officer, thurrock_staff
):
    dana, olive = thurrock_staff["dana"], thurrock_staff["olive"]
    olive.level = "assistant_director"
    olive.save()

    senior = named_page(client, monitoring_officer.user, "thurrock-gifts-and-hospitality-senior")
    directors = named_page(client, dana.user, f"thurrock-director-{dana.pk}")

    assert "Olive gift" not in counterparties(senior)
    assert "Olive gift" in counterparties(directors)
    filed(olive, "Olive gift as an assistant director")
    senior = named_page(client, monitoring_officer.user, "thurrock-gifts-and-hospitality-senior")
    assert "Olive gift as an assistant director" in counterparties(senior)


def test_a_new_director_does_not_see_the_old_directors_entries(client, thurrock_staff):
    dana, dave, lee = thurrock_staff["dana"], thurrock_staff["dave"], thurrock_staff["lee"]
    lee.line_manager = dave  # Lee's team moves to Dave after filing
    lee.save()

    assert "Olive gift" not in counterparties(
        named_page(client, dave.user, f"thurrock-director-{dave.pk}")
    )
    assert "Olive gift" in counterparties(
        named_page(client, dana.user, f"thurrock-director-{dana.pk}")
    )
    filed(thurrock_staff["olive"], "Olive gift under Dave")
    assert "Olive gift under Dave" in counterparties(
        named_page(client, dave.user, f"thurrock-director-{dave.pk}")
    )


def test_a_director_who_has_left_still_has_a_register_for_the_monitoring_officer(
    client, monitoring_officer, thurrock_staff
):
    dave = thurrock_staff["dave"]
    dave.active = False
    dave.save()

    response = named_page(client, monitoring_officer.user, f"thurrock-director-{dave.pk}")

    assert counterparties(response) == ["Sid gift"]


def test_a_directors_register_costs_the_same_queries_however_deep_the_hierarchy(
    client, thurrock_staff, django_assert_max_num_queries
):
    dana = thurrock_staff["dana"]
    client.force_login(dana.user)
    url = reverse("named-register", args=[f"thurrock-director-{dana.pk}"])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    shallow = len(captured)
    manager = dana
    for depth in range(6):
        manager = person(
            thurrock_staff["dana"].organisation, f"deep.level{depth}", "manager", manager
        )
    filed(person(manager.organisation, "bottom.staff", line_manager=manager), "Deep gift")

    with django_assert_max_num_queries(shallow):
        response = client.get(url)

    assert "Deep gift" in counterparties(response)


# --- OPCC and ECC: records kept by line managers ------------------------------------------


@pytest.fixture
def ecc_team(stranger):
    org = stranger.organisation
    mia = person(org, "mia.manager", level="manager")
    rob = person(org, "rob.report", line_manager=mia)
    max_ = person(org, "max.other", level="manager")
    rae = person(org, "rae.report", line_manager=max_)
    filed(rob, "Rob interest", type="interest")
    filed(rob, "Rob gift", donor_category="member_of_public")
    filed(rae, "Rae interest", type="interest")
    mo = person(org, "meg.monitoring", level="director")
    RoleAssignmentFactory(officer=mo, organisation=org, role="monitoring_officer")
    return {
        "org": org,
        "mia": mia,
        "max": max_,
        "rob": rob,
        "rae": rae,
        "mo": mo,
        "sam": stranger,
    }


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


def test_a_change_of_line_manager_leaves_the_entry_with_the_manager_who_kept_it(client, ecc_team):
    mia, max_, rob = ecc_team["mia"], ecc_team["max"], ecc_team["rob"]
    rob.line_manager = max_
    rob.save()

    assert counterparties(named_page(client, mia.user, "ecc-line-manager-records")) == [
        "Rob interest"
    ]
    assert counterparties(named_page(client, max_.user, "ecc-line-manager-records")) == [
        "Rae interest"
    ]
    filed(rob, "Rob interest under Max", type="interest")
    assert counterparties(named_page(client, max_.user, "ecc-line-manager-records")) == [
        "Rae interest",
        "Rob interest under Max",
    ]


def test_a_former_manager_with_no_reports_still_sees_the_records_they_kept(client, ecc_team):
    mia, rob = ecc_team["mia"], ecc_team["rob"]
    rob.line_manager = None
    rob.save()

    assert counterparties(named_page(client, mia.user, "ecc-line-manager-records")) == [
        "Rob interest"
    ]


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
        register_keeper_officer=boss,
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
