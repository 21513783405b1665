"""The published register's life cycle: an interest or outside work drops out of the
next publication `publication_drop_months` after it ended, and an entry the monitoring
officer agreed to keep out of the published register is left out, every version of it
(and taken out of what was already published: test_publish_redaction.py).

The director (tests/conftest.py) is senior enough to be published at the default level.
"""

from __future__ import annotations

import datetime

import pytest

from declarations import clock
from declarations.models import PublicationWithholding
from declarations.register import publishing
from tests.factories import PublicationWithholdingFactory, declare

pytestmark = pytest.mark.django_db

# The publication day the drop-out tests publish on.
DAY = datetime.date(2027, 3, 31)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def counterparties(rows) -> set[str]:
    return {row["counterparty"] for row in rows}


def ended(officer, type_: str, ended_on: datetime.date, status: str = "ended", **fields):
    return declare(
        officer,
        type_,
        status,
        date=datetime.date(2025, 1, 6),
        ended_on=ended_on,
        counterparty=f"{type_} ended {ended_on}",
        **fields,
    )


# --- dropping out after it ended --------------------------------------------------------


@pytest.mark.parametrize("type_", ["interest", "outside_work"])
@pytest.mark.parametrize(
    ("ended_on", "published"),
    [
        (datetime.date(2026, 9, 29), False),  # the day before six months before
        (datetime.date(2026, 9, 30), True),  # six months before to the day (no 31 September)
        (datetime.date(2026, 10, 1), True),  # the day after
    ],
)
def test_an_ended_entry_drops_out_six_months_after_it_ended(
    thurrock, director, type_, ended_on, published
):
    entry = ended(director, type_, ended_on)

    rows = publishing.preview(thurrock, "head_of_service", on=DAY)

    assert (entry.counterparty in counterparties(rows)) is published


@pytest.mark.parametrize(
    ("ended_on", "published"),
    [
        (datetime.date(2026, 12, 30), False),
        (datetime.date(2026, 12, 31), True),
        (datetime.date(2027, 1, 1), True),
    ],
)
def test_the_months_are_the_organisations_to_choose(thurrock, director, ended_on, published):
    thurrock.publication_drop_months = 3
    thurrock.save(update_fields=["publication_drop_months"])
    entry = ended(director, "interest", ended_on)

    rows = publishing.preview(thurrock, "head_of_service", on=DAY)

    assert (entry.counterparty in counterparties(rows)) is published


@pytest.mark.parametrize(
    ("ended_on", "published"),
    [(DAY - datetime.timedelta(days=1), False), (DAY, True)],
)
def test_with_no_months_it_drops_out_once_it_has_ended(thurrock, director, ended_on, published):
    thurrock.publication_drop_months = 0
    thurrock.save(update_fields=["publication_drop_months"])
    entry = ended(director, "outside_work", ended_on)

    rows = publishing.preview(thurrock, "head_of_service", on=DAY)

    assert (entry.counterparty in counterparties(rows)) is published


def test_an_accepted_entry_with_an_end_date_drops_out_the_same_way(thurrock, director):
    gone = ended(director, "interest", datetime.date(2026, 9, 1), status="recorded")
    kept = ended(director, "outside_work", datetime.date(2026, 10, 1), status="approved")

    rows = publishing.preview(thurrock, "head_of_service", on=DAY)

    assert counterparties(rows) == {kept.counterparty}
    assert gone.counterparty not in counterparties(rows)


def test_gifts_and_hospitality_never_drop_out(thurrock, director):
    declare(director, "gift", "recorded", date=datetime.date(2019, 1, 1), counterparty="Old gift")
    declare(director, "hospitality", "approved", counterparty="Dinner")

    rows = publishing.preview(thurrock, "head_of_service", on=DAY)

    assert counterparties(rows) == {"Old gift", "Dinner"}


