"""manage.py apply_retention: a dry run unless told --commit; --today and --organisation
for an auditor's "what if" (--today a dry run only); a bad option is refused by name,
changing nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from declarations import clock
from declarations.models import Declaration, DeletedEntry
from tests.factories import DeclarationEventFactory, declare

pytestmark = pytest.mark.django_db

EXPIRES = "2032-03-10"  # six years after the gift was rejected
ON_THE_DAY = datetime.datetime(2032, 3, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture
def rejected_gift(officer) -> Declaration:
    gift = declare(
        officer,
        "gift",
        status="rejected",
        date=datetime.date(2026, 2, 20),
        declared_on=datetime.date(2026, 3, 1),
    )
    DeclarationEventFactory(
        declaration=gift,
        action="reject",
        from_status="awaiting_approval",
        to_status="rejected",
        at=datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC),
    )
    return gift


def run(*options: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *options, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_what_would_go_and_deletes_nothing(rejected_gift):
    output = run("--today", EXPIRES)

    assert f"{rejected_gift.reference} (thurrock, gift): rejected on 2026-03-10" in output
    assert "kept 6 years to 2032-03-10" in output
    assert "Dry run: 1 entry past the retention period as on 2032-03-10" in output
    assert Declaration.objects.filter(pk=rejected_gift.pk).exists()
    assert not DeletedEntry.objects.exists()


def test_commit_deletes_and_leaves_a_tombstone(rejected_gift):
    with clock.set_to(ON_THE_DAY):
        output = run("--commit")

    assert "Deleted 1 entry (1 version, 1 history event)" in output
    assert not Declaration.objects.filter(pk=rejected_gift.pk).exists()
    assert DeletedEntry.objects.get().reference == rejected_gift.reference


def test_without_today_it_applies_the_schedule_as_on_the_registers_today(rejected_gift):
    with clock.set_to(datetime.datetime(2032, 3, 9, 12, tzinfo=datetime.UTC)):
        before = run("--commit")
    with clock.set_to(datetime.datetime(2032, 3, 10, 12, tzinfo=datetime.UTC)):
        on_the_day = run("--commit")

    assert "Deleted 0 entries" in before
    assert "Deleted 1 entry" in on_the_day


def test_organisation_limits_it_to_that_organisations_entries(rejected_gift, stranger):
    with clock.set_to(ON_THE_DAY):
        output = run("--organisation", "ecc", "--commit")

    assert rejected_gift.reference not in output
    assert "Deleted 0 entries" in output
    assert Declaration.objects.filter(pk=rejected_gift.pk).exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--today", "10/03/2032"], "--today must be a date written YYYY-MM-DD"),
        (["--today", "2032-02-30"], "--today must be a date written YYYY-MM-DD"),
        (["--organisation", "nowhere"], "--organisation: no organisation with the code 'nowhere'"),
    ],
)
def test_a_bad_option_is_refused_by_name_and_nothing_changes(rejected_gift, options, message):
    with pytest.raises(CommandError, match=message) as refused:
        run(*options, "--commit")

    assert refused.value.returncode == 2
    assert Declaration.objects.filter(pk=rejected_gift.pk).exists()


@pytest.mark.parametrize("today", ["2032-03-11", "2032-03-09"], ids=["later", "earlier"])
def test_commit_with_a_today_other_than_today_is_refused(rejected_gift, today):
    """A later day would delete entries not yet due; any other day is a what-if."""
    with clock.set_to(ON_THE_DAY), pytest.raises(CommandError, match="--today") as refused:
        run("--today", today, "--commit")

    assert refused.value.returncode == 2
    assert "without --commit" in str(refused.value)
    assert Declaration.objects.filter(pk=rejected_gift.pk).exists()
    assert not DeletedEntry.objects.exists()


def test_commit_with_todays_own_date_is_allowed(rejected_gift):
    with clock.set_to(ON_THE_DAY):
        output = run("--today", EXPIRES, "--commit")

    assert "Deleted 1 entry" in output
    assert not Declaration.objects.filter(pk=rejected_gift.pk).exists()


def test_an_entry_that_cannot_be_deleted_is_listed_and_ends_the_run_with_status_1(
    rejected_gift, officer
):
    blocking = declare(officer, "gift", status="awaiting_approval")
    Declaration.objects.filter(pk=blocking.pk).update(amends=rejected_gift)
    out = io.StringIO()

    with clock.set_to(ON_THE_DAY), pytest.raises(CommandError, match="1 entry could not") as failed:
        call_command("apply_retention", "--commit", stdout=out)

    assert failed.value.returncode == 1
    assert f"{rejected_gift.reference} (thurrock, gift)" in out.getvalue()
    assert "kept: it could not be deleted" in out.getvalue()
    assert Declaration.objects.filter(pk=rejected_gift.pk).exists()
