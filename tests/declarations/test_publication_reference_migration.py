"""Migration 0024 gives the rows of publications made before rows kept their entry's
reference that reference, matched by the officer's name as it is today and the entry, so
that withdrawing the entry later finds them even after the officer changes their name.
A row two entries match alike is left as it is."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from declarations.models import Publication
from tests.factories import declare

pytestmark = pytest.mark.django_db

migration = importlib.import_module("declarations.migrations.0024_data_protection")
DAY = datetime.date(2025, 4, 1)


def row(counterparty: str, name: str = "Dana Director", **extra) -> dict[str, str]:
    """A row as publishing snapshotted it before rows kept the reference."""
    return {
        "name": name,
        "job_title": "Director of Housing",
        "type": "Gift",
        "counterparty": counterparty,
        "description": "A bottle of wine",
        "value_gbp": "20.00",
        "date": DAY.isoformat(),
        **extra,
    }


def gift(officer, counterparty: str, status: str = "recorded", **fields):
    return declare(
        officer,
        "gift",
        status,
        counterparty=counterparty,
        description="A bottle of wine",
        date=DAY,
        **fields,
    )


def stamp() -> None:
    migration.stamp_publication_references(apps, None)


def test_a_row_gets_the_reference_of_the_one_entry_it_matches(thurrock, director):
    entry = gift(director, "Thames Stationers")
    publication = Publication.objects.create(
        organisation=thurrock, entries=[row("Thames Stationers")], row_count=1
    )

    stamp()

    publication.refresh_from_db()
    assert publication.entries == [{**row("Thames Stationers"), "reference": entry.reference}]


def test_a_row_every_version_of_one_entry_matches_gets_its_reference(thurrock, director):
    first = gift(director, "Thames Stationers", status="superseded")
    gift(director, "Thames Stationers", reference=first.reference, version=2, amends=first)
    publication = Publication.objects.create(
        organisation=thurrock, entries=[row("Thames Stationers")], row_count=1
    )

    stamp()

    publication.refresh_from_db()
    assert publication.entries[0]["reference"] == first.reference


def test_a_row_two_entries_match_alike_is_left_alone(thurrock, director):
    gift(director, "Thames Stationers")
    gift(director, "Thames Stationers")
    publication = Publication.objects.create(
        organisation=thurrock, entries=[row("Thames Stationers")], row_count=1
    )

    stamp()

    publication.refresh_from_db()
    assert publication.entries == [row("Thames Stationers")]


def test_only_the_organisations_own_entries_and_the_officers_name_match(
    thurrock, director, stranger
):
    gift(stranger, "Thames Stationers")
    gift(director, "Riverside Books")
    kept = row("Earlier", reference="KEPT-1")
    rows = [
        row("Thames Stationers", name="Sam Stranger"),
        row("Riverside Books", name="Ann Other"),
        kept,
    ]
    publication = Publication.objects.create(organisation=thurrock, entries=rows, row_count=3)

    stamp()

    publication.refresh_from_db()
    assert publication.entries == rows


def test_an_officer_without_a_full_name_is_matched_by_username(thurrock, director):
    director.user.first_name = director.user.last_name = ""
    director.user.save()
    entry = gift(director, "Thames Stationers")
    publication = Publication.objects.create(
        organisation=thurrock,
        entries=[row("Thames Stationers", name=director.user.username)],
        row_count=1,
    )

    stamp()

    publication.refresh_from_db()
    assert publication.entries[0]["reference"] == entry.reference


def test_going_back_changes_nothing(thurrock, director):
    entry = gift(director, "Thames Stationers")
    stamped = row("Thames Stationers", reference=entry.reference)
    publication = Publication.objects.create(organisation=thurrock, entries=[stamped], row_count=1)

    migration.leave_publication_references(apps, None)

    publication.refresh_from_db()
    assert publication.entries == [stamped]
