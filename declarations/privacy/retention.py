"""The retention schedule: deleting entries kept past their organisation's retention
period, leaving a tombstone (DeletedEntry) so that references and counts stay
explainable.

An entry is every version sharing one reference in an organisation (the amendment
chain); a draft that never got a reference is its own entry. Its retention starts
(`retention_from`) on a date the register recorded, never one worked out from today's
data:

* ended: its `ended_on`;
* rejected or withdrawn: the day of the event that moved it there;
* a one-off entry (gift, hospitality, disclosure) settled as approved or recorded: the
  day of the event that settled it, or its `date` if that is later (hospitality next
  spring is kept from next spring);
* the officer has left (is inactive): their `left_on`. A leaving date still to come,
  or the old one of an officer brought back (active again), starts nothing.

The earliest that applies wins, so a leaver's entries go at the latest their period
after they left. An entry still open (awaiting a decision, an interest in force, an
amendment or draft being written) has no start unless its officer has left. It has
expired once `retention_from` plus its organisation's years for its type
(retention_periods.years_for) is today or earlier, in calendar years (29 February plus
a year is 28 February).

`apply_retention` deletes each expired entry in its own transaction: the tombstone
first, then the entry's history through `_delete_history` (the one path by which
declaration events are ever deleted: on PostgreSQL the audited database function of
migration 0024, which deletes only what a tombstone names), then its steps, reviews,
annual-return links, withholding requests, details and versions. An entry that cannot be
deleted (its transaction rolled back, so it is whole and has no tombstone) is logged
and counted as failed, and the run goes on to the next. The security log
keeps its own rows (one per run records what was deleted, counted per organisation and
type, naming nobody); rows of it that mention a deleted entry stay, as the log has its
own life.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django_tasks import task

from declarations import clock, register, security_log
from declarations.choices import SecurityEventKind, Status
from declarations.models import (
    DETAIL_MODELS,
    AnnualDeclaration,
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    DeletedEntry,
    InterestReview,
    Officer,
    Organisation,
    PublicationWithholding,
)
from declarations.privacy.retention_periods import years_for
from policies.vocabulary import DeclarationType

logger = logging.getLogger(__name__)

S = Status
# Entries over once accepted: nothing more happens to a gift, hospitality or disclosure
# once it is approved or recorded (an interest or outside work runs until it ends).
ONE_OFF_TYPES = frozenset(
    {DeclarationType.GIFT, DeclarationType.HOSPITALITY, DeclarationType.DISCLOSURE}
)
SETTLED = (S.APPROVED, S.RECORDED)
# The statuses whose start is the day of the event that moved the version there.
MOVED_INTO = (S.REJECTED, S.WITHDRAWN, *SETTLED, S.ENDED)
# Candidate rows are read this many at a time (by id), never the whole table.
CHUNK = 500
SCHEDULE_ACTOR = "the retention schedule (scheduled task)"


class StartedBy:
    """Why an entry's retention started (the words the command prints)."""

    ENDED = "ended"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    SETTLED = "settled"
    LEFT = "officer left"


@dataclass(frozen=True)
class ExpiredEntry:
    """One entry past its retention period: what the tombstone will say of it."""

    organisation_id: int
    organisation_code: str
    reference: str
    type: str
    retention_from: datetime.date
    started_by: str
    years: int
    versions: int
    declaration_ids: tuple[int, ...]
    first_declared_on: datetime.date | None

    @property
    def expired_on(self) -> datetime.date:
        return add_years(self.retention_from, self.years)


@dataclass
class RetentionReport:
    """What a run found (and, committed, deleted)."""

    today: datetime.date
    committed: bool
    entries: list[ExpiredEntry] = field(default_factory=list)
    deleted: int = 0  # entries deleted (committed runs)
    versions_deleted: int = 0
    events_deleted: int = 0
    # Found expired but changed before it could be deleted (an amendment started...).
    skipped: list[ExpiredEntry] = field(default_factory=list)
    # Found expired but deleting it failed (logged; it is kept whole, no tombstone).
    failed: list[ExpiredEntry] = field(default_factory=list)

    def counts(self) -> dict[str, dict[str, int]]:
        """Entries per organisation code and type, the way the security log keeps them."""
        counted: dict[str, Counter[str]] = {}
        for each in self.entries:
            if each not in self.skipped and each not in self.failed:
                counted.setdefault(each.organisation_code, Counter())[each.type] += 1
        return {code: dict(sorted(types.items())) for code, types in sorted(counted.items())}


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def is_expired(retention_from: datetime.date, years: int, today: datetime.date) -> bool:
    return add_years(retention_from, years) <= today


# --- when an entry's retention starts -----------------------------------------------------


