"""The published register as the public reads it: no sign-in, the latest snapshot only,
and nothing about an officer beyond their name, job title and the entry."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from declarations.models import Declaration, Publication, PublishedPage
from declarations.register import publishing
from tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    UserFactory,
    declare,
)
from tests.workers import run_the_worker, worker_runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def senior(thurrock):
    """A director with distinctive personal data that must never be published."""
    return OfficerFactory(
        organisation=thurrock,
        user=UserFactory(
            username="pat.senior",
            first_name="Pat",
            last_name="Senior",
            email="pat.private.mailbox@example.org",
        ),
        staff_number="ZX998877",
        department="Clandestine Affairs Unit",
        level="director",
        spinal_column_point=31999,
        job_title="Director of Place",
    )


def page_url(code: str = "thurrock") -> str:
    return reverse("published-register", args=[code])


def csv_url(code: str = "thurrock") -> str:
    return reverse("published-register-csv", args=[code])


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_addresses():
    assert page_url() == "/published/thurrock/"
    assert csv_url() == "/published/thurrock.csv"
    assert reverse("published-index") == "/published/"


def test_anyone_can_read_the_published_register_without_signing_in(
    client, thurrock, senior, monitoring_officer
):
    declare(senior, "gift", counterparty="Acme Supplies Ltd", description="A bottle of wine")
    publishing.publish(thurrock, by=monitoring_officer)

    response = client.get(page_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Pat Senior" in html
    assert "Director of Place" in html
    assert "Acme Supplies Ltd" in html
    assert "A bottle of wine" in html
    assert "£20.00" in html


def test_anyone_can_download_the_csv(client, thurrock, senior, monitoring_officer):
    declare(senior, "gift", counterparty="Acme Supplies Ltd", detail={"value_gbp": Decimal("25")})
    publishing.publish(thurrock, by=monitoring_officer)

    response = client.get(csv_url())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == [
        "Name",
        "Job title",
        "Type",
        "Counterparty",
        "Description",
        "Value (£)",
        "Date",
        "End date",
        "What happened to it",
        "Date it happened",
    ]
    assert rows[1] == [
        "Pat Senior",
        "Director of Place",
        "Gift",
        "Acme Supplies Ltd",
        "A bottle of wine",
        "25.00",
        "2026-11-02",
        "",
        "",
        "",
    ]


def test_the_page_says_when_it_was_last_updated(client, thurrock, senior, monitoring_officer):
    publication = publishing.publish(thurrock, by=monitoring_officer)

    html = client.get(page_url()).content.decode()

    assert 'id="last-updated"' in html
    assert f"{publication.published_at:%Y-%m-%d}" in html
    assert "Last updated" in html


def test_the_index_lists_only_organisations_that_have_published(
    client, thurrock, monitoring_officer, stranger
):
    OrganisationFactory(code="opcc")
    publishing.publish(thurrock, by=monitoring_officer)

    response = client.get(reverse("published-index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert page_url("thurrock") in html
    assert page_url("ecc") not in html
    assert page_url("opcc") not in html


@pytest.mark.parametrize("url", ["/published/ecc/", "/published/ecc.csv", "/published/nowhere/"])
def test_an_organisation_that_never_published_is_not_found(client, thurrock, stranger, url):
    assert client.get(url).status_code == 404


def test_an_employer_that_has_not_published_gets_a_page_saying_so(
    client, thurrock, monitoring_officer, stranger
):
    publishing.publish(thurrock, by=monitoring_officer)

    response = client.get(page_url("ecc"))

    assert response.status_code == 404
    html = response.content.decode()
    assert "Essex County Council has not published its register yet" in html
    assert f'href="{page_url("thurrock")}"' in html  # those that have
    assert f'href="{reverse("published-index")}"' in html


def test_an_address_that_names_no_employer_gets_the_same_help(client, thurrock, monitoring_officer):
    publishing.publish(thurrock, by=monitoring_officer)

    response = client.get(page_url("nowhere"))

    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no published register at this address" in html
    assert f'href="{page_url("thurrock")}"' in html


@pytest.mark.parametrize(
    ("level", "words"),
    [
        ("staff", "declared by all its officers"),
        ("director", "declared by its officers at director level or above"),
    ],
)
def test_the_page_says_whose_declarations_it_lists(
    client, thurrock, senior, monitoring_officer, level, words
):
    publishing.publish(thurrock, minimum_level=level, by=monitoring_officer)

    html = client.get(page_url()).content.decode()

    assert words in html
    assert "senior officers" not in html


def test_the_published_page_and_the_keepers_register_have_different_titles(
    client, thurrock, monitoring_officer
):
    publishing.publish(thurrock, by=monitoring_officer)

    def title(response) -> str:
        html = response.content.decode()
        return html[html.index("<title>") + len("<title>") : html.index("</title>")]

    public = title(client.get(page_url()))
    client.force_login(monitoring_officer.user)
    staff = title(client.get(reverse("register")))

    assert public.startswith("Published register of declarations: Thurrock Council")
    assert staff != public


def test_what_happened_shows_on_the_page(client, thurrock, senior, monitoring_officer):
    declare(
        senior,
        "gift",
        counterparty="Declined Co",
        detail={"status": "declined"},
        disposition="declined",
        disposition_on=datetime.date(2026, 11, 10),
        disposition_recorded_at=datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC),
    )
    publishing.publish(thurrock, by=monitoring_officer)

    html = client.get(page_url()).content.decode()

    assert "What happened to it" in html
    assert "Declined, <time" in html
    assert "10 November 2026" in html


def test_the_public_sees_the_latest_publication(client, thurrock, senior, monitoring_officer):
    declare(senior, "gift", counterparty="In the first")
    publishing.publish(thurrock, by=monitoring_officer)
    declare(senior, "gift", counterparty="Only in the second")
    publishing.publish(thurrock, by=monitoring_officer)

    html = client.get(page_url()).content.decode()

    assert "In the first" in html
    assert "Only in the second" in html


def test_nothing_recorded_after_publishing_shows_until_it_is_published_again(
    client, thurrock, senior, monitoring_officer
):
    declare(senior, "gift", counterparty="Before publishing")
    publishing.publish(thurrock, by=monitoring_officer)
    declare(senior, "gift", counterparty="After publishing")

    html = client.get(page_url()).content.decode()
    rows = csv_rows(client.get(csv_url()))

    assert "Before publishing" in html
    assert "After publishing" not in html
    assert [row[3] for row in rows[1:]] == ["Before publishing"]

    publishing.publish(thurrock, by=monitoring_officer)
    assert "After publishing" in client.get(page_url()).content.decode()


def test_nothing_that_should_stay_private_ever_appears(
    client, thurrock, senior, officer, monitoring_officer
):
    declare(senior, "gift", counterparty="Published donor")
    for status in (
        "draft",
        "submitted",
        "awaiting_approval",
        "awaiting_acknowledgement",
        "rejected",
        "withdrawn",
        "superseded",
    ):
        declare(senior, "gift", status, counterparty=f"Hidden {status}")
    declare(senior, "relationship", counterparty="Hidden relationship")
    declare(senior, "gift", counterparty="Hidden family gift", detail={"offered_to": "family"})
    declare(
        senior, "hospitality", counterparty="Hidden family meal", detail={"offered_to": "family"}
    )
    declare(senior, "interest", counterparty="Hidden relative", detail={"held_by": "relative"})
    declare(officer, "gift", counterparty="Hidden junior officer")
    publishing.publish(thurrock, by=monitoring_officer)

    html = client.get(page_url()).content.decode()
    text = client.get(csv_url()).content.decode("utf-8-sig")

    assert "Published donor" in html
    assert "Published donor" in text
    for body in (html, text):
        assert "Hidden" not in body
        assert "Olive Officer" not in body


def test_no_personal_data_beyond_name_job_title_and_the_entry(
    client, thurrock, senior, monitoring_officer
):
    gift = declare(senior, "gift", counterparty="Acme Supplies Ltd")
    gift.verdict = {"outcome": "declare", "reasons": ["A very particular reason sentence."]}
    gift.save()
    publishing.publish(thurrock, by=monitoring_officer)

    html = client.get(page_url()).content.decode()
    text = client.get(csv_url()).content.decode("utf-8-sig")

    for body in (html, text):
        assert "Pat Senior" in body
        assert senior.staff_number not in body
        assert senior.user.email not in body
        assert "pat.senior" not in body  # the username
        assert senior.department not in body
        assert "31999" not in body  # spinal column point
        assert "Director" not in body.replace("Director of Place", "")  # level
        assert "A very particular reason sentence." not in body
        assert gift.reference not in body


def test_the_csv_neutralises_cells_a_spreadsheet_would_run(
    client, thurrock, senior, monitoring_officer
):
    declare(
        senior,
        "gift",
        counterparty='=HYPERLINK("http://evil.example","Click")',
        description="@SUM(1+1)",
    )
    publishing.publish(thurrock, by=monitoring_officer)

    [_, row] = csv_rows(client.get(csv_url()))

    assert row[3] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row[4] == "'@SUM(1+1)"


def test_the_page_escapes_what_officers_typed(client, thurrock, senior, monitoring_officer):
    declare(senior, "gift", counterparty="<script>alert(1)</script>")
    publishing.publish(thurrock, by=monitoring_officer)

    html = client.get(page_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_published_pages_do_not_change_anything(client, thurrock, monitoring_officer):
    publishing.publish(thurrock, by=monitoring_officer)

    assert client.post(page_url()).status_code == 405
    assert client.post(csv_url()).status_code == 405


# --- pages: rendered once at publishing, served as stored ---------------------------------


def entry(n: int) -> dict[str, str]:
    """A snapshot row, as publishing.entry_for writes one."""
    return {
        "name": f"Officer {n:03}",
        "job_title": "Head of Service",
        "type": "Gift",
        "counterparty": f"Donor {n:03}",
        "description": "A hamper",
        "value_gbp": "20.00",
        "date": "2026-11-02",
        "ended_on": "",
        "what_happened": "",
        "what_happened_on": "",
    }


def snapshot(organisation, count: int) -> Publication:
    """A publication as one made before pages were stored: entries, and no pages."""
    return Publication.objects.create(
        organisation=organisation,
        entries=[entry(n) for n in range(1, count + 1)],
        row_count=count,
    )


def body_rows(html: str) -> int:
    return html.count('<tr class="govuk-table__row">') - 1  # less the heading row


def test_the_page_serves_the_stored_page_and_never_reads_the_register(
    client, thurrock, senior, monitoring_officer
):
    gift = declare(senior, "gift", counterparty="As published")
    publication = publishing.publish(thurrock, by=monitoring_officer)
    gift.counterparty = "Changed since"
    gift.save()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert publication.pages.get().html in html
    assert "As published" in html
    assert "Changed since" not in html
    assert len(queries) <= 5
    assert not [q for q in queries if "declarations_declaration" in q["sql"]]
    # Nor the snapshot: the entries JSON is left in the database.
    assert not [q for q in queries if '"entries"' in q["sql"]]


def test_the_page_costs_the_same_queries_however_long_the_register(
    client, thurrock, monitoring_officer
):
    small = snapshot(thurrock, 3)
    publishing.store_pages(small)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url())
    large = snapshot(thurrock, 520)
    publishing.store_pages(large)
    with CaptureQueriesContext(connection) as many:
        response = client.get(page_url(), {"page": 6})

    assert response.status_code == 200
    assert len(many) == len(few) <= 5
    assert body_rows(response.content.decode()) == 50
    assert len(response.content) < 100_000


def test_the_pages_follow_one_another_with_previous_and_next(client, thurrock, monitoring_officer):
    publishing.store_pages(snapshot(thurrock, 120))

    first = client.get(page_url()).content.decode()
    second = client.get(page_url(), {"page": "2"}).content.decode()
    last = client.get(page_url(), {"page": "3"}).content.decode()

    assert "Page 1 of 3" in first
    assert "all 120 entries" in first  # the whole register is the CSV
    assert "Declarations 1 to 50 of 120: Officer 001 to Officer 050" in first
    assert 'href="?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    assert "Donor 051" not in first
    assert "Page 2 of 3" in second
    assert 'href="?page=1" rel="prev"' in second
    assert 'href="?page=3" rel="next"' in second
    assert 'aria-current="page">2<' in second
    assert "Donor 051" in second
    assert body_rows(last) == 20
    assert "Donor 120" in last
    assert 'rel="next"' not in last


def test_a_long_register_links_the_first_last_and_neighbouring_pages(
    client, thurrock, monitoring_officer
):
    publishing.store_pages(snapshot(thurrock, 500))

    html = client.get(page_url(), {"page": 5}).content.decode()

    links = [n for n in range(1, 11) if f'aria-label="Page {n}"' in html]
    assert links == [1, 4, 5, 6, 10]
    assert html.count("govuk-pagination__item--ellipses") == 2


def test_a_register_of_one_page_has_no_pagination(client, thurrock, senior, monitoring_officer):
    declare(senior, "gift", counterparty="Only one")
    publishing.publish(thurrock, by=monitoring_officer)

    html = client.get(page_url()).content.decode()

    assert "Only one" in html
    assert "govuk-pagination" not in html
    assert 'id="page-of"' not in html
    assert ">Declarations</caption>" in html


@pytest.mark.parametrize(
    "page", ["0", "4", "-1", "1.5", "abc", "", "99999999999999999999", "\u0661", "1" * 5000]
)
def test_a_page_that_is_not_in_the_register_is_not_found(
    client, thurrock, monitoring_officer, page
):
    publishing.store_pages(snapshot(thurrock, 120))

    response = client.get(page_url(), {"page": page})

    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no such page of this register: it has 3 pages." in html
    assert f'href="{page_url()}"' in html
    assert "Donor" not in html


def test_an_empty_publication_says_there_is_nothing_in_it(client, thurrock, monitoring_officer):
    publishing.publish(thurrock, by=monitoring_officer)

    response = client.get(page_url())
    beyond = client.get(page_url(), {"page": 2})

    assert response.status_code == 200
    assert "There are no declarations to publish." in response.content.decode()
    assert "published-entries" not in response.content.decode()
    assert beyond.status_code == 404


def test_a_page_not_yet_rendered_is_rendered_on_its_own_then_served_as_stored(
    client, thurrock, tasks_in_the_database
):
    publication = snapshot(thurrock, 60)

    first = client.get(page_url(), {"page": 2})

    assert first.status_code == 200
    assert "Donor 060" in first.content.decode()
    pages = list(publication.pages.order_by("number"))
    assert [(p.number, p.first_row, p.row_count) for p in pages] == [(2, 51, 10)]
    # The rest is left to the worker, asked for once.
    rendering = DBTaskResult.objects.filter(task_path=publishing.render_publication.module_path)
    assert rendering.count() == 1

    # From now on the stored page is what is served: it is not rendered again.
    PublishedPage.objects.filter(publication=publication, number=2).update(html="<p>As stored</p>")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(page_url(), {"page": 2})

    assert "<p>As stored</p>" in again.content.decode()
    assert "Donor 060" not in again.content.decode()
    assert publication.pages.count() == 1
    assert len(queries) <= 5


@worker_runs
def test_publishing_leaves_rendering_the_pages_and_csv_to_the_worker(
    thurrock, senior, monitoring_officer, tasks_in_the_database
):
    declare(senior, "gift", counterparty="Rendered Later Ltd")

    publication = publishing.publish(thurrock, by=monitoring_officer)

    assert not publication.pages.exists()
    run_the_worker()
    publication.refresh_from_db()
    assert [page.number for page in publication.pages.all()] == [1]
    assert "Rendered Later Ltd" in publication.pages.get().html
    assert "Rendered Later Ltd" in publication.csv


# --- the CSV, written once when published -------------------------------------------------


def test_the_csv_is_written_when_published_and_served_as_written(
    client, thurrock, senior, monitoring_officer
):
    declare(senior, "gift", counterparty="Written Once Ltd")
    publication = publishing.publish(thurrock, by=monitoring_officer)
    assert "Written Once Ltd" in Publication.objects.get(pk=publication.pk).csv
    Declaration.objects.filter(counterparty="Written Once Ltd").update(counterparty="Changed Ltd")

    rows = csv_rows(client.get(csv_url()))

    assert any("Written Once Ltd" in row for row in rows)
    assert not any("Changed Ltd" in row for row in rows)


def test_a_csv_published_before_it_was_kept_is_written_once(
    client, thurrock, senior, monitoring_officer
):
    declare(senior, "gift", counterparty="Older Ltd")
    publication = publishing.publish(thurrock, by=monitoring_officer)
    Publication.objects.filter(pk=publication.pk).update(csv="")

    rows = csv_rows(client.get(csv_url()))

    assert any("Older Ltd" in row for row in rows)
    assert "Older Ltd" in Publication.objects.get(pk=publication.pk).csv
