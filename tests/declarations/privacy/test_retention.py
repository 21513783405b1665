"""The retention schedule (privacy.retention): an entry goes its organisation's period
after it ended, was rejected, withdrawn or settled, or after its officer left, whole
(every version, with its details, steps, history, reviews and withholding requests),
leaving a tombstone that holds no personal data; nothing open goes, and nothing else."""

from __future__ import annotations

import datetime

import pytest
from django.forms.models import model_to_dict
from django.utils.module_loading import import_string

from conduct_register.schedule import JOBS
from declarations import clock
from declarations.choices import SecurityEventKind
from declarations.models import (
    AnnualDeclaration,
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    DeletedEntry,
    GiftHospitality,
    Interest,
    InterestReview,
    Officer,
    PublicationWithholding,
    SecurityEvent,
)
from declarations.privacy import retention
from declarations.privacy.retention import (
    add_years,
    apply_retention,
    apply_retention_task,
    expired_entries,
)
from declarations.register import publishing
from tests.factories import (
    AnnualDeclarationFactory,
    ApprovalStepFactory,
    DeclarationEventFactory,
    InterestReviewFactory,
    OfficerFactory,
    OrganisationFactory,
    PublicationWithholdingFactory,
    RetentionPeriodFactory,
    declare,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 10)  # the day each entry's retention starts
EXPIRES = datetime.date(2032, 3, 10)  # six years on, the default period
DECLARED = {"date": datetime.date(2026, 2, 20), "declared_on": datetime.date(2026, 3, 1)}
LONG_AFTER = datetime.date(2060, 1, 1)


def moved(declaration: Declaration, to_status: str, on: datetime.date, action: str = "") -> None:
    """The event that moved the version into `to_status` on the day `on`."""
    DeclarationEventFactory(
        declaration=declaration,
        action=action or {"rejected": "reject", "withdrawn": "withdraw"}.get(to_status, "record"),
        from_status="awaiting_approval",
        to_status=to_status,
        at=datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC),
    )


def ended(officer: Officer, on: datetime.date = START) -> Declaration:
    since = min(on, DECLARED["date"])
    return declare(officer, "interest", status="ended", ended_on=on, **{**DECLARED, "date": since})


def rejected(officer: Officer, on: datetime.date = START) -> Declaration:
    made = declare(officer, "gift", status="rejected", **DECLARED)
    moved(made, "rejected", on)
    return made


def withdrawn(officer: Officer, on: datetime.date = START) -> Declaration:
    made = declare(officer, "gift", status="withdrawn", **DECLARED)
    moved(made, "withdrawn", on)
    return made


def settled_gift(officer: Officer, on: datetime.date = START) -> Declaration:
    made = declare(officer, "gift", status="recorded", **DECLARED)
    moved(made, "recorded", on)
    return made


def hospitality_after_it_was_settled(officer: Officer, on: datetime.date = START) -> Declaration:
    """Approved in January for a dinner on the day: kept from the dinner."""
    made = declare(
        officer,
        "hospitality",
        status="approved",
        date=on,
        declared_on=datetime.date(2026, 1, 5),
    )
    moved(made, "approved", datetime.date(2026, 1, 10), action="approve")
    return made


def of_a_leaver(officer: Officer, on: datetime.date = START) -> Declaration:
    """An interest still in force (approved) of an officer who left on the day."""
    made = declare(officer, "interest", status="approved", **DECLARED)
    moved(made, "approved", datetime.date(2026, 3, 5), action="approve")
    Officer.objects.filter(pk=officer.pk).update(left_on=on, active=False)
    return made


STARTS = {
    "ended": ended,
    "rejected": rejected,
    "withdrawn": withdrawn,
    "settled gift": settled_gift,
    "settled hospitality, kept from its date": hospitality_after_it_was_settled,
    "officer left": of_a_leaver,
}


def references(report) -> list[str]:
    return [entry.reference for entry in report.entries]