@dataclass(frozen=True)
class Version:
    """What deciding an entry's start reads of one version (no personal data)."""

    id: int
    version: int
    status: str
    type: str
    date: datetime.date
    ended_on: datetime.date | None
    declared_on: datetime.date
    updated_at: datetime.datetime


def retention_start(
    versions: list[Version],
    moved_on: dict[tuple[int, str], datetime.date],
    left_on: datetime.date | None,
) -> tuple[datetime.date, str] | None:
    """When the entry's retention started and why, or None while it is open.

    `moved_on` is the day of the latest event that moved each version (id) into each
    status; where the history has no such event (data loaded from elsewhere), the day
    the row last changed stands in for it, which is never earlier than the real one.
    """
    starts: list[tuple[datetime.date, str]] = []
    closed = _closed_on(versions, moved_on)
    if closed is not None:
        starts.append(closed)
    if left_on is not None:
        starts.append((left_on, StartedBy.LEFT))
    return min(starts, key=lambda start: start[0]) if starts else None


def _closed_on(
    versions: list[Version], moved_on: dict[tuple[int, str], datetime.date]
) -> tuple[datetime.date, str] | None:
    def moved(version: Version, status: str) -> datetime.date:
        return moved_on.get((version.id, status)) or timezone.localdate(version.updated_at)

    if any(version.status == S.DRAFT for version in versions):
        return None  # a draft, or an amendment being written: the officer is at work on it
    ordered = sorted(versions, key=lambda version: version.version)
    standing = [
        version for version in ordered if version.status not in (S.SUPERSEDED, S.WITHDRAWN, S.DRAFT)
    ]
    if not standing:
        withdrawn = [version for version in ordered if version.status == S.WITHDRAWN]
        if not withdrawn:
            return None
        return moved(withdrawn[-1], S.WITHDRAWN), StartedBy.WITHDRAWN
    last = standing[-1]
    if last.status == S.ENDED:
        return (last.ended_on or moved(last, S.ENDED)), StartedBy.ENDED
    if last.status == S.REJECTED:
        return moved(last, S.REJECTED), StartedBy.REJECTED
    if last.status in SETTLED and last.type in ONE_OFF_TYPES:
        return max(moved(last, last.status), last.date), StartedBy.SETTLED
    return None  # awaiting a decision, or an interest or outside work in force


# --- finding the expired entries ------------------------------------------------------------


def expired_entries(
    today: datetime.date, organisation: Organisation | None = None
) -> Iterator[ExpiredEntry]:
    """Every entry past its retention period on `today`, organisation by organisation
    and type by type, read in chunks.

    Each kind of start finds its candidates through an index ((organisation, status),
    (organisation, type, declared_on) or the officer's own), bounded by the latest start
    that could have expired; each candidate's whole entry is then read (by reference)
    with its events' dates ((declaration, at)) and decided by `retention_start`. The
    candidates only narrow the search: the decision is always made on the whole entry.
    """
    organisations = (
        [organisation]
        if organisation is not None
        else Organisation.objects.order_by("code").only("id", "code")
    )
    for each in organisations:
        periods = years_for(each)
        for kind in DeclarationType:
            yield from _expired_of(each, kind.value, periods[kind.value], today)


def _candidate_conditions(kind: str, latest: datetime.date) -> list[Q]:
    """Conditions each expired entry of the type meets in at least one of its rows, when
    every start that has expired is on or before `latest`."""
    conditions = [
        Q(status=S.ENDED) & (Q(ended_on__lte=latest) | Q(ended_on__isnull=True)),
        # Rejected or withdrawn after it was declared, so declared by then at the latest.
        Q(status__in=[S.REJECTED, S.WITHDRAWN], declared_on__lte=latest),
        Q(officer__in=Officer.objects.filter(active=False, left_on__lte=latest).values("id")),
    ]
    if kind in ONE_OFF_TYPES:
        conditions.append(Q(status__in=SETTLED, declared_on__lte=latest, date__lte=latest))
    return conditions


def _expired_of(
    organisation: Organisation, kind: str, years: int, today: datetime.date
) -> Iterator[ExpiredEntry]:
    # A day's slack for 29 February (expired on the 28th in a common year); the exact
    # test is retention_start's, on the whole entry.
    latest = add_years(today, -years) + datetime.timedelta(days=1)
    seen: set[str] = set()
    for condition in _candidate_conditions(kind, latest):
        after = 0
        while True:
            rows = list(
                Declaration.objects.filter(condition, organisation=organisation, type=kind)
                .filter(id__gt=after)
                .order_by("id")
                .values_list("id", "reference")[:CHUNK]
            )
            if not rows:
                break
            after = rows[-1][0]
            keys = {reference or f"#{pk}" for pk, reference in rows} - seen
            seen |= keys
            yield from _decide(organisation, kind, years, today, keys)
            if len(rows) < CHUNK:
                break


