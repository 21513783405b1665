"""The privacy notice (/privacy/notice/): anyone may read it, signed in or not; how long
each type is kept comes from the retention settings and how long ended entries stay
published from the organisation's setting, never from words written by hand; each
employer's clauses come from its code's rules; every page's footer and the sign-in page
link to it."""

from __future__ import annotations

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from declarations.models import RetentionPeriod
from declarations.privacy import notice
from declarations.register import register_settings as rs
from policies.vocabulary import Employer
from tests.factories import ORGANISATIONS, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/privacy/notice/"


@pytest.fixture
def employers(db):
    return {code: OrganisationFactory(code=code) for code in ORGANISATIONS}


def page_of(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return unescape(response.content.decode())


def row(page: str, row_id: str) -> str:
    start = page.index(f'id="{row_id}"')
    return page[start : page.index("</tr>", start)]


def test_the_url_is_named():
    assert reverse("privacy-notice") == URL


def test_anyone_may_read_it_without_signing_in(client, employers):
    page = page_of(client)

    assert "Privacy notice" in page
    assert "sign in and make one yourself" in page


def test_a_signed_in_officer_is_offered_their_own_copy(client, officer):
    client.force_login(officer.user)

    page = page_of(client)

    assert 'href="/privacy/your-data/"' in page
    assert "Make one yourself from" in page
    assert "ask your monitoring officer" in page


def test_it_names_each_employer_as_a_controller(client, employers):
    page = page_of(client)

    controllers = page[
        page.index('id="controller-list"') : page.index("</ul>", page.index('id="controller-list"'))
    ]
    for organisation in employers.values():
        assert organisation.name in controllers


def test_it_describes_each_type_and_says_which_are_special_category_data(client, employers):
    page = page_of(client)

    for kind in ("gift", "hospitality", "interest", "outside_work", "relationship", "disclosure"):
        assert f'id="what-{kind}"' in page
    assert "article 9" in page and "article 10" in page
    assert "staff number" in page


def test_the_periods_come_from_the_retention_settings(client, employers, monitoring_officer):
    thurrock = employers["thurrock"]
    RetentionPeriod.objects.create(organisation=employers["ecc"], type="gift", years=11)

    before = page_of(client)
    rs.change_retention_years(thurrock, "disclosure", 2, monitoring_officer.user, "Shorter")
    after = page_of(client)

    assert "6 years" in row(before, "kept-thurrock-disclosure")
    assert "2 years" in row(after, "kept-thurrock-disclosure")
    assert "11 years" in row(after, "kept-ecc-gift")
    assert "6 years" in row(after, "kept-thurrock-gift")


def test_the_months_ended_entries_stay_published_come_from_the_setting(client, employers):
    opcc = employers["opcc"]
    opcc.publication_drop_months = 18
    opcc.save()

    page = page_of(client)

    assert f"{opcc.name}: 18 months" in page
    assert f"{employers['thurrock'].name}: 6 months" in page


@pytest.mark.parametrize(
    ("code", "kind", "clause"),
    [
        ("thurrock", "gift", "Clause 14.3"),
        ("county-council", "outside_work", "Clause 4.2"),
        ("opcc", "interest", "Clause 8.2"),
        ("essex-probation", "relationship", "Clause 7.5"),
        ("ecc", "hospitality", "Gifts and hospitality"),
    ],
)
def test_it_shows_each_employers_clauses_for_each_type(client, employers, code, kind, clause):
    page = page_of(client)

    start = page.index(f'id="why-{code}-{kind}"')
    reasons = page[start : page.index("</div>", start)]
    assert clause in reasons
    assert f'href="/policies/{code}/#clause-' in reasons


def test_the_clauses_are_those_of_the_rules_that_require_the_type():
    reasons = {r.type: r for r in notice.reasons_for(Employer.THURROCK)}

    gift = [quoted.clause for quoted in reasons["gift"].clauses]
    assert "14.3" in gift
    assert gift == sorted(gift, key=lambda clause: [int(part) for part in clause.split(".")])
    assert all(reasons[kind].clauses for kind in reasons)  # each type is required somewhere


def test_it_costs_a_query_per_employer_at_most(client, employers):
    with CaptureQueriesContext(connection) as queries:
        page_of(client)

    assert len(queries) <= 1 + len(employers)


def test_every_page_footer_links_to_it(client, officer, employers):
    client.force_login(officer.user)

    for url in ("/", "/policies/", "/published/"):
        page = client.get(url).content.decode()
        footer = page[page.index("<footer") :]
        assert 'href="/privacy/notice/"' in footer, url


def test_the_sign_in_page_links_to_it(client, db):
    page = client.get(reverse("login")).content.decode()

    main = page[page.index('id="main-content"') : page.index("<footer")]
    assert 'href="/privacy/notice/"' in main


def paragraph(page: str, paragraph_id: str) -> str:
    start = page.index(f'id="{paragraph_id}"')
    return page[start : page.index("</p>", start)]


def test_it_says_what_starts_the_clock_including_a_settled_one_off_entry(client, employers):
    kept = paragraph(page_of(client), "kept-words")

    assert "for a gift, hospitality or disclosure, is approved or recorded" in kept
    assert "or after the officer leaves, if sooner. Then it is deleted" in kept


def test_it_says_withheld_and_deleted_entries_leave_the_previous_versions(client, employers):
    said = paragraph(page_of(client), "published-versions")

    assert "stays online as a previous version" in said
    assert "an entry withheld for someone\u2019s safety" in said
    assert "an entry deleted under the retention schedule" in said
    assert "removed from every previous version too" in said


def test_it_gives_the_one_month_answer_to_a_request_for_a_copy(client, employers):
    page = page_of(client)

    assert "without undue delay and in any event within one month" in page
    assert "including after you have left" in page