def dry_run(today: datetime.date):
    return apply_retention(today, commit=False, actor_name="test")


def commit(today: datetime.date, **options):
    return apply_retention(today, commit=True, actor_name="test", **options)


@pytest.mark.parametrize("make", STARTS.values(), ids=STARTS)
def test_an_entry_is_kept_to_the_day_before_its_period_ends(officer, make):
    made = make(officer)

    report = commit(EXPIRES - datetime.timedelta(days=1))

    assert report.entries == []
    assert Declaration.objects.filter(pk=made.pk).exists()


@pytest.mark.parametrize("make", STARTS.values(), ids=STARTS)
def test_an_entry_goes_on_the_day_its_period_ends(officer, make):
    made = make(officer)

    report = commit(EXPIRES)

    (gone,) = report.entries
    assert (gone.reference, gone.retention_from, gone.years) == (made.reference, START, 6)
    assert not Declaration.objects.filter(pk=made.pk).exists()
    assert DeletedEntry.objects.get().reference == made.reference


@pytest.mark.parametrize(
    ("today", "expired"),
    [
        (datetime.date(2034, 2, 27), False),
        (datetime.date(2034, 2, 28), True),  # 29 February 2028 plus six years
    ],
)
def test_an_entry_that_ended_on_29_february_goes_on_28_february(officer, today, expired):
    ended(officer, on=datetime.date(2028, 2, 29))

    assert bool(list(expired_entries(today))) is expired


def test_the_earliest_start_wins_for_a_leaver(officer):
    """An interest that ended before its officer left is kept from its end."""
    interest = ended(officer, on=datetime.date(2024, 5, 1))
    Officer.objects.filter(pk=officer.pk).update(left_on=datetime.date(2026, 1, 31))

    (found,) = expired_entries(datetime.date(2030, 5, 1))

    assert (found.reference, found.retention_from, found.started_by) == (
        interest.reference,
        datetime.date(2024, 5, 1),
        "ended",
    )


def test_a_leavers_open_entry_goes_from_the_day_they_left(officer):
    waiting = declare(officer, "gift", status="awaiting_approval", **DECLARED)
    Officer.objects.filter(pk=officer.pk).update(left_on=datetime.date(2027, 6, 30), active=False)

    assert dry_run(datetime.date(2033, 6, 29)).entries == []
    (found,) = dry_run(datetime.date(2033, 6, 30)).entries
    assert (found.reference, found.started_by) == (waiting.reference, "officer left")


@pytest.mark.parametrize("why", ["their leaving date is still to come", "they came back"])
def test_the_leaving_date_of_an_active_officer_starts_nothing(officer, why):
    """Only someone who has left (inactive) has their entries kept from their leaving
    date: not while it is still to come, nor once an administrator brought them back."""
    declare(officer, "gift", status="awaiting_approval", **DECLARED)
    interest = declare(officer, "interest", status="approved", **DECLARED)
    moved(interest, "approved", datetime.date(2026, 3, 5), action="approve")
    Officer.objects.filter(pk=officer.pk).update(left_on=datetime.date(2027, 6, 30), active=True)

    report = commit(LONG_AFTER)

    assert report.entries == []
    assert Declaration.objects.filter(officer=officer).count() == 2


def test_an_organisation_keeps_a_type_for_the_years_it_set(officer, thurrock):
    RetentionPeriodFactory(organisation=thurrock, type="gift", years=2)
    gift = rejected(officer)
    interest = ended(officer)

    report = commit(add_years(START, 2))

    assert references(report) == [gift.reference]
    assert report.entries[0].years == 2
    assert DeletedEntry.objects.get().retention_years == 2
    assert Declaration.objects.filter(pk=interest.pk).exists()