def _entry_rows(organisation: Organisation, keys: Iterable[str]) -> Q:
    """The rows of the entries named by reference, or "#id" for a draft with none."""
    keys = list(keys)
    references = [key for key in keys if not key.startswith("#")]
    ids = [int(key[1:]) for key in keys if key.startswith("#")]
    return Q(organisation=organisation) & (
        Q(reference__in=references) | Q(pk__in=ids, reference="")
    )


VERSION_FIELDS = ("id", "version", "status", "type", "date", "ended_on", "declared_on")


def _read_entries(
    rows: Iterable[dict[str, Any]],
) -> tuple[dict[str, list[Version]], dict[str, datetime.date | None]]:
    entries: dict[str, list[Version]] = {}
    left: dict[str, datetime.date | None] = {}
    for row in rows:
        key = row["reference"] or f"#{row['id']}"
        entries.setdefault(key, []).append(
            Version(**{name: row[name] for name in (*VERSION_FIELDS, "updated_at")})
        )
        # Every version is the same officer's. Their leaving date counts only once they
        # have left: not while it is still to come, nor once they are active again.
        left[key] = None if row["officer__active"] else row["officer__left_on"]
    return entries, left


def _moved_on(ids: list[int]) -> dict[tuple[int, str], datetime.date]:
    """The day of the latest event moving each version into each closing status (a
    change of status: an event recorded without one says nothing of it)."""
    moves = (
        DeclarationEvent.objects.filter(declaration_id__in=ids, to_status__in=MOVED_INTO)
        .exclude(from_status=F("to_status"))
        .order_by()
        .values("declaration_id", "to_status")
        .annotate(last=Max("at"))
    )
    return {
        (move["declaration_id"], move["to_status"]): timezone.localdate(move["last"])
        for move in moves
    }


def _decide(
    organisation: Organisation,
    kind: str,
    years: int,
    today: datetime.date,
    keys: set[str],
    *,
    lock: bool = False,
) -> list[ExpiredEntry]:
    if not keys:
        return []
    rows = Declaration.objects.filter(_entry_rows(organisation, keys)).order_by("version", "id")
    if lock:
        rows = rows.select_for_update(of=("self",))
    entries, left = _read_entries(
        rows.values(
            *VERSION_FIELDS, "updated_at", "reference", "officer__left_on", "officer__active"
        )
    )
    moved_on = _moved_on([version.id for versions in entries.values() for version in versions])
    expired = []
    for key in sorted(entries):
        versions = entries[key]
        start = retention_start(versions, moved_on, left[key])
        if start is None or not is_expired(start[0], years, today):
            continue
        declared = [v.declared_on for v in versions if v.status != S.DRAFT]
        expired.append(
            ExpiredEntry(
                organisation_id=organisation.pk,
                organisation_code=organisation.code,
                reference="" if key.startswith("#") else key,
                type=kind,
                retention_from=start[0],
                started_by=start[1],
                years=years,
                versions=len(versions),
                declaration_ids=tuple(sorted(v.id for v in versions)),
                first_declared_on=min(declared) if declared else None,
            )
        )
    return expired


# --- deleting them ---------------------------------------------------------------------------


def apply_retention(
    today: datetime.date,
    *,
    commit: bool,
    actor_name: str,
    organisation: Organisation | None = None,
) -> RetentionReport:
    """Find every entry past its retention period on `today` and, with `commit`, delete
    each in its own transaction, leaving its tombstone; a dry run changes nothing.

    An entry whose deletion fails is logged, counted in `failed` and kept whole; the run
    goes on. A committed run records one security-log event (who ran it, how many
    entries of each type of each organisation went, how many failed), even when nothing
    went and even when the run itself stops on an error: the log shows that the
    schedule is applied.
    """
    report = RetentionReport(today=today, committed=commit)
    deleted_references: dict[int, set[str]] = {}
    try:
        found: Iterable[ExpiredEntry] = expired_entries(today, organisation)
        if commit:
            found = _out_of_published_snapshots(list(found))
        for expired in found:
            report.entries.append(expired)
            if not commit:
                continue
            try:
                deleted = _delete_entry(expired, today)
            except Exception:  # logged; the next entry is still deleted
                logger.exception(
                    "Retention schedule: could not delete %s (%s, %s, declarations %s).",
                    expired.reference or "a draft with no reference",
                    expired.organisation_code,
                    expired.type,
                    list(expired.declaration_ids),
                )
                report.failed.append(expired)
                continue
            if deleted is None:
                report.skipped.append(expired)
                continue
            report.deleted += 1
            if expired.reference:
                deleted_references.setdefault(expired.organisation_id, set()).add(expired.reference)
            report.versions_deleted += expired.versions
            report.events_deleted += deleted
        # Again once they are gone, by reference: a publication made while the run went
        # on (the organisation is not locked between the two) may have listed them.
        for organisation_id, references in sorted(deleted_references.items()):
            register.redact_published(Organisation.objects.get(pk=organisation_id), references)
    finally:
        if commit:
            security_log.record(
                SecurityEventKind.RETENTION_APPLIED,
                username=actor_name,
                organisation=organisation,
                today=today.isoformat(),
                entries_deleted=report.deleted,
                entries_failed=len(report.failed),
                versions_deleted=report.versions_deleted,
                events_deleted=report.events_deleted,
                by_organisation=report.counts(),
            )
            logger.info(
                "Retention schedule applied on %s: entries deleted: %s; failed: %s.",
                today,
                report.deleted,
                len(report.failed),
            )
    return report


