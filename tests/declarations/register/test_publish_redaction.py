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
from django.urls import reverse

from declarations import clock
from declarations.models import Publication
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
    client, monitoring_officer, hidden, two_publications
):
    first, second = two_publications
    before = public_texts(client, first)
    asked = PublicationWithholdingFactory(declaration=hidden)

    withholding.decide(asked, monitoring_officer, withholding.GRANT, "A real risk")

    after = public_texts(client, first)
    assert all(HIDDEN in text for text in before.values())
    assert {name: HIDDEN in text for name, text in after.items()} == dict.fromkeys(after, False)
    assert {name: SHOWN in text for name, text in after.items()} == dict.fromkeys(after, True)
    for publication in (first, second):
        publication.refresh_from_db()
        assert publication.row_count == 1
        assert [row["counterparty"] for row in publication.entries] == [SHOWN]


def test_the_pages_of_a_version_it_was_taken_out_of_say_so(
    client, monitoring_officer, hidden, two_publications
):
    first, _ = two_publications
    untouched = visible_text(client.get(reverse("published-register", args=["thurrock"])))

    withholding.decide(
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