def test_another_organisations_period_is_its_own(officer, stranger, thurrock):
    RetentionPeriodFactory(organisation=thurrock, type="gift", years=2)
    theirs = rejected(stranger)

    assert dry_run(add_years(START, 2)).entries == []
    assert references(dry_run(EXPIRES)) == [theirs.reference]


def test_open_entries_of_a_current_officer_never_go(officer):
    old = {"date": datetime.date(2001, 1, 1), "declared_on": datetime.date(2001, 1, 2)}
    declare(officer, "gift", status="awaiting_approval", **old)
    declare(officer, "gift", status="awaiting_acknowledgement", **old)
    approved = declare(officer, "interest", status="approved", **old)
    moved(approved, "approved", datetime.date(2001, 1, 5), action="approve")
    declare(officer, "outside_work", status="recorded", **old)
    declare(officer, "gift", status="draft", **old)

    report = commit(LONG_AFTER)

    assert report.entries == []
    assert Declaration.objects.count() == 5


def test_an_amendment_being_written_keeps_its_entry(officer):
    first = rejected(officer, on=datetime.date(2010, 1, 1))
    declare(
        officer,
        "gift",
        status="draft",
        reference=first.reference,
        version=2,
        amends=first,
        **DECLARED,
    )

    assert commit(LONG_AFTER).entries == []


def test_a_withdrawn_amendment_leaves_the_version_in_force_standing(officer):
    interest = declare(officer, "interest", status="approved", **DECLARED)
    amendment = declare(
        officer,
        "interest",
        status="withdrawn",
        reference=interest.reference,
        version=2,
        amends=interest,
        **DECLARED,
    )
    moved(amendment, "withdrawn", START)

    assert commit(LONG_AFTER).entries == []
    assert Declaration.objects.count() == 2


def test_a_withdrawn_draft_with_no_reference_goes_as_an_entry_of_its_own(officer):
    draft = declare(officer, "gift", status="withdrawn", reference="", **DECLARED)
    moved(draft, "withdrawn", START)

    report = commit(EXPIRES)

    (gone,) = report.entries
    assert (gone.reference, gone.declaration_ids) == ("", (draft.pk,))
    assert not Declaration.objects.filter(pk=draft.pk).exists()
    assert DeletedEntry.objects.get().reference == ""


def test_the_whole_amendment_chain_goes_together(officer):
    first = declare(officer, "interest", status="superseded", **DECLARED)
    second = declare(
        officer,
        "interest",
        status="superseded",
        reference=first.reference,
        version=2,
        amends=first,
        **DECLARED,
    )
    third = declare(
        officer,
        "interest",
        status="ended",
        ended_on=START,
        reference=first.reference,
        version=3,
        amends=second,
        **DECLARED,
    )
    for version in (first, second, third):
        moved(version, "recorded", datetime.date(2026, 3, 2))

    report = commit(EXPIRES)

    assert report.deleted == 1 and report.versions_deleted == 3
    assert not Declaration.objects.filter(reference=first.reference).exists()
    tombstone = DeletedEntry.objects.get()
    assert (tombstone.versions, sorted(tombstone.declaration_ids)) == (
        3,
        sorted([first.pk, second.pk, third.pk]),
    )


def test_everything_an_entry_holds_goes_with_it(officer, line_manager, director):
    interest = ended(officer)
    ApprovalStepFactory(declaration=interest, assignee=line_manager)
    InterestReviewFactory(declaration=interest, reviewed_by=director)
    annual = AnnualDeclarationFactory(officer=officer, kind="interests_confirmed")
    annual.interests.add(interest)
    PublicationWithholdingFactory(declaration=interest)
    moved(interest, "recorded", datetime.date(2026, 3, 2))
    ids = [interest.pk]

    report = commit(EXPIRES)

    assert report.events_deleted == 1
    assert not DeclarationEvent.objects.filter(declaration_id__in=ids).exists()
    assert not ApprovalStep.objects.filter(declaration_id__in=ids).exists()
    assert not InterestReview.objects.filter(declaration_id__in=ids).exists()
    assert not PublicationWithholding.objects.filter(declaration_id__in=ids).exists()
    assert not Interest.objects.filter(declaration_id__in=ids).exists()
    assert not Declaration.objects.filter(pk__in=ids).exists()
    # The officer's annual return stays: only its link to the entry goes.
    assert list(AnnualDeclaration.objects.get(pk=annual.pk).interests.all()) == []