def _out_of_published_snapshots(expired: list[ExpiredEntry]) -> list[ExpiredEntry]:
    """Take the entries about to be deleted out of every stored publication of their
    organisation first (register.redact_published: the latest and every previous version),
    once per organisation, while the entries still exist to match snapshot rows stored
    without a reference."""
    published: dict[int, set[str]] = {}
    for entry in expired:
        if entry.reference:
            published.setdefault(entry.organisation_id, set()).add(entry.reference)
    for organisation_id, references in sorted(published.items()):
        # It locks the organisation and commits each publication by itself.
        register.redact_published(Organisation.objects.get(pk=organisation_id), references)
    return expired


def _delete_entry(expired: ExpiredEntry, today: datetime.date) -> int | None:
    """Delete one entry and write its tombstone, in one transaction; returns the events
    deleted, or None when the entry, read again under lock, is no longer the one found
    expired (changed since) and so is left alone."""
    key = expired.reference or f"#{expired.declaration_ids[0]}"
    organisation = Organisation.objects.only("id", "code").get(pk=expired.organisation_id)
    with transaction.atomic():
        again = _decide(organisation, expired.type, expired.years, today, {key}, lock=True)
        if again != [expired]:
            return None
        ids = list(expired.declaration_ids)
        tombstone = DeletedEntry.objects.create(
            organisation_id=expired.organisation_id,
            reference=expired.reference,
            type=expired.type,
            versions=expired.versions,
            declaration_ids=ids,
            first_declared_on=expired.first_declared_on,
            retention_from=expired.retention_from,
            retention_years=expired.years,
            deleted_at=clock.now(),
        )
        events = _delete_history(tombstone)
        ApprovalStep.objects.filter(declaration_id__in=ids).delete()
        InterestReview.objects.filter(declaration_id__in=ids).delete()
        AnnualDeclaration.interests.through.objects.filter(declaration_id__in=ids).delete()
        PublicationWithholding.objects.filter(declaration_id__in=ids).delete()
        DETAIL_MODELS[expired.type]._default_manager.filter(declaration_id__in=ids).delete()
        # Newest version first: each amends the one before (a protected link).
        for pk in (
            Declaration.objects.filter(pk__in=ids).order_by("-version").values_list("pk", flat=True)
        ):
            Declaration.objects.filter(pk=pk).delete()
    return events


def _delete_history(tombstone: DeletedEntry) -> int:
    """Delete the events of the entry the tombstone names: the only code that ever
    deletes a declaration's history.

    On PostgreSQL through the database function of migration 0024, which runs with the
    tables' owner's rights, deletes only the versions of the entry a tombstone names (its
    organisation, reference and ids), only for a tombstone written in the same
    transaction (as `_delete_entry` does, savepoint or not), and is the only way past
    the events' trigger (the application's role holds no DELETE on them). SQLite has no
    such guard in the database: a plain DELETE (the ORM refuses one, as for any history).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT declarations_delete_history_under_retention(%s)", [tombstone.pk])
            row = cursor.fetchone()
            return int(row[0]) if row else 0
        ids = [int(pk) for pk in tombstone.declaration_ids]
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(
            f"DELETE FROM {DeclarationEvent._meta.db_table} "
            f"WHERE declaration_id IN ({placeholders})",
            ids,
        )
        return cursor.rowcount


@task()
def apply_retention_task() -> int:
    """The schedule's daily run (conduct_register/schedule.py): delete what is past its
    retention period today; returns the entries deleted."""
    return apply_retention(clock.today(), commit=True, actor_name=SCHEDULE_ACTOR).deleted
