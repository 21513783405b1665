"""The dashboard's figures, worked out in the background and kept as snapshots.

Counting a council's whole register takes seconds at a million declarations, and the
figures depend on the time (how long a step has waited, which interests are past their
deadline, who owes this year's annual return), so counters kept as declarations change
cannot give them. The worker runs `refresh_dashboard` (dashboard.build), which stores a
DashboardSnapshot; the page reads the latest one (one indexed query,
dashboardsnapshot_org_idx) and says when it was worked out.

Settings:

* DASHBOARD_MAX_AGE_MINUTES (default 10): a snapshot older than this is still shown,
  with its time, but the page asks for a new one. conduct_register/schedule.py refreshes
  every organisation's dashboard every 10 minutes, so a keeper seldom meets an old one.

At most one refresh is waiting per organisation: before enqueuing, `ask_for_refresh`
looks for one queued (or started within the maximum age) among the worker's task
results. Two requests at the same moment may both enqueue; the second refresh then finds
a snapshot made moments ago (FRESH_ENOUGH_SECONDS) and does nothing. With a backend that
keeps no results in the database (the immediate backend, in tests and development) the
refresh runs as it is enqueued, so there is nothing to wait for.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from declarations import clock
from declarations.models import DashboardSnapshot, Organisation
from declarations.register import dashboard

logger = logging.getLogger(__name__)

DEFAULT_MAX_AGE_MINUTES = 10
KEEP_SNAPSHOTS = 3  # per organisation: the table stays small
FRESH_ENOUGH_SECONDS = 60  # a refresh finding a snapshot this young does nothing


def max_age() -> datetime.timedelta:
    """How old a snapshot may be before the page asks for a new one."""
    minutes = getattr(settings, "DASHBOARD_MAX_AGE_MINUTES", DEFAULT_MAX_AGE_MINUTES)
    return datetime.timedelta(minutes=minutes)


# --- working the figures out (the worker) -----------------------------------------------------


def store_snapshot(
    organisation: Organisation, *, now: datetime.datetime | None = None
) -> DashboardSnapshot:
    """Work out the organisation's figures as of `now`, store them, and delete its
    snapshots older than the newest KEEP_SNAPSHOTS."""
    now = now or clock.now()
    board = dashboard.build(organisation, now=now)
    snapshot = DashboardSnapshot.objects.create(
        organisation=organisation, computed_at=now, figures=dashboard.figures_of(board)
    )
    older = DashboardSnapshot.objects.filter(organisation=organisation).order_by(
        "-computed_at", "-id"
    )
    old_ids = list(older.values_list("pk", flat=True)[KEEP_SNAPSHOTS:])
    if old_ids:
        DashboardSnapshot.objects.filter(pk__in=old_ids).delete()
    return snapshot


@task()
def refresh_dashboard(organisation_id: int) -> str:
    """Work out one organisation's dashboard and store it (the worker runs this).
    Returns what it did."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return "no such organisation"
    since = clock.now() - datetime.timedelta(seconds=FRESH_ENOUGH_SECONDS)
    if DashboardSnapshot.objects.filter(organisation=organisation, computed_at__gt=since).exists():
        return "fresh already"  # a duplicate refresh, moments after another
    snapshot = store_snapshot(organisation)
    logger.info("Dashboard of %s worked out as of %s.", organisation.code, snapshot.computed_at)
    return "refreshed"


@task()
def refresh_all_dashboards() -> int:
    """Ask for every organisation's dashboard to be worked out (the schedule runs this):
    one task each, so one slow register does not hold up the rest. Returns how many
    were enqueued."""
    enqueued = 0
    for organisation in Organisation.objects.order_by("pk"):
        enqueued += ask_for_refresh(organisation)
    return enqueued


# --- asking for it (the page) ----------------------------------------------------------------


def refresh_waiting(organisation: Organisation) -> bool:
    """Whether a refresh of this organisation's dashboard is queued, or was started
    within the maximum age (one that started long ago has died with its worker).
    Always False for a backend that keeps no task results in the database."""
    if not isinstance(refresh_dashboard.get_backend(), DatabaseBackend):
        return False
    started_since = clock.now() - max_age()
    return (
        DBTaskResult.objects.filter(
            task_path=refresh_dashboard.module_path, args_kwargs__args__0=organisation.pk
        )
        .filter(Q(status="READY") | Q(status="RUNNING", started_at__gte=started_since))
        .exists()
    )


def ask_for_refresh(organisation: Organisation) -> bool:
    """Enqueue a refresh of the organisation's dashboard unless one is waiting already.
    Returns whether it enqueued one."""
    if refresh_waiting(organisation):
        return False
    refresh_dashboard.enqueue(organisation.pk)
    return True


@dataclass(frozen=True)
class Latest:
    """The figures to show (None while none have been worked out) and how current."""

    shown: dashboard.Shown | None
    computed_at: datetime.datetime | None
    stale: bool  # older than the maximum age: a refresh has been asked for

    @property
    def refreshing(self) -> bool:
        return self.shown is None or self.stale


def latest_snapshot(organisation: Organisation) -> DashboardSnapshot | None:
    """The organisation's newest snapshot (dashboardsnapshot_org_idx)."""
    return (
        DashboardSnapshot.objects.filter(organisation=organisation)
        .order_by("-computed_at", "-id")
        .first()
    )


def _read(
    snapshot: DashboardSnapshot | None,
) -> tuple[dashboard.Shown | None, datetime.datetime | None]:
    if snapshot is None:
        return None, None
    try:
        return dashboard.shown_from(snapshot.figures), snapshot.computed_at
    except dashboard.UnreadableFigures:
        return None, None  # another version's shape: as if there were none


def latest_figures(organisation: Organisation, *, now: datetime.datetime | None = None) -> Latest:
    """The latest figures for the page. None yet, or older than the maximum age, asks
    for a refresh (at most one waiting); where that ran at once (the immediate
    backend) the new figures are read back."""
    now = now or clock.now()
    shown, computed_at = _read(latest_snapshot(organisation))
    if computed_at is not None and now - computed_at <= max_age():
        return Latest(shown, computed_at, stale=False)
    enqueued = ask_for_refresh(organisation)
    if enqueued and not isinstance(refresh_dashboard.get_backend(), DatabaseBackend):
        fresh, fresh_at = _read(latest_snapshot(organisation))
        if fresh_at is not None and fresh_at != computed_at:
            return Latest(fresh, fresh_at, stale=False)
    return Latest(shown, computed_at, stale=True)