def test_the_tombstone_says_what_went_and_names_nobody(officer, thurrock):
    gift = rejected(officer)
    moment = datetime.datetime(2032, 3, 10, 1, 30, tzinfo=datetime.UTC)

    with clock.set_to(moment):
        commit(EXPIRES)

    tombstone = DeletedEntry.objects.get()
    assert model_to_dict(tombstone) == {
        "id": tombstone.pk,
        "organisation": thurrock.pk,
        "reference": gift.reference,
        "type": "gift",
        "versions": 1,
        "declaration_ids": [gift.pk],
        "first_declared_on": datetime.date(2026, 3, 1),
        "retention_from": START,
        "retention_years": 6,
        "deleted_at": moment,
    }
    said = str(model_to_dict(tombstone))
    for personal in ("Olive", "Officer", "Acme", "wine", officer.staff_number):
        assert personal not in said


def test_other_entries_stay_whole(officer, stranger):
    expired = rejected(officer)
    kept = rejected(officer, on=datetime.date(2027, 1, 1))
    GiftHospitality.objects.get(declaration=kept)  # it has its details
    elsewhere = rejected(stranger, on=datetime.date(2027, 1, 1))

    commit(EXPIRES)

    assert not Declaration.objects.filter(pk=expired.pk).exists()
    for stays in (kept, elsewhere):
        assert Declaration.objects.filter(pk=stays.pk).exists()
        assert GiftHospitality.objects.filter(declaration=stays).exists()
        assert DeclarationEvent.objects.filter(declaration=stays).count() == 1


def test_one_organisation_at_a_time_leaves_the_others_alone(officer, stranger, thurrock):
    ours = rejected(officer)
    theirs = rejected(stranger)

    report = commit(EXPIRES, organisation=thurrock)

    assert references(report) == [ours.reference]
    assert Declaration.objects.filter(pk=theirs.pk).exists()


def test_a_dry_run_lists_and_deletes_nothing(officer):
    gift = rejected(officer)

    report = dry_run(EXPIRES)

    assert references(report) == [gift.reference]
    assert report.deleted == 0
    assert Declaration.objects.filter(pk=gift.pk).exists()
    assert DeclarationEvent.objects.filter(declaration=gift).exists()
    assert not DeletedEntry.objects.exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.RETENTION_APPLIED).exists()


def test_running_it_again_deletes_nothing_more(officer):
    rejected(officer)
    commit(EXPIRES)

    again = commit(EXPIRES)

    assert (again.entries, again.deleted) == ([], 0)
    assert DeletedEntry.objects.count() == 1


def test_each_committed_run_is_one_security_event_counting_without_names(officer, stranger):
    rejected(officer)
    withdrawn(officer)
    ended(officer)
    rejected(stranger)

    commit(EXPIRES)

    (event,) = SecurityEvent.objects.filter(kind=SecurityEventKind.RETENTION_APPLIED)
    assert event.detail["by_organisation"] == {
        "ecc": {"gift": 1},
        "thurrock": {"gift": 2, "interest": 1},
    }
    assert event.detail["entries_deleted"] == 4
    assert event.username == "test"
    assert "Olive" not in str(event.detail) and "Sam" not in str(event.detail)


def amended_from_another_entry(declaration: Declaration) -> Declaration:
    """A version of another entry whose `amends` points at `declaration` (as data loaded
    from elsewhere may): the protected link stops `declaration` being deleted."""
    other = declare(declaration.officer, "gift", status="awaiting_approval", **DECLARED)
    Declaration.objects.filter(pk=other.pk).update(amends=declaration)
    return other