def test_an_ongoing_interest_stays(thurrock, director):
    declare(
        director, "interest", "recorded", date=datetime.date(2010, 1, 1), counterparty="Ongoing"
    )

    assert counterparties(publishing.preview(thurrock, "head_of_service", on=DAY)) == {"Ongoing"}


def test_publishing_drops_them_on_the_day_it_publishes(thurrock, director, monitoring_officer):
    entry = ended(director, "interest", datetime.date(2026, 9, 30))

    with clock.set_to(at(DAY)):
        first = publishing.publish(thurrock, by=monitoring_officer)
    with clock.set_to(at(DAY + datetime.timedelta(days=1))):
        second = publishing.publish(thurrock, by=monitoring_officer)

    assert counterparties(first.entries) == {entry.counterparty}
    assert second.entries == []
    # The earlier publication is kept as it was.
    first.refresh_from_db()
    assert counterparties(first.entries) == {entry.counterparty}


def test_an_ended_gift_or_an_ended_entry_with_no_end_date_is_never_published(thurrock, director):
    declare(director, "gift", "ended", counterparty="Ended gift")
    declare(director, "interest", "ended", counterparty="No end date")

    assert publishing.preview(thurrock, "head_of_service", on=DAY) == []


# --- withheld entries -------------------------------------------------------------------


def withhold(declaration, by, state: str = "granted") -> PublicationWithholding:
    if state == "asked":
        return PublicationWithholdingFactory(declaration=declaration)
    return PublicationWithholdingFactory(
        declaration=declaration,
        state=state,
        decided_by=by,
        decided_at=clock.now(),
        decision_reason="Agreed",
    )


def test_a_withheld_entry_is_left_out_and_others_stay(thurrock, director, monitoring_officer):
    hidden = declare(director, "outside_work", "approved", counterparty="Hidden work")
    declare(director, "gift", "recorded", counterparty="Shown gift")
    withhold(hidden, monitoring_officer)

    publication = publishing.publish(thurrock, by=monitoring_officer)

    assert counterparties(publication.entries) == {"Shown gift"}


def test_every_version_of_a_withheld_entry_is_left_out(thurrock, director, monitoring_officer):
    first = declare(director, "interest", "superseded", counterparty="First words")
    latest = declare(
        director,
        "interest",
        "recorded",
        counterparty="Newer words",
        reference=first.reference,
        version=2,
        amends=first,
    )
    withhold(first, monitoring_officer)  # asked on the first version: the reference counts

    rows = publishing.preview(thurrock, "head_of_service")

    assert latest.counterparty not in counterparties(rows)
    assert rows == []


@pytest.mark.parametrize("state", ["asked", "refused"])
def test_an_entry_waiting_or_refused_is_published(thurrock, director, monitoring_officer, state):
    entry = declare(director, "gift", "recorded", counterparty="Still public")
    withhold(entry, monitoring_officer, state=state)

    rows = publishing.preview(thurrock, "head_of_service")

    assert counterparties(rows) == {"Still public"}


def test_a_withholding_in_another_organisation_does_not_reach_this_one(
    thurrock, director, stranger, monitoring_officer
):
    entry = declare(director, "gift", "recorded", counterparty="Thurrock gift")
    elsewhere = declare(stranger, "gift", "recorded", counterparty="Elsewhere")
    # The same reference text, but another organisation's request.
    PublicationWithholdingFactory(
        declaration=elsewhere, reference=entry.reference, state="granted", decided_at=clock.now()
    )

    assert counterparties(publishing.preview(thurrock, "head_of_service")) == {"Thurrock gift"}


def test_the_preview_is_still_one_query(thurrock, director, django_assert_num_queries):
    for number in range(3):
        entry = declare(director, "outside_work", "approved", counterparty=f"Work {number}")
        withhold(entry, director)
    declare(director, "gift", "recorded")

    with django_assert_num_queries(1):
        publishing.preview(thurrock, "head_of_service")
