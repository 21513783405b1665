"""Entries withdrawn from what is already published (publishing.redact_published): once
the monitoring officer agrees to keep an entry out of the published register, it goes
from the latest publication and every previous version at once (pages and CSV), the
other rows stay, and those pages say that entries were withdrawn. Rows snapshotted
before rows kept their reference are found by the entry itself.

The director (tests/conftest.py) is senior enough to be published at the default level.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from declarations import clock
from declarations.models import Publication, PublishedPage
from declarations.register import publishing, redact_published, withholding
from tests.declarations.filing.helpers import visible_text
from tests.factories import PublicationWithholdingFactory, declare

pytestmark = pytest.mark.django_db

HIDDEN = "Riverside Refuge Trust"
SHOWN = "Thames Stationers"
WITHDRAWN = "Entries have since been withdrawn from this version of the register"


def on(day: datetime.date):
    return clock.set_to(datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC))


@pytest.fixture
def hidden(director):
    return declare(director, "outside_work", "approved", counterparty=HIDDEN)


@pytest.fixture
def two_publications(thurrock, director, monitoring_officer, hidden):
    """The hidden entry and a gift, published twice; every page and CSV rendered."""
    declare(director, "gift", "recorded", counterparty=SHOWN)
    with on(datetime.date(2026, 3, 2)):
        first = publishing.publish(thurrock, by=monitoring_officer)
    with on(datetime.date(2026, 9, 14)):
        second = publishing.publish(thurrock, by=monitoring_officer)
    for publication in (first, second):
        publishing.render_publication.call(publication.pk)
    return first, second


def public_texts(client, first: Publication) -> dict[str, str]:
    """What the public reads: the latest register and an earlier version, and their CSVs."""
    return {
        "latest page": visible_text(client.get(reverse("published-register", args=["thurrock"]))),
        "earlier page": visible_text(
            client.get(reverse("published-version", args=["thurrock", first.pk]))
        ),
        "latest CSV": client.get(
            reverse("published-register-csv", args=["thurrock"])
        ).content.decode("utf-8-sig"),
        "earlier CSV": client.get(
            reverse("published-version-csv", args=["thurrock", first.pk])
        ).content.decode("utf-8-sig"),
    }


def test_a_granted_request_takes_the_entry_out_of_every_version(
    client, commit, monitoring_officer, hidden, two_publications
):
    first, second = two_publications
    before = public_texts(client, first)
    asked = PublicationWithholdingFactory(declaration=hidden)

    commit(withholding.decide, asked, monitoring_officer, withholding.GRANT, "A real risk")

    after = public_texts(client, first)
    assert all(HIDDEN in text for text in before.values())
    assert {name: HIDDEN in text for name, text in after.items()} == dict.fromkeys(after, False)
    assert {name: SHOWN in text for name, text in after.items()} == dict.fromkeys(after, True)
    for publication in (first, second):
        publication.refresh_from_db()
        assert publication.row_count == 1
        assert [row["counterparty"] for row in publication.entries] == [SHOWN]


def test_the_pages_of_a_version_it_was_taken_out_of_say_so(
    client, commit, monitoring_officer, hidden, two_publications
):
    first, _ = two_publications
    untouched = visible_text(client.get(reverse("published-register", args=["thurrock"])))

    commit(
        withholding.decide,
        PublicationWithholdingFactory(declaration=hidden),
        monitoring_officer,
        withholding.GRANT,
        "A real risk to the officer",
    )

    texts = public_texts(client, first)
    assert WITHDRAWN not in untouched
    for name in ("latest page", "earlier page"):
        assert WITHDRAWN in texts[name]
        # No detail: neither whose entry nor why.
        assert "A real risk" not in texts[name]
    # The versions list counts what each version lists now.
    versions = client.get(reverse("published-versions", args=["thurrock"])).content.decode()
    assert versions.count('govuk-table__cell--numeric">1</td>') == 2
    # Each version it was taken out of is marked so in the list.
    assert versions.count("Entries withdrawn</strong>") == 2


def test_a_refused_request_leaves_every_version_as_it_was(
    client, monitoring_officer, hidden, two_publications
):
    first, _ = two_publications

    withholding.decide(
        PublicationWithholdingFactory(declaration=hidden),
        monitoring_officer,
        withholding.REFUSE,
        "No risk was shown",
    )

    texts = public_texts(client, first)
    assert all(HIDDEN in text and SHOWN in text for text in texts.values())
    assert all(WITHDRAWN not in text for text in texts.values())
    first.refresh_from_db()
    assert first.row_count == 2


def test_a_row_published_before_rows_kept_their_reference_is_found_by_the_entry(
    client, thurrock, director
):
    first = declare(
        director,
        "interest",
        "superseded",
        counterparty="Old words",
        date=datetime.date(2025, 4, 1),
    )
    declare(
        director,
        "interest",
        "recorded",
        counterparty="New words",
        reference=first.reference,
        version=2,
        amends=first,
    )
    old_row = {
        "name": "Dana Director",
        "job_title": "Director of Housing",
        "type": "Interest",
        "counterparty": "Old words",
        "description": first.description,
        "value_gbp": "",
        "date": "2025-04-01",
        "ended_on": "",
        "what_happened": "",
        "what_happened_on": "",
    }
    # The same entry under another officer's name is theirs, not this one.
    namesake = {**old_row, "name": "Sam Someone-Else"}
    old = Publication.objects.create(
        organisation=thurrock, entries=[old_row, namesake], row_count=2
    )

    taken = redact_published(thurrock, {first.reference})

    old.refresh_from_db()
    assert taken == 1
    assert old.entries == [namesake]
    assert old.row_count == 1
    assert "Old words" in publishing.csv_of(old)
    assert "Dana Director" not in publishing.csv_of(old)
    page = visible_text(client.get(reverse("published-version", args=["thurrock", old.pk])))
    assert "Sam Someone-Else" in page
    assert "Dana Director" not in page


def test_only_the_organisations_own_publications_are_rewritten(
    thurrock, stranger, hidden, two_publications
):
    # Another organisation's row with the same reference text is another entry.
    elsewhere = Publication.objects.create(
        organisation=stranger.organisation,
        entries=[{"reference": hidden.reference, "name": "Sam Stranger", "counterparty": HIDDEN}],
        row_count=1,
    )

    taken = redact_published(thurrock, {hidden.reference, ""})

    elsewhere.refresh_from_db()
    assert taken == 2
    assert (elsewhere.row_count, len(elsewhere.entries)) == (1, 1)
    assert elsewhere.entries_withdrawn_at is None
    assert redact_published(thurrock, {hidden.reference}) == 0
    assert redact_published(thurrock, set()) == 0


def test_the_grant_leaves_the_rewrite_to_the_worker(
    tasks_in_the_database, monitoring_officer, hidden, two_publications
):
    first, second = two_publications

    withholding.decide(
        PublicationWithholdingFactory(declaration=hidden),
        monitoring_officer,
        withholding.GRANT,
        "A real risk",
    )

    # Queued in the grant's own transaction: nothing rewritten within the request.
    queued = DBTaskResult.objects.get(task_path=publishing.withdraw_from_published.module_path)
    assert queued.args_kwargs["args"] == [hidden.organisation_id, [hidden.reference]]
    for publication in (first, second):
        publication.refresh_from_db()
        assert (publication.row_count, publication.entries_withdrawn_at) == (2, None)
    assert publishing.withdraw_from_published.call(*queued.args_kwargs["args"]) == 2
    first.refresh_from_db()
    assert first.row_count == 1


def many_rows(count: int, *, start: int = 0) -> list[dict[str, str]]:
    return [
        {"reference": f"REF-{n:04}", "name": f"Officer {n:04}", "counterparty": f"Firm {n:04}"}
        for n in range(start, start + count)
    ]


@pytest.fixture
def two_pages(thurrock):
    """A publication of 51 rows (two pages), both pages stored."""
    publication = Publication.objects.create(
        organisation=thurrock, entries=many_rows(51), row_count=51
    )
    publishing.store_pages(publication)
    return publication


def test_the_rewrite_deletes_the_stored_pages_and_renders_none(two_pages, thurrock):
    with CaptureQueriesContext(connection) as queries:
        taken = redact_published(thurrock, {"REF-0000"})

    two_pages.refresh_from_db()
    assert taken == 1
    assert two_pages.row_count == 50
    assert not PublishedPage.objects.filter(publication=two_pages).exists()
    assert not [q for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert "Officer 0000" not in two_pages.csv
    assert "Officer 0050" in two_pages.csv


def test_a_page_is_rendered_from_the_rewritten_rows_when_first_asked_for(
    client, two_pages, thurrock
):
    redact_published(thurrock, {"REF-0000"})

    response = client.get(reverse("published-version", args=["thurrock", two_pages.pk]))

    text = visible_text(response)
    assert response.status_code == 200
    assert "Officer 0001" in text
    assert "Officer 0000" not in text
    assert WITHDRAWN in text
    assert PublishedPage.objects.filter(publication=two_pages, number=1).exists()


def test_no_page_beyond_the_new_last_page_is_served(client, two_pages, thurrock):
    read_before = Publication.objects.defer("entries", "csv").get(pk=two_pages.pk)

    redact_published(thurrock, {"REF-0000"})
    # A render that raced the rewrite and stored the old second page after it.
    PublishedPage.objects.create(
        publication=two_pages, number=2, html="Officer 0050", first_row=51, row_count=1
    )

    response = client.get(
        reverse("published-version", args=["thurrock", two_pages.pk]), {"page": "2"}
    )
    assert response.status_code == 404
    assert "Officer 0050" not in visible_text(response)
    # Nor to a reader who read the publication's row count before the rewrite.
    assert publishing.page_html(read_before, 2) is None
    assert PublishedPage.objects.filter(publication=two_pages, number=2).count() == 1


def test_the_latest_publication_is_rewritten_first(thurrock):
    older = Publication.objects.create(
        organisation=thurrock,
        published_at=datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC),
        entries=many_rows(2),
        row_count=2,
    )
    latest = Publication.objects.create(
        organisation=thurrock,
        published_at=datetime.datetime(2026, 9, 14, tzinfo=datetime.UTC),
        entries=many_rows(2),
        row_count=2,
    )

    with CaptureQueriesContext(connection) as queries:
        redact_published(thurrock, {"REF-0001"})

    rewritten = [
        publication.pk
        for query in queries.captured_queries
        if query["sql"].startswith('UPDATE "declarations_publication"')
        for publication in (older, latest)
        if f'"id" = {publication.pk}' in query["sql"]
    ]
    assert rewritten == [latest.pk, older.pk]


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="the database locks no rows"
)
def test_publishing_and_withdrawing_lock_the_organisation_before_reading(
    thurrock, director, monitoring_officer
):
    declare(director, "gift", "recorded", counterparty=SHOWN)

    with CaptureQueriesContext(connection) as publishing_queries:
        publishing.publish(thurrock, by=monitoring_officer)
    with CaptureQueriesContext(connection) as withdrawing_queries:
        redact_published(thurrock, {"ANY-1"})

    for queries in (publishing_queries, withdrawing_queries):
        reads = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].startswith("SELECT")
            and (
                "declarations_declaration" in query["sql"]
                or "declarations_publication" in query["sql"]
            )
        ]
        locks = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].startswith("SELECT") and "FOR UPDATE" in query["sql"]
        ]
        assert '"declarations_organisation"' in locks[0].split("FROM")[1]
        first_read = next(i for i, q in enumerate(queries.captured_queries) if q["sql"] in reads)
        first_lock = next(i for i, q in enumerate(queries.captured_queries) if q["sql"] == locks[0])
        assert first_lock < first_read
