"""Who may see each register page and export: its keeper and system administrators.

Everyone else is refused (403), the anonymous are sent to sign in, and one
organisation's monitoring officer never sees another's entries, while officers
seconded in do appear in the host's register.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse

from tests.declarations.register.export_helpers import download
from tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
    entry,
)

pytestmark = pytest.mark.django_db

WHOLE_REGISTER = ["register", "register-export-csv", "register-export-xlsx", "register-export-pdf"]
NAMED_EXPORTS = ["named-register", *[f"named-register-export-{f}" for f in ("csv", "xlsx", "pdf")]]
SENIOR = "thurrock-gifts-and-hospitality-senior"


@pytest.fixture
def people(officer, line_manager, director, monitoring_officer, stranger):
    entry(officer, counterparty="Thurrock entry")
    return {
        "officer": officer.user,
        "line_manager": line_manager.user,
        "director": director.user,
        "monitoring_officer": monitoring_officer.user,
        "stranger": stranger.user,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        "no_staff_record": UserFactory(username="plain.user"),
    }


def get(client, user, url: str):
    if user is not None:
        client.force_login(user)
    return client.get(url)


WHOLE_EXPECTED = {
    "monitoring_officer": 200,
    "superuser": 200,
    "officer": 403,
    "line_manager": 403,
    "director": 403,
    "stranger": 403,
    "no_staff_record": 403,
}


@pytest.mark.parametrize("name", WHOLE_REGISTER)
@pytest.mark.parametrize(("who", "status"), WHOLE_EXPECTED.items())
def test_whole_register_and_its_exports(client, people, name, who, status):
    response = get(client, people[who], reverse(name))
    assert response.status_code == status
    if status == 403:
        assert "You cannot see this register" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        lambda director: reverse("register"),
        lambda director: reverse("register-export-csv"),
        lambda director: reverse("register-export-xlsx"),
        lambda director: reverse("register-export-pdf"),
        lambda director: reverse("named-register-list"),
        lambda director: reverse("named-register", args=[SENIOR]),
        lambda director: reverse("named-register", args=[f"thurrock-director-{director.pk}"]),
        lambda director: reverse("named-register-export-csv", args=[SENIOR]),
        lambda director: reverse("named-register-export-pdf", args=[SENIOR]),
    ],
)
def test_the_anonymous_are_sent_to_sign_in(client, director, url):
    target = url(director)
    response = client.get(target)
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))
    assert "next=" in response.url


@pytest.mark.parametrize("name", NAMED_EXPORTS)
@pytest.mark.parametrize(
    ("who", "status"),
    {**WHOLE_EXPECTED, "director": 403}.items(),
)
def test_the_monitoring_officers_named_register(client, people, name, who, status):
    assert get(client, people[who], reverse(name, args=[SENIOR])).status_code == status


@pytest.mark.parametrize("name", NAMED_EXPORTS)
@pytest.mark.parametrize(
    ("who", "status"),
    {**WHOLE_EXPECTED, "director": 200}.items(),
)
def test_a_directors_named_register(client, people, director, name, who, status):
    url = reverse(name, args=[f"thurrock-director-{director.pk}"])
    assert get(client, people[who], url).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    {**WHOLE_EXPECTED, "director": 200}.items(),
)
def test_the_list_of_named_registers(client, people, who, status):
    assert get(client, people[who], reverse("named-register-list")).status_code == status


def test_pages_are_read_only(client, people):
    client.force_login(people["monitoring_officer"])
    assert client.post(reverse("register")).status_code == 405
    # Asking for an export is the one POST: it makes an export, not a change to the register.
    assert client.post(reverse("register-export-csv")).status_code == 303
    assert client.put(reverse("register-export-csv")).status_code == 405


# --- one organisation's monitoring officer, another's entries -----------------------------


@pytest.fixture
def ecc_monitoring_officer(stranger):
    mo = OfficerFactory(
        organisation=stranger.organisation,
        user=UserFactory(username="erin.ecc", first_name="Erin", last_name="Ecc"),
    )
    RoleAssignmentFactory(officer=mo, organisation=stranger.organisation, role="monitoring_officer")
    return mo


def csv_references(response) -> set[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["Reference"] for row in csv.DictReader(io.StringIO(text))}


def test_another_organisations_monitoring_officer_cannot_see_these_entries(
    client, officer, stranger, ecc_monitoring_officer
):
    thurrock_entry = entry(officer)
    ecc_entry = entry(stranger)
    client.force_login(ecc_monitoring_officer.user)
    page = client.get(reverse("register"))
    assert [d.reference for d in page.context["page"].rows] == [ecc_entry.reference]
    assert thurrock_entry.reference not in page.content.decode()
    assert csv_references(download(client, "register-export-csv")) == {ecc_entry.reference}
    for name in WHOLE_REGISTER:
        url = reverse(name) + "?organisation=thurrock"
        assert client.get(url).status_code == 403, name


def test_officers_seconded_in_appear_in_the_hosts_register(
    client, thurrock, monitoring_officer, ecc_monitoring_officer
):
    seconded = OfficerFactory(organisation=OrganisationFactory(code="ecc"), seconded_to=thurrock)
    declaration = entry(seconded, counterparty="Seconded officer's gift")
    client.force_login(monitoring_officer.user)
    page = client.get(reverse("register"))
    assert declaration.reference in [d.reference for d in page.context["page"].rows]
    assert declaration.reference in csv_references(download(client, "register-export-csv"))
    # ...and in their home employer's register too.
    client.force_login(ecc_monitoring_officer.user)
    assert declaration.reference in csv_references(download(client, "register-export-csv"))


def test_a_former_monitoring_officer_is_refused(client, thurrock):
    former = OfficerFactory(organisation=thurrock)
    RoleAssignmentFactory(
        officer=former, organisation=thurrock, role="monitoring_officer", valid_to="2021-03-31"
    )
    client.force_login(former.user)
    assert client.get(reverse("register")).status_code == 403