def test_an_entry_that_cannot_be_deleted_is_kept_whole_and_the_run_goes_on(officer, caplog):
    stuck = rejected(officer)
    amended_from_another_entry(stuck)
    gone = rejected(officer)

    report = commit(EXPIRES)

    assert [entry.reference for entry in report.failed] == [stuck.reference]
    assert report.deleted == 1
    assert not Declaration.objects.filter(pk=gone.pk).exists()
    assert Declaration.objects.filter(pk=stuck.pk).exists()
    assert DeclarationEvent.objects.filter(declaration=stuck).count() == 1
    assert list(DeletedEntry.objects.values_list("reference", flat=True)) == [gone.reference]
    assert f"could not delete {stuck.reference}" in caplog.text


def test_the_security_event_counts_the_entries_that_failed(officer):
    amended_from_another_entry(rejected(officer))
    rejected(officer)

    commit(EXPIRES)

    (event,) = SecurityEvent.objects.filter(kind=SecurityEventKind.RETENTION_APPLIED)
    assert (event.detail["entries_deleted"], event.detail["entries_failed"]) == (1, 1)
    assert event.detail["by_organisation"] == {"thurrock": {"gift": 1}}


def test_the_security_log_keeps_its_own_rows_about_a_deleted_entry(officer, thurrock):
    gift = rejected(officer)
    SecurityEvent.objects.create(
        kind="register_entry_opened",
        organisation=thurrock,
        detail={"entry": gift.pk, "reference": gift.reference},
    )

    commit(EXPIRES)

    assert SecurityEvent.objects.filter(detail__reference=gift.reference).exists()


def test_the_orm_still_refuses_to_delete_history(officer):
    gift = rejected(officer)

    with pytest.raises(PermissionError, match="append-only"):
        DeclarationEvent.objects.filter(declaration=gift).delete()

    assert DeclarationEvent.objects.filter(declaration=gift).exists()


def test_the_schedules_daily_task_deletes_what_has_expired(officer):
    gift = rejected(officer)
    (job,) = [job for job in JOBS if job.name == "apply_retention"]

    with clock.set_to(datetime.datetime(2032, 3, 10, 1, 30, tzinfo=datetime.UTC)):
        result = apply_retention_task.enqueue()

    assert import_string(job.task) is apply_retention_task
    assert (job.hour, job.minute) == (1, 30)
    assert result.return_value == 1
    assert not Declaration.objects.filter(pk=gift.pk).exists()


def test_many_entries_are_read_in_chunks(officer, monkeypatch):
    monkeypatch.setattr(retention, "CHUNK", 2)
    made = [rejected(officer) for _ in range(5)]
    rejected(OfficerFactory(organisation=OrganisationFactory(code="opcc")), on=EXPIRES)

    report = commit(EXPIRES)

    assert sorted(references(report)) == sorted(each.reference for each in made)
    assert Declaration.objects.count() == 1  # the other organisation's, not yet expired


def test_an_entry_it_deletes_is_taken_out_of_every_stored_publication(director, thurrock):
    gift = declare(director, "gift", status="recorded", counterparty="Acme Supplies", **DECLARED)
    moved(gift, "recorded", START)
    kept = declare(director, "gift", status="recorded", counterparty="Kept Ltd", **DECLARED)
    moved(kept, "recorded", START + datetime.timedelta(days=1))
    published = publishing.publish(thurrock, by=None)
    assert {row["counterparty"] for row in published.entries} == {"Acme Supplies", "Kept Ltd"}

    apply_retention(EXPIRES, commit=True, actor_name="the schedule")

    published.refresh_from_db()
    assert [row["counterparty"] for row in published.entries] == ["Kept Ltd"]
    assert "Acme Supplies" not in published.csv
    assert published.entries_withdrawn_at is not None
