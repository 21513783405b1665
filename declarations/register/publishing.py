"""The published register: what the public may see, frozen when the monitoring officer
publishes it.

A publication is a snapshot (Publication.entries) of an organisation's register
taken at one moment, so nothing filed, decided or changed afterwards appears until the
register is published again. Every publication is kept; the public sees the latest.
An entry kept out for an officer's safety, or deleted under the retention schedule, is
taken out of every publication already made (`redact_published`: each row keeps the
entry's reference, never shown), whose pages then say that entries were withdrawn.

What is published (decided here, and nowhere else):

* declarations held in the organisation's own register (`Declaration.organisation`),
  by officers whose level today is at or above the chosen minimum level;
* gifts, hospitality, interests and outside work only: never a sensitive entry
  (SENSITIVE_TYPES: relationships and disclosures), whatever the filters;
* only entries that stand (DeclarationQuerySet.standing: the latest version of their
  reference, a newer version that was submitted replacing it while an unsubmitted or
  withdrawn draft of an amendment does not) and were recorded or approved. Drafts,
  submitted, awaiting, rejected, withdrawn and superseded entries are left out;
* an interest or outside work that has ended stays published for
  `Organisation.publication_drop_months` calendar months after its end date (the last
  day it was held), then drops out of the next publication (`kept_from`); 0 drops it the
  day after it ended. Gifts and hospitality do not end and never drop out;
* no version of an entry the monitoring officer has agreed to withhold (a GRANTED
  PublicationWithholding of its organisation and reference: register.withholding), so
  an officer at risk is not named in public;
* a gift or hospitality offered to the officer's family, and an interest held by anyone
  but the officer, are left out: they are about people who are not officers;
* per entry only the officer's name and job title and the entry itself (type,
  counterparty, description, value, date, end date, and what happened to a gift or
  activity that had to be declined, with the day it happened: the words for it, never
  the officer's own note). Nothing else about the officer, and nothing about how the
  entry was judged, is copied into the snapshot.

The public table is rendered once, when the register is published: PUBLIC_PAGE_SIZE
entries a page, each page's HTML stored as a PublishedPage, so the public page reads one
stored page and never the snapshot or the register. A publication made before pages
were stored, or whose pages were deleted when entries were withdrawn from it, has each
page rendered the first time it is asked for (from the snapshot), then kept.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from declarations import choices as c
from declarations import clock, labels
from declarations.choices import SecurityEventKind
from declarations.keyset import past
from declarations.models import (
    Declaration,
    DeclarationQuerySet,
    Officer,
    Organisation,
    Publication,
    PublicationWithholding,
    PublishedPage,
)
from declarations.register.exports import neutralise
from declarations.register.reviews import months_before
from declarations.security_log import record
from policies.vocabulary import (
    LEVEL_ORDER,
    SENSITIVE_TYPES,
    DeclarationType,
    HeldBy,
    Level,
    OfferedTo,
)

DEFAULT_MINIMUM_LEVEL = Level.HEAD_OF_SERVICE
# Entries on one page of a published register (the guide's bound: at most 50 rows).
PUBLIC_PAGE_SIZE = 50
ENTRIES_TABLE = "register/public/_entries_table.html"
# Never a sensitive type (SENSITIVE_TYPES), whatever is added here.
PUBLISHED_TYPES: tuple[str, ...] = tuple(
    kind
    for kind in (
        DeclarationType.GIFT,
        DeclarationType.HOSPITALITY,
        DeclarationType.INTEREST,
        DeclarationType.OUTSIDE_WORK,
    )
    if kind not in SENSITIVE_TYPES
)

# (key in Publication.entries, column heading), in column order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("job_title", "Job title"),
    ("type", "Type"),
    ("counterparty", "Counterparty"),
    ("description", "Description"),
    ("value_gbp", "Value (£)"),
    ("date", "Date"),
    ("ended_on", "End date"),
    ("what_happened", "What happened to it"),
    ("what_happened_on", "Date it happened"),
)


# The key of a snapshot row that holds the entry's reference: not in COLUMNS, so never
# rendered in the public pages or CSV (rows snapshotted before it was kept have none).
REFERENCE_KEY = "reference"
# What a snapshot row is matched by when it has no reference (`redact_published`): the
# entry as publishing copies it (entry_for).
IDENTITY_KEYS = ("name", "counterparty", "description", "date")


class PublishError(Exception):
    """A publication that cannot be made (for example an unknown level)."""


class PreviewOutOfDate(PublishError):
    """What would be published is no longer what the monitoring officer checked."""


def level_words(minimum_level: str) -> str:
    """Whose declarations a publication made at `minimum_level` lists, as the published
    page says it: "all its officers", "its officers at director level or above"."""
    try:
        minimum = Level(minimum_level)
    except ValueError:
        return "its officers"
    if minimum is LEVEL_ORDER[0]:
        return "all its officers"
    if minimum is LEVEL_ORDER[-1]:
        return "its chief executive"
    return f"its officers at {labels.level(minimum).lower()} level or above"


def levels_at_or_above(minimum_level: str) -> list[str]:
    """The level values at or above `minimum_level` (raises PublishError if unknown)."""
    try:
        minimum = Level(minimum_level)
    except ValueError as error:
        raise PublishError(f"{minimum_level!r} is not a level.") from error
    return [level.value for level in LEVEL_ORDER if level.rank >= minimum.rank]


# Types that end (Declaration.ended_on) and so drop out of the published register.
ENDING_TYPES = (DeclarationType.INTEREST, DeclarationType.OUTSIDE_WORK)


def kept_from(organisation: Organisation, day: datetime.date) -> datetime.date:
    """The earliest end date still published on `day`: an interest or outside work that
    ended before it is more than `publication_drop_months` calendar months gone (the same
    day that many months earlier, or that month's last day)."""
    return months_before(day, organisation.publication_drop_months)


def _still_published(organisation: Organisation, day: datetime.date) -> Q:
    """Recorded or approved, and for an interest or outside work not ended before
    `kept_from`; or ended (Status.ENDED, reached only from recorded or approved) on or
    after `kept_from`. Conditions on the entry's own columns: the query stays one."""
    keep_from = kept_from(organisation, day)
    recent_end = Q(ended_on__gte=keep_from)
    accepted = Q(status__in=[c.Status.RECORDED, c.Status.APPROVED]) & (
        ~Q(type__in=ENDING_TYPES) | Q(ended_on__isnull=True) | recent_end
    )
    ended = Q(status=c.Status.ENDED, type__in=ENDING_TYPES) & recent_end
    return accepted | ended


def _withheld(organisation: Organisation) -> Exists:
    """Whether the entry's reference has a granted withholding (withholding_granted_idx:
    one index probe a row), which keeps every version of it out."""
    return Exists(
        PublicationWithholding.objects.filter(
            organisation=organisation,
            state=c.WithholdingState.GRANTED,
            reference=OuterRef("reference"),
        )
    )


def _of_a_published_kind(
    declarations: DeclarationQuerySet, organisation: Organisation | int, minimum_level: str
) -> QuerySet:
    """The declarations of a kind a publication at `minimum_level` lists, whatever their
    status: a published type (never a sensitive one), the organisation's own officers',
    filed at or above the level, and about the officer only. Shared by
    `publishable_declarations` and `may_be_published`, so "would this entry be
    published" is answered in one place."""
    about_the_officer_only = (
        Q(
            type__in=[DeclarationType.GIFT, DeclarationType.HOSPITALITY],
            gift_hospitality__offered_to=OfferedTo.SELF,
        )
        | Q(type=DeclarationType.INTEREST, interest__held_by=HeldBy.SELF)
        | Q(type=DeclarationType.OUTSIDE_WORK)
    )
    return (
        declarations.of_type(*PUBLISHED_TYPES)
        .without_sensitive()
        .filter(
            # Its own officers' entries: not those filed while seconded in to it.
            organisation=organisation,
            # The level the officer was at when they filed it: a promotion since then
            # neither adds their earlier entries nor takes them away.
            officer_level__in=levels_at_or_above(minimum_level),
        )
        .filter(about_the_officer_only)
    )


def publishable_declarations(
    organisation: Organisation, minimum_level: str, *, on: datetime.date | None = None
) -> QuerySet:
    """The declarations that a publication made on `on` (today if not given) would list
    (one query)."""
    day = on or clock.today()
    return (
        _of_a_published_kind(
            Declaration.objects.standing().filter(_still_published(organisation, day)),
            organisation,
            minimum_level,
        )
        .filter(~_withheld(organisation))
        .select_related("officer__user", "organisation", "gift_hospitality")
        .order_by(
            "officer__user__last_name",
            "officer__user__first_name",
            "officer_id",
            "type",
            "-date",
            "id",
        )
    )


# The statuses of a version that a publication may have listed (superseded and ended
# ones were recorded or approved first).
_ONCE_PUBLISHABLE = (c.Status.RECORDED, c.Status.APPROVED, c.Status.ENDED, c.Status.SUPERSEDED)


def may_be_published(declaration: Declaration) -> bool:
    """Whether the organisation's published register lists (or listed) an entry like
    this, or any version of it, once it is recorded or approved: of a kind
    `publishable_declarations` lists, at
    the lowest level the organisation has published at (the default level if it has not
    published yet). Its status, its end date and any withholding aside: the officer may
    ask to keep it out before it is accepted, or after it dropped out of the latest
    publication but not out of earlier ones. Two queries."""
    levels = set(
        Publication.objects.filter(organisation_id=declaration.organisation_id)
        .values_list("minimum_level", flat=True)
        .distinct()
    )
    known = [level for level in LEVEL_ORDER if level.value in levels]
    lowest = min(known, key=lambda level: level.rank) if known else DEFAULT_MINIMUM_LEVEL
    # Any version of the entry: one published before an amendment made it unpublishable
    # (a gift then said to be offered to family) is still in the earlier publications.
    versions = Q(pk=declaration.pk)
    if declaration.reference:
        versions |= Q(reference=declaration.reference, status__in=_ONCE_PUBLISHABLE)
    return _of_a_published_kind(
        Declaration.objects.filter(versions),
        declaration.organisation_id,
        lowest.value,
    ).exists()


def type_words(declaration: Declaration) -> str:
    """The entry's type as the public reads it, e.g. "Gift", "Hospitality (declined)"."""
    words = labels.declaration_type(declaration.type)
    if declaration.type in (DeclarationType.GIFT, DeclarationType.HOSPITALITY):
        detail = declaration.gift_hospitality
        if detail.direction == "given":
            words = f"{words} given"
        if detail.status == "declined":
            words = f"{words} (declined)"
    return words


def entry_for(declaration: Declaration) -> dict[str, str]:
    """One public row: the officer's name and job title and the entry, nothing else; and
    the entry's reference (REFERENCE_KEY, never a public column: public_rows leaves it
    out), so that `redact_published` can find the row again."""
    value = ""
    if declaration.type in (DeclarationType.GIFT, DeclarationType.HOSPITALITY):
        value = f"{declaration.gift_hospitality.value_gbp:.2f}"
    return {
        REFERENCE_KEY: declaration.reference,
        "name": declaration.officer.full_name,
        "job_title": declaration.officer.job_title,
        "type": type_words(declaration),
        "counterparty": declaration.counterparty,
        "description": declaration.description,
        "value_gbp": value,
        "date": declaration.date.isoformat(),
        "ended_on": declaration.ended_on.isoformat() if declaration.ended_on else "",
        "what_happened": (
            labels.disposition_words(
                declaration.disposition, declaration.organisation.code, declaration.type
            )
            if declaration.disposition
            else ""
        ),
        "what_happened_on": (
            declaration.disposition_on.isoformat()
            if declaration.disposition and declaration.disposition_on
            else ""
        ),
    }


def preview(
    organisation: Organisation, minimum_level: str, *, on: datetime.date | None = None
) -> list[dict[str, str]]:
    """The rows a publication made on `on` (today) would hold, without saving anything."""
    return [entry_for(d) for d in publishable_declarations(organisation, minimum_level, on=on)]


def fingerprint(rows: list[dict[str, str]]) -> str:
    """A short digest of previewed rows: publishing checks nothing changed since."""
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def publish(
    organisation: Organisation,
    *,
    minimum_level: str = DEFAULT_MINIMUM_LEVEL,
    by: Officer | None,
    expected: str | None = None,
    request: HttpRequest | None = None,
) -> Publication:
    """Take the snapshot and save it as a new Publication (earlier ones are kept).

    With `expected` (the fingerprint of what the monitoring officer checked), refuse
    with PreviewOutOfDate if the register has changed since. The publication goes in
    the security log (REGISTER_PUBLISHED) in the same transaction: no publication
    without its record. `request` only gives the record its address and page.
    """
    with transaction.atomic():
        # Taken before anything is read, as `redact_published` takes it: a publication
        # being made while entries are withdrawn is made before the withdrawal reads the
        # publications (and is rewritten by it) or after it (and leaves them out).
        _lock(organisation)
        entries = preview(organisation, minimum_level)
        if expected is not None and fingerprint(entries) != expected:
            raise PreviewOutOfDate(
                "The register has changed since you checked what would be published. "
                "Check it again before you publish."
            )
        publication = Publication.objects.create(
            organisation=organisation,
            published_by=by,
            published_at=clock.now(),
            minimum_level=minimum_level,
            entries=entries,
            row_count=len(entries),
        )
        record(
            SecurityEventKind.REGISTER_PUBLISHED,
            request=request,
            user=by.user if by is not None else None,
            organisation=organisation,
            publication=publication.pk,
            minimum_level=minimum_level,
            rows=publication.row_count,
        )
        # Its pages and CSV are rendered by the worker, not in the monitoring officer's
        # request (a council's register is hundreds of pages); a page asked for before
        # then is rendered on its own, once (`public_page`).
        render_publication.enqueue(publication.pk)
        return publication


@task()
def render_publication(publication_id: int) -> int:
    """Render and store every page of a publication and its CSV, once (the worker runs
    this when it is published). Returns how many pages it has."""
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        return 0
    store_pages(publication)
    csv_of(publication)
    return page_count(publication)


def csv_of(publication: Publication) -> str:
    """The publication's public CSV as written when it was published; one published
    before the CSV was kept is written now, once, and kept."""
    if not publication.csv:
        text = csv_text(public_rows(publication))
        if Publication.objects.filter(pk=publication.pk, csv="").update(csv=text):
            publication.csv = text
        else:  # written meanwhile (by `_redact`, perhaps): that one stands
            publication.csv = (
                Publication.objects.filter(pk=publication.pk).values_list("csv", flat=True).first()
                or text
            )
    return publication.csv


def latest_publication(
    organisation: Organisation, *, with_entries: bool = True
) -> Publication | None:
    """What the public sees for this organisation, or None if it never published;
    without its snapshot's entries (read only if asked for) when `with_entries` is False."""
    publications = Publication.objects.filter(organisation=organisation)
    if not with_entries:
        publications = publications.defer("entries")
    return publications.order_by("-published_at", "-id").first()


def page_count(publication: Publication) -> int:
    """How many pages the publication has (from its row count: nothing is counted)."""
    return math.ceil(publication.row_count / PUBLIC_PAGE_SIZE)


def render_pages(publication: Publication) -> list[PublishedPage]:
    """The publication's pages, unsaved: its rows in order, PUBLIC_PAGE_SIZE a page, each
    rendered with the fragment the preview uses. The template escapes every cell: the
    rows are plain strings, nothing in them is marked safe."""
    rows = public_rows(publication)
    return [
        _render_page(publication, rows, number) for number in range(1, page_count(publication) + 1)
    ]


def _render_page(
    publication: Publication, rows: list[dict[str, str]], number: int
) -> PublishedPage:
    start = (number - 1) * PUBLIC_PAGE_SIZE
    chunk = rows[start : start + PUBLIC_PAGE_SIZE]
    return PublishedPage(
        publication=publication,
        number=number,
        html=render_to_string(
            ENTRIES_TABLE,
            {"rows": display_rows(chunk), "caption": _caption(chunk, start + 1, len(rows))},
        ),
        first_row=start + 1,
        row_count=len(chunk),
    )


def _caption(chunk: Sequence[dict[str, str]], first_row: int, total: int) -> str:
    """The page's caption, e.g. "Declarations 51 to 100 of 2,271: Ann Baker to Cy Dunn",
    so that a reader looking for an officer (the rows are in order of surname) knows
    whose entries are on it."""
    if total <= PUBLIC_PAGE_SIZE:
        return "Declarations"  # one page: nothing to find your way about
    last_row = first_row + len(chunk) - 1
    words = f"Declarations {first_row:,} to {last_row:,} of {total:,}"
    first_name, last_name = chunk[0]["name"], chunk[-1]["name"]
    if first_name and last_name:
        words += f": {first_name}" if first_name == last_name else f": {first_name} to {last_name}"
    return words


def store_pages(publication: Publication) -> None:
    """Render and save the publication's pages (none for an empty publication). Pages
    already stored are left as they are, so two visitors racing to render an older
    publication's pages store them once. Rendered from the snapshot read again under
    the publication's lock (`_locked_snapshot`), so never from rows being withdrawn."""
    with transaction.atomic():
        current = _locked_snapshot(publication.pk)
        if current is not None:
            PublishedPage.objects.bulk_create(render_pages(current), ignore_conflicts=True)


def _locked_snapshot(pk: int) -> Publication | None:
    """The publication's snapshot and row count, read under its row lock (in the
    caller's transaction). `_redact` rewrites a snapshot and deletes its pages under the
    same lock, so a page rendered from what this returns is never one of the rows taken
    out: rendered before the rewrite, it is deleted by it; after, it is rendered from
    the rewritten rows."""
    return (
        Publication.objects.select_for_update()
        .only("id", "organisation_id", "entries", "row_count")
        .filter(pk=pk)
        .first()
    )


def public_page(code: str, number: int) -> tuple[Publication | None, str | None]:
    """The latest publication of the organisation with this code (with its organisation,
    without its entries: one indexed query) and the stored HTML of its page `number`
    (one lookup by the unique (publication, number)), None if it has no such page. A
    page not rendered yet (just published, or published before pages were kept) is
    rendered now, on its own, and kept."""
    publication = (
        Publication.objects.filter(organisation__code=code)
        .select_related("organisation")
        .defer("entries", "csv")
        .order_by("-published_at", "-id")
        .first()
    )
    if publication is None:
        return None, None
    return publication, page_html(publication, number)


def page_html(publication: Publication, number: int) -> str | None:
    """The stored HTML of the publication's page `number`, None if it has no such page;
    one not rendered yet is rendered now, on its own, and kept (as it was published:
    from the snapshot, never the register)."""
    if not 1 <= number <= page_count(publication):
        return None
    html = _stored_html(publication, number)
    if html is None:  # not rendered yet (the worker is on it, or entries were withdrawn)
        if not publication.pages.exists():  # from before pages were kept, or withdrawn
            render_publication.enqueue(publication.pk)
        with transaction.atomic():
            current = _locked_snapshot(publication.pk)
            # Read again under the lock: entries withdrawn since `publication` was read
            # may have left it fewer pages.
            if current is None or not 1 <= number <= page_count(current):
                return None
            page = _render_page(current, public_rows(current), number)
            PublishedPage.objects.bulk_create([page], ignore_conflicts=True)
        html = page.html
    return html


# --- entries withdrawn after they were published --------------------------------------

# References looked up at once when matching rows snapshotted without one.
_REFERENCES_AT_ONCE = 500


def redact_published(organisation: Organisation, references: set[str]) -> int:
    """Take the entries with these references out of every publication of the
    organisation, the latest and every previous version: an entry kept out of the
    published register for an officer's safety (register.withholding, by the worker:
    `withdraw_from_published`), or deleted under the retention schedule, must not stay
    public in a stored snapshot.

    Each publication holding one of them has its snapshot, row count and CSV rewritten
    from the rows that remain and its stored pages deleted: they are rendered again
    from the rewritten snapshot when first asked for (`page_html`), and then say that
    entries were withdrawn from it (`entries_withdrawn_at`). Rows snapshotted before they
    carried their reference (and not given one by migration 0024) are matched by the
    entry's name, counterparty, description and date (any version's, as entry_for copied
    them), which needs the entries to exist: call this before they are deleted (and
    again after, for a publication made in between: then only references match).

    The organisation's row is locked first, as `publish` locks it, so a publication being
    made now is among those rewritten and one made after leaves out what it should.
    Then one publication at a time, newest first (the one the public sees is right
    soonest), each in its own transaction, locked while it is rewritten: in the caller's
    transaction if there is one. Returns how many rows were taken out."""
    wanted = {reference for reference in references if reference}
    if not wanted:
        return 0
    identities = _identities(organisation, wanted)
    with transaction.atomic():
        _lock(organisation)
        ids = list(
            Publication.objects.filter(organisation=organisation)
            .order_by("-published_at", "-id")
            .values_list("id", flat=True)
        )
    removed = 0
    for pk in ids:
        with transaction.atomic():
            removed += _redact(pk, wanted, identities)
    return removed


def _lock(organisation: Organisation) -> None:
    """Lock the organisation's row until the transaction ends: `publish` and
    `redact_published` take it first, so they never interleave."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list(
        "pk", flat=True
    ).first()


@task()
def withdraw_from_published(organisation_id: int, references: list[str]) -> int:
    """`redact_published` for the worker: a council's publications are hundreds, of
    hundreds of pages, too many to rewrite within the monitoring officer's request."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return redact_published(organisation, set(references))


def withdraw_later(organisation: Organisation, references: Iterable[str]) -> None:
    """Have the worker take these entries out of every publication of the organisation,
    only if the caller's transaction commits: the task is queued in the same transaction
    when tasks are rows in our database (so it cannot be lost between the commit and the
    queueing), else once the transaction commits."""
    wanted = sorted({reference for reference in references if reference})
    if not wanted:
        return

    def enqueue() -> None:
        withdraw_from_published.enqueue(organisation.pk, wanted)

    if isinstance(task_backends[withdraw_from_published.backend], DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)


def _identities(organisation: Organisation, references: set[str]) -> set[tuple[str, ...]]:
    """(name, counterparty, description, date) of every version of the entries with
    these references, as entry_for writes them into a snapshot."""
    found: set[tuple[str, ...]] = set()
    ordered = sorted(references)
    for start in range(0, len(ordered), _REFERENCES_AT_ONCE):
        versions_of = (
            Declaration.objects.filter(
                organisation=organisation,
                reference__in=ordered[start : start + _REFERENCES_AT_ONCE],
            )
            .select_related("officer__user")
            .only(
                "counterparty",
                "description",
                "date",
                "officer__user__first_name",
                "officer__user__last_name",
                "officer__user__username",
            )
        )
        for declaration in versions_of.iterator(chunk_size=_REFERENCES_AT_ONCE):
            found.add(
                _identity(
                    {
                        "name": declaration.officer.full_name,
                        "counterparty": declaration.counterparty,
                        "description": declaration.description,
                        "date": declaration.date.isoformat(),
                    }
                )
            )
    return found


def _identity(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(row.get(key) or "") for key in IDENTITY_KEYS)


def _is_withdrawn(row: Any, references: set[str], identities: set[tuple[str, ...]]) -> bool:
    if not isinstance(row, dict):
        return False
    reference = row.get(REFERENCE_KEY)
    if reference:
        return str(reference) in references
    return _identity(row) in identities


def _redact(pk: int, references: set[str], identities: set[tuple[str, ...]]) -> int:
    """Rewrite one publication without the withdrawn rows, and delete its stored pages
    (every one, whatever its number: none beyond the new page count is left); how many
    rows it lost. Nothing is rendered here: `page_html` renders a page when it is first
    asked for, under the same lock (`_locked_snapshot`)."""
    publication = _locked_snapshot(pk)
    if publication is None:
        return 0
    entries = publication.entries if isinstance(publication.entries, list) else []
    kept = [row for row in entries if not _is_withdrawn(row, references, identities)]
    if len(kept) == len(entries):
        return 0
    publication.entries = kept
    rows = public_rows(publication)
    Publication.objects.filter(pk=pk).update(
        entries=kept,
        row_count=len(rows),
        csv=csv_text(rows),
        entries_withdrawn_at=clock.now(),
    )
    PublishedPage.objects.filter(publication_id=pk).delete()
    return len(entries) - len(kept)


# --- previous versions: every publication is kept, listed and readable as published ---

# Publications listed on one page of "Previous versions", newest first.
VERSIONS_PAGE_SIZE = 100
# The largest id a database id column holds: anything beyond is no publication.
_LARGEST_ID = 2**63 - 1


def publication_of(code: str, pk: int) -> Publication | None:
    """The organisation's publication with this id (with its organisation, without its
    entries), None for another organisation's or none at all."""
    if not 0 < pk <= _LARGEST_ID:
        return None
    return (
        Publication.objects.filter(pk=pk, organisation__code=code)
        .select_related("organisation")
        .defer("entries", "csv")
        .first()
    )


def is_latest(publication: Publication) -> bool:
    """Whether nothing of its organisation was published after it (one indexed query)."""
    later = past(
        Publication.objects.filter(organisation_id=publication.organisation_id),
        "published_at",
        publication.published_at,
        publication.pk,
    )
    return not later.exists()


@dataclass(frozen=True)
class VersionsPage:
    """A page of "Previous versions", newest first: the publications (id, date, row
    count and when entries were withdrawn from it only) and the cursors of the pages
    either side (None where there is none): `older` for `?after=`, `newer` for
    `?before=`."""

    rows: list[Publication]
    older: int | None
    newer: int | None


def versions(
    organisation: Organisation, *, after: int | None = None, before: int | None = None
) -> VersionsPage:
    """A page of the organisation's publications, newest first, walked along the
    (organisation, published_at) index: those older than the one with id `after`, or
    the newer ones just before the one with id `before`, or the newest. A cursor that
    is no publication of the organisation's gives the newest."""
    rows = Publication.objects.filter(organisation=organisation).only(
        "id",
        "organisation_id",
        "published_at",
        "row_count",
        "minimum_level",
        "entries_withdrawn_at",
    )
    if before is not None and (mark := _mark(rows, before)) is not None:
        newer = list(
            past(rows, "published_at", mark, before).order_by("published_at", "id")[
                : VERSIONS_PAGE_SIZE + 1
            ]
        )
        if newer:
            page = newer[:VERSIONS_PAGE_SIZE][::-1]
            more_newer = len(newer) > VERSIONS_PAGE_SIZE
            return VersionsPage(page, page[-1].pk, page[0].pk if more_newer else None)
    if after is not None and (mark := _mark(rows, after)) is not None:
        older = list(
            past(rows, "published_at", mark, after, descending=True).order_by(
                "-published_at", "-id"
            )[: VERSIONS_PAGE_SIZE + 1]
        )
        page = older[:VERSIONS_PAGE_SIZE]
        more_older = len(older) > VERSIONS_PAGE_SIZE
        return VersionsPage(page, page[-1].pk if more_older else None, page[0].pk if page else None)
    newest = list(rows.order_by("-published_at", "-id")[: VERSIONS_PAGE_SIZE + 1])
    page = newest[:VERSIONS_PAGE_SIZE]
    return VersionsPage(page, page[-1].pk if len(newest) > VERSIONS_PAGE_SIZE else None, None)


def _mark(rows: QuerySet, pk: int) -> datetime.datetime | None:
    """When the publication with id `pk` among `rows` was published (None if none)."""
    if not 0 < pk <= _LARGEST_ID:
        return None
    return rows.filter(pk=pk).values_list("published_at", flat=True).first()


def _stored_html(publication: Publication, number: int) -> str | None:
    """The stored page, if it is still a page of the publication as it stands: never one
    beyond its row count (the publication row is read in the same query), should entries
    withdrawn since leave one behind."""
    return (
        PublishedPage.objects.filter(
            publication=publication, number=number, first_row__lte=F("publication__row_count")
        )
        .values_list("html", flat=True)
        .first()
    )


def published_organisations() -> QuerySet[Organisation]:
    """Organisations that have published, annotated with `last_published_at`."""
    return (
        Organisation.objects.annotate(last_published_at=Max("publications__published_at"))
        .filter(last_published_at__isnull=False)
        .order_by("name")
    )


def public_rows(publication: Publication) -> list[dict[str, str]]:
    """The snapshot's rows, restricted to the public columns whatever the JSON holds."""
    return [
        {key: str(entry.get(key) or "") for key, _ in COLUMNS}
        for entry in publication.entries
        if isinstance(entry, dict)
    ]


def display_rows(rows: Iterable[dict[str, str]]) -> list[dict[str, Any]]:
    """Rows for a page: dates as dates and the value as Decimal (None when blank)."""
    return [
        {
            **row,
            "value_gbp": _decimal(row.get("value_gbp", "")),
            "date": _date(row.get("date", "")),
            "ended_on": _date(row.get("ended_on", "")),
            "what_happened_on": _date(row.get("what_happened_on", "")),
        }
        for row in rows
    ]


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def csv_text(rows: Iterable[dict[str, str]]) -> str:
    """The rows as CSV with a heading row, every cell neutralised (exports.neutralise: the
    same rule as the register's own exports)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for _, heading in COLUMNS])
    for row in rows:
        writer.writerow([neutralise(str(row.get(key, ""))) for key, _ in COLUMNS])
    return buffer.getvalue()


def level_choices() -> list[tuple[str, str]]:
    """Levels for the publish form's select."""
    return list(c.LEVELS)
