"""Migration 0014 keeps what officers said before dispositions existed, and invents
nothing: a confirmed gift was declined, a confirmed activity did not go ahead, and no
date is made up; those still waiting are given a day to say by."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("declarations", "0013_security_log_person_indexes")]
AFTER = [("declarations", "0014_disposition")]


def migrate(to):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(to)
    return executor.loader.project_state(to).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(executor_leaf())


def executor_leaf():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def make(apps, type_, **fields):
    Organisation = apps.get_model("declarations", "Organisation")
    Officer = apps.get_model("declarations", "Officer")
    Declaration = apps.get_model("declarations", "Declaration")
    User = apps.get_model("auth", "User")
    organisation, _ = Organisation.objects.get_or_create(
        code="thurrock", defaults={"name": "Thurrock Council", "reference_prefix": "THU"}
    )
    number = str(User.objects.count())
    user = User.objects.create(username=f"u{number}")
    officer = Officer.objects.create(user=user, organisation=organisation, staff_number=number)
    return Declaration.objects.create(
        officer=officer, organisation=organisation, type=type_, status="recorded", **fields
    )


def test_confirmed_entries_keep_what_was_said_and_no_date_is_invented(old_apps):
    at = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))
    prohibited = {"outcome": "prohibited"}
    gift = make(old_apps, "gift", confirmed_declined_at=at, verdict=prohibited)
    work = make(old_apps, "outside_work", confirmed_declined_at=at, verdict=prohibited)
    waiting = make(
        old_apps,
        "gift",
        verdict=prohibited,
        submitted_at=at,
    )
    type(waiting).objects.filter(pk=waiting.pk).update(status="awaiting_acknowledgement")

    apps = migrate(AFTER)

    Declaration = apps.get_model("declarations", "Declaration")
    got = {
        row["pk"]: row
        for row in Declaration.objects.values(
            "pk", "disposition", "disposition_on", "disposition_recorded_at", "disposition_due_on"
        )
    }
    assert got[gift.pk]["disposition"] == "declined"
    assert got[work.pk]["disposition"] == "not_gone_ahead"
    assert got[gift.pk]["disposition_on"] is None
    assert got[gift.pk]["disposition_recorded_at"] == at
    assert got[waiting.pk]["disposition"] == ""
    assert got[waiting.pk]["disposition_due_on"] == datetime.date(2026, 3, 12)
