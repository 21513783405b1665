"""The monitoring officer's compliance dashboard: one organisation's register at a glance.

Every figure is one query whatever the size of the register (counts are GROUP BY or
conditional aggregates, lists are sliced), so the page costs the same number of
queries for ten declarations as for ten thousand.

What is counted:

* "declarations" are the register's current version of each entry
  (DeclarationQuerySet.current_versions): drafts (not yet declared) and versions
  replaced by an amendment are left out, withdrawn entries are counted;
* an approval step is open while it is pending on a declaration that is awaiting
  approval or acknowledgement and it has reached someone's queue (it was opened, or
  no earlier step of the same declaration is still pending). Its age runs from
  `opened_at`, or `created_at` for a step that was never stamped;
* late: the `late` column (the verdict's, copied at submission and indexed:
  declaration_late_idx), as the register's "late" filter reads it, each with how many days
  after its deadline it was declared (declared_on - deadline, from the row's own columns:
  declarations.lateness), and of them all the longest and the median (the lower middle
  one: half were declared within it), in the same aggregate as the count and one sliced
  query; where the
  organisation's code sets a deadline for interests (Thurrock's 28 days, 18.1 and 18.2:
  `DUTIES.deadlines`, taken from its rules) also interests past it that have never
  been recorded or approved, counted once per entry on the version that stands (or the
  draft of one never submitted): an amendment started since does not hide it;
* officers who have not made this year's AnnualDeclaration, where the organisation's
  own code asks for an annual return (Thurrock 18.1: assistant director and above;
  declarations.filing.required_officers). A code that asks none (ECC's, the county
  council's...) has no such figure: the dashboard says what the code says;
* gifts, offers and activities the code said must be declined or must not go ahead
  whose officer has still to say what happened to them (`disposition_due_on` set,
  nothing recorded: the partial index `declaration_awaiting_disp_idx`), on a version
  that still stands, the earliest due first. The list is capped at LIST_LIMIT and so is
  its count ("50 or more"): no COUNT over the register;
* donors who gave the same officer three or more gifts or hospitality in the last 365
  days, or more than £100 in total (the counterparty compared case- and
  space-insensitively). These figures are the register's own prompt to look closer,
  not an employer's rule: no code sets them.

Who may see an organisation's dashboard is keepers.py's question; charts.py draws it.

Working the figures out scans the whole register, so the page does not: the worker runs
`build` (dashboard_tasks.refresh_dashboard) and stores `figures_of(board)`, plain JSON
data, as a DashboardSnapshot; the page turns the latest back into `Shown` (`shown_from`)
and says when it was worked out. Every date in the figures is as of that moment.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, Lower, Trim
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

import policies
from declarations import choices as c
from declarations import clock, labels
from declarations.filing import annual_return_of, required_officers
from declarations.lateness import days_late, days_words
from declarations.models import (
    AnnualDeclaration,
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    Officer,
    Organisation,
)
from policies.duties import AnnualReturn, Deadline
from policies.vocabulary import SENSITIVE_TYPES, DeclarationType

S = c.Status
LIST_LIMIT = 50
AWAITING: tuple[str, ...] = (S.AWAITING_APPROVAL, S.AWAITING_ACKNOWLEDGEMENT)
# Not among the register's current versions, so never counted (current_versions).
NOT_COUNTED: tuple[str, ...] = (S.DRAFT, S.SUPERSEDED)
NOT_YET_RECORDED: tuple[str, ...] = (S.DRAFT, S.SUBMITTED, *AWAITING)
STOOD: tuple[str, ...] = (S.RECORDED, S.APPROVED, S.ENDED)
REPEAT_GIFT_COUNT = 3
REPEAT_GIFT_TOTAL = Decimal("100")
REPEAT_WINDOW_DAYS = 365
# (label, first day, last day) of age in whole days; None: no upper limit.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0 to 7 days", 0, 7),
    ("8 to 14 days", 8, 14),
    ("15 to 28 days", 15, 28),
    ("More than 28 days", 29, None),
)


@dataclass(frozen=True)
class Bar:
    """One labelled count, with the register filtered to it where that makes sense."""

    label: str
    count: int
    url: str = ""


class Totals:
    """What the page derives from the figures, the same whether they were just worked out
    (Dashboard) or read back from a snapshot (Shown)."""

    by_type: list[Bar]
    step_ages: list[Bar]
    awaiting_disposition: list[dict[str, Any]]
    awaiting_disposition_more: bool
    late_longest_days: int | None
    late_median_days: int | None

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.by_type)

    @property
    def open_steps(self) -> int:
        return sum(bar.count for bar in self.step_ages)

    @property
    def late_longest_words(self) -> str:
        """ "59 days": the most days any late declaration was past its deadline ("" if none)."""
        return days_words(self.late_longest_days) if self.late_longest_days else ""

    @property
    def late_median_words(self) -> str:
        """ "12 days": half the late declarations were declared within it ("" if none)."""
        return days_words(self.late_median_days) if self.late_median_days else ""

    @property
    def awaiting_disposition_words(self) -> str:
        """How many are awaited: "3", or "50 or more" once the list is full."""
        shown = len(self.awaiting_disposition)
        return f"{shown} or more" if self.awaiting_disposition_more else str(shown)


@dataclass
class Dashboard(Totals):
    organisation: Organisation
    today: datetime.date
    by_type: list[Bar] = field(default_factory=list)
    by_status: list[Bar] = field(default_factory=list)
    by_department: list[Bar] = field(default_factory=list)
    step_ages: list[Bar] = field(default_factory=list)
    steps_not_reached: int = 0
    late: list[dict[str, Any]] = field(default_factory=list)
    late_count: int = 0
    late_url: str = ""
    late_longest_days: int | None = None  # of all late declarations with a deadline
    late_median_days: int | None = None
    interest_deadline: Deadline | None = None  # the organisation's code's, if it sets one
    interest_deadline_cites: str = ""  # "18.1, 18.2"
    annual_return: AnnualReturn | None = None  # the organisation's code's, if it asks one
    annual_return_level: str = ""  # the lowest level it binds, in words
    overdue_interests: list[dict[str, Any]] = field(default_factory=list)
    overdue_interest_count: int = 0
    missing_annual: list[Officer] = field(default_factory=list)
    missing_annual_count: int = 0
    awaiting_disposition: list[dict[str, Any]] = field(default_factory=list)
    awaiting_disposition_more: bool = False  # more than LIST_LIMIT are awaited
    repeat_donors: list[dict[str, Any]] = field(default_factory=list)


# --- links into the register ------------------------------------------------------------


def entry_url(declaration: Declaration) -> str:
    """The keeper's page of one entry; none for a draft, which no register lists."""
    if declaration.status == S.DRAFT:
        return ""
    return reverse("register-entry", args=[declaration.pk])


def register_url(organisation: Organisation, **params: str) -> str:
    """The register (declarations.register.urls) filtered by `params`."""
    try:
        base = reverse("register")
    except NoReverseMatch:
        base = "/register/"
    query = {"organisation": organisation.code, **{k: v for k, v in params.items() if v}}
    return f"{base}?{urlencode(query)}"


# --- the figures ------------------------------------------------------------------------


def counted_declarations(organisation: Organisation) -> QuerySet[Declaration]:
    """The register's entries that count: each entry's current version, no drafts."""
    return Declaration.objects.in_register(organisation).current_versions()


def counts_by_type(organisation: Organisation) -> list[Bar]:
    rows = dict(
        counted_declarations(organisation)
        .order_by()
        .values_list("type")
        .annotate(n=Count("id"))
        .values_list("type", "n")
    )
    return [
        Bar(label, rows.get(value, 0), register_url(organisation, type=value))
        for value, label in c.DECLARATION_TYPES
    ]


def counts_by_status(organisation: Organisation) -> list[Bar]:
    rows = dict(
        counted_declarations(organisation)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [
        Bar(label, rows.get(value, 0), register_url(organisation, status=value))
        for value, label in c.Status.choices
        if value not in NOT_COUNTED
    ]


def counts_by_department(organisation: Organisation) -> list[Bar]:
    """Declarations by their officer's department, the most first; past LIST_LIMIT
    departments, the smallest are added up in one bar."""
    rows = (
        counted_declarations(organisation)
        .order_by()
        .values_list("officer__department")
        .annotate(n=Count("id"))
        .values_list("officer__department", "n")
        .order_by("-n", "officer__department")
    )
    bars = [
        Bar(
            department or "No department recorded",
            n,
            register_url(organisation, department=department) if department else "",
        )
        for department, n in rows
    ]
    if len(bars) <= LIST_LIMIT:
        return bars
    # The chart and its table stay bounded: the largest, then the rest added up.
    rest = bars[LIST_LIMIT - 1 :]
    return [
        *bars[: LIST_LIMIT - 1],
        Bar(f"{len(rest)} other departments", sum(b.count for b in rest)),
    ]


def open_steps(organisation: Organisation) -> QuerySet[ApprovalStep]:
    """Pending steps on the register's declarations that are awaiting a decision."""
    earlier_pending = ApprovalStep.objects.filter(
        declaration=OuterRef("declaration"),
        state=c.StepState.PENDING,
        order__lt=OuterRef("order"),
    )
    return (
        ApprovalStep.objects.filter(
            state=c.StepState.PENDING,
            declaration__status__in=AWAITING,
            declaration__in=Declaration.objects.in_register(organisation).values("pk"),
        )
        .annotate(
            started=Coalesce("opened_at", "created_at"),
            waiting_on_earlier=Exists(earlier_pending),
        )
        .order_by()
    )


def step_ages(
    organisation: Organisation, now: datetime.datetime | None = None
) -> tuple[list[Bar], int]:
    """Open steps by whole days waiting, and the pending steps not yet reached."""
    now = now or clock.now()
    reached = Q(opened_at__isnull=False) | Q(waiting_on_earlier=False)
    aggregates: dict[str, Any] = {"not_reached": Count("id", filter=~reached)}
    for index, (_, first, last) in enumerate(AGE_BUCKETS):
        # Waiting `d` whole days: started in (now - (d + 1) days, now - d days].
        window = Q(started__lte=now - datetime.timedelta(days=first))
        if last is not None:
            window &= Q(started__gt=now - datetime.timedelta(days=last + 1))
        aggregates[f"bucket_{index}"] = Count("id", filter=reached & window)
    result = open_steps(organisation).aggregate(**aggregates)
    # No links: the register cannot filter by how long a step has waited.
    bars = [
        Bar(label, result[f"bucket_{index}"] or 0)
        for index, (label, _, _) in enumerate(AGE_BUCKETS)
    ]
    return bars, result["not_reached"] or 0


def late_declarations(organisation: Organisation) -> QuerySet[Declaration]:
    """Declarations declared after the deadline (the `late` column, from the verdict)."""
    return (
        counted_declarations(organisation)
        .filter(late=True)
        .select_related("officer__user")
        .order_by("-declared_on", "-id")
    )


# Days a declaration was declared after its deadline, from its own columns.
DAYS_LATE = ExpressionWrapper(F("declared_on") - F("deadline"), output_field=DurationField())


def how_late(late: QuerySet[Declaration]) -> tuple[int, int | None, int | None]:
    """How many are late, and of those declared after a deadline they record the most
    days late and the median (the lower middle one, so half were declared within it):
    one aggregate, and one row of them in order of days late when any are."""
    timed = Q(deadline__isnull=False, declared_on__gt=F("deadline"))
    figures = late.order_by().aggregate(
        count=Count("id"), timed=Count("id", filter=timed), longest=Max(DAYS_LATE, filter=timed)
    )
    if not figures["timed"]:
        return figures["count"], None, None
    middle = (figures["timed"] - 1) // 2
    median = (
        late.filter(timed)
        .annotate(days_late=DAYS_LATE)
        .order_by("days_late", "id")
        .values_list("days_late", flat=True)[middle : middle + 1]
    )
    return figures["count"], _days(figures["longest"]), _days(next(iter(median), None))


def _days(value: datetime.timedelta | None) -> int | None:
    return value.days if isinstance(value, datetime.timedelta) else None


def late_rows(declarations: list[Declaration]) -> list[dict[str, Any]]:
    return [
        {
            "declaration": d,
            "url": entry_url(d),
            "officer": labels.officer_name(d.officer),
            "deadline": d.deadline,
            "days_late": days_late(d.declared_on, d.deadline),
        }
        for d in declarations
    ]


def interest_deadline(organisation: Organisation) -> Deadline | None:
    """The deadline the organisation's own code sets for declaring an interest, if any."""
    try:
        return policies.duties_for(organisation.code).deadline_for(DeclarationType.INTEREST)
    except ValueError:  # an organisation with no code in the contract
        return None


def overdue_interests(
    organisation: Organisation, today: datetime.date, days: int
) -> QuerySet[Declaration]:
    """Interests more than `days` old that were never recorded or approved, once per
    entry: the version that stands, or the draft of an entry never submitted. An
    amendment in draft does not hide the version it amends, which still stands; an
    amendment of a recorded interest does not count."""
    ever_stood = DeclarationEvent.objects.filter(
        declaration__reference=OuterRef("reference"), to_status__in=STOOD
    )
    return (
        Declaration.objects.in_register(organisation)
        .interests()
        .standing_or_new()
        .filter(status__in=NOT_YET_RECORDED, date__lt=today - datetime.timedelta(days=days))
        .exclude(Exists(ever_stood))
        .select_related("officer__user")
        .order_by("date", "id")
    )


def overdue_rows(
    declarations: list[Declaration], today: datetime.date, days: int
) -> list[dict[str, Any]]:
    rows = []
    for d in declarations:
        deadline = d.date + datetime.timedelta(days=days)
        rows.append(
            {
                "declaration": d,
                "url": entry_url(d),
                "officer": labels.officer_name(d.officer),
                "deadline": deadline,
                "days_overdue": (today - deadline).days,
            }
        )
    return rows


def missing_annual_declarations(organisation: Organisation, year: int) -> QuerySet[Officer]:
    """Officers whose code asks for an annual return with no AnnualDeclaration for `year`
    (declarations.filing.required_officers: the filing journey asks them for it)."""
    made = AnnualDeclaration.objects.filter(officer=OuterRef("pk"), year=year)
    return (
        required_officers(organisation)
        .exclude(Exists(made))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "id")
    )


def awaiting_disposition(organisation: Organisation) -> QuerySet[Declaration]:
    """Entries whose officer has still to say what happened to a gift, offer or activity
    the code said must be declined or must not go ahead: due, not recorded, on a version
    that still stands; the earliest due first. The filter is the partial index's
    condition (Declaration.Meta, declaration_awaiting_disp_idx)."""
    return (
        Declaration.objects.in_register(organisation)
        .filter(disposition_due_on__isnull=False, disposition_recorded_at__isnull=True)
        .standing()
        .select_related("officer__user")
        .order_by("disposition_due_on", "id")
    )


def awaiting_rows(declarations: list[Declaration], today: datetime.date) -> list[dict[str, Any]]:
    return [
        {
            "declaration": d,
            "url": entry_url(d),
            "officer": labels.officer_name(d.officer),
            "due_on": d.disposition_due_on,
            "overdue": d.disposition_due_on is not None and d.disposition_due_on < today,
        }
        for d in declarations
    ]


def repeat_donors(organisation: Organisation, today: datetime.date) -> list[dict[str, Any]]:
    """Donors who gave one officer 3+ gifts or hospitality, or over £100, in 365 days."""
    since = today - datetime.timedelta(days=REPEAT_WINDOW_DAYS - 1)
    rows = (
        Declaration.objects.in_register(organisation)
        .gifts_and_hospitality()
        .standing()
        .filter(gift_hospitality__direction="received", date__gte=since, date__lte=today)
        .annotate(donor=Lower(Trim("counterparty")))
        .exclude(donor="")
        .order_by()
        .values("officer_id", "donor")
        .annotate(
            first_name=Min("officer__user__first_name"),
            last_name=Min("officer__user__last_name"),
            username=Min("officer__user__username"),
            donor_name=Min("counterparty"),
            gifts=Count("id"),
            total=Sum("gift_hospitality__value_gbp"),
            first_date=Min("date"),
        )
        .filter(Q(gifts__gte=REPEAT_GIFT_COUNT) | Q(total__gt=REPEAT_GIFT_TOTAL))
        .order_by("-total", "-gifts", "donor", "officer_id")
    )
    found = []
    for row in rows[:LIST_LIMIT]:
        officer = f"{row['first_name']} {row['last_name']}".strip() or row["username"]
        found.append(
            {
                **row,
                "officer": officer,
                "total": row["total"] or Decimal("0"),
                "url": register_url(
                    organisation,
                    counterparty=row["donor_name"].strip(),
                    officer=officer,
                    date_from=since.isoformat(),
                ),
            }
        )
    return found


def build(organisation: Organisation, *, now: datetime.datetime | None = None) -> Dashboard:
    """Every figure on the dashboard for one organisation."""
    now = now or clock.now()
    today = timezone.localdate(now)
    board = Dashboard(organisation=organisation, today=today)
    board.by_type = counts_by_type(organisation)
    board.by_status = counts_by_status(organisation)
    board.by_department = counts_by_department(organisation)
    board.step_ages, board.steps_not_reached = step_ages(organisation, now)

    late = late_declarations(organisation)
    board.late_count, board.late_longest_days, board.late_median_days = how_late(late)
    board.late = late_rows(list(late[:LIST_LIMIT])) if board.late_count else []
    board.late_url = register_url(organisation, late="1")

    board.interest_deadline = deadline = interest_deadline(organisation)
    if deadline is not None:
        board.interest_deadline_cites = ", ".join(deadline.cites)
        overdue = overdue_interests(organisation, today, deadline.days)
        board.overdue_interest_count = overdue.count()
        if board.overdue_interest_count:
            board.overdue_interests = overdue_rows(list(overdue[:LIST_LIMIT]), today, deadline.days)

    # Only where the organisation's own code asks for an annual return: the figure says
    # what the code says (policies: DUTIES.annual_return), never more.
    board.annual_return = annual_return_of(organisation.code)
    if board.annual_return is not None:
        board.annual_return_level = c.label(board.annual_return.at_or_above.value).lower()
        missing = missing_annual_declarations(organisation, today.year)
        board.missing_annual_count = missing.count()
        if board.missing_annual_count:
            board.missing_annual = list(missing[:LIST_LIMIT])

    awaiting = list(awaiting_disposition(organisation)[: LIST_LIMIT + 1])
    board.awaiting_disposition = awaiting_rows(awaiting[:LIST_LIMIT], today)
    board.awaiting_disposition_more = len(awaiting) > LIST_LIMIT
    board.repeat_donors = repeat_donors(organisation, today)
    return board


# --- the figures as plain data, stored and shown back ------------------------------------

# Bumped when the shape of `figures_of` changes: a snapshot of another shape is not shown
# (the page asks for a new one), so a deployment never renders half-understood figures.
FIGURES_VERSION = 2  # 2: how late (each late row's days_late, the longest and median)
CHART_FIELDS: tuple[str, ...] = ("by_type", "by_status", "by_department", "step_ages")


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _entry(d: Declaration) -> dict[str, Any]:
    """What every list says of one entry: its reference, link, officer, type and status."""
    return {
        "reference": d.reference_with_version,
        "url": entry_url(d),
        "officer": labels.officer_name(d.officer),
        "type": d.get_type_display(),
        "status": d.status,
        "status_label": d.get_status_display(),
        "sensitive": d.type in SENSITIVE_TYPES,
    }


# What a list row of a sensitive entry says to someone who may not see it (a system
# administrator who is not the monitoring officer): that it is there, nothing more.
MASKED = {"reference": "A sensitive entry", "url": "", "officer": "Not shown", "counterparty": ""}


def without_sensitive_details(shown: Shown) -> Shown:
    """The figures as someone who may not see sensitive entries is shown them: counts and
    bars unchanged, list rows of sensitive entries saying only that they are there."""

    def masked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**row, **MASKED} if row.get("sensitive") else row for row in rows]

    return dataclasses.replace(
        shown, late=masked(shown.late), awaiting_disposition=masked(shown.awaiting_disposition)
    )


def figures_of(board: Dashboard) -> dict[str, Any]:
    """Every figure, bar and list row the page shows, as JSON data (dates as ISO strings,
    money as a decimal string): what a DashboardSnapshot stores."""
    deadline = board.interest_deadline
    annual = board.annual_return
    return {
        "version": FIGURES_VERSION,
        "today": board.today.isoformat(),
        **{
            key: [
                {"label": bar.label, "count": bar.count, "url": bar.url}
                for bar in getattr(board, key)
            ]
            for key in CHART_FIELDS
        },
        "steps_not_reached": board.steps_not_reached,
        "late": [
            {
                **_entry(row["declaration"]),
                "deadline": _iso(row["deadline"]),
                "declared_on": _iso(row["declaration"].declared_on),
                "days_late": row["days_late"],
            }
            for row in board.late
        ],
        "late_count": board.late_count,
        "late_url": board.late_url,
        "late_longest_days": board.late_longest_days,
        "late_median_days": board.late_median_days,
        "interest_deadline_days": deadline.days if deadline is not None else None,
        "interest_deadline_cites": board.interest_deadline_cites,
        "overdue_interests": [
            {
                **_entry(row["declaration"]),
                "deadline": _iso(row["deadline"]),
                "days_overdue": row["days_overdue"],
            }
            for row in board.overdue_interests
        ],
        "overdue_interest_count": board.overdue_interest_count,
        "annual_return_cite": annual.cite if annual is not None else None,
        "annual_return_level": board.annual_return_level,
        "missing_annual": [
            {"name": officer.full_name, "job_title": officer.job_title}
            for officer in board.missing_annual
        ],
        "missing_annual_count": board.missing_annual_count,
        "awaiting_disposition": [
            {
                **_entry(row["declaration"]),
                "counterparty": row["declaration"].counterparty,
                "due_on": _iso(row["due_on"]),
                "overdue": row["overdue"],
            }
            for row in board.awaiting_disposition
        ],
        "awaiting_disposition_more": board.awaiting_disposition_more,
        "repeat_donors": [
            {
                "donor_name": row["donor_name"],
                "officer": row["officer"],
                "gifts": row["gifts"],
                "total": str(row["total"]),
                "url": row["url"],
            }
            for row in board.repeat_donors
        ],
    }


class UnreadableFigures(ValueError):
    """A snapshot's figures are of another FIGURES_VERSION, or not figures at all."""


@dataclass(frozen=True)
class Shown(Totals):
    """The figures as the page shows them, read back from `figures_of`'s data: rows are
    dicts (dates as dates, money as Decimal), bars are Bars."""

    today: datetime.date
    by_type: list[Bar]
    by_status: list[Bar]
    by_department: list[Bar]
    step_ages: list[Bar]
    steps_not_reached: int
    late: list[dict[str, Any]]
    late_count: int
    late_url: str
    late_longest_days: int | None
    late_median_days: int | None
    interest_deadline_days: int | None
    interest_deadline_cites: str
    overdue_interests: list[dict[str, Any]]
    overdue_interest_count: int
    annual_return_cite: str | None
    annual_return_level: str
    missing_annual: list[dict[str, Any]]
    missing_annual_count: int
    awaiting_disposition: list[dict[str, Any]]
    awaiting_disposition_more: bool
    repeat_donors: list[dict[str, Any]]


def _rows(rows: list[dict[str, Any]], dates: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{**row, **{key: _parse_date(row.get(key)) for key in dates}} for row in rows]


def shown_from(figures: Any) -> Shown:
    """The page's figures from a snapshot's data. Raises UnreadableFigures for data of
    another FIGURES_VERSION (or none)."""
    if not isinstance(figures, dict) or figures.get("version") != FIGURES_VERSION:
        raise UnreadableFigures("These figures are not in this version's shape.")
    try:
        today = datetime.date.fromisoformat(figures["today"])
        return Shown(
            today=today,
            **{key: [Bar(**bar) for bar in figures[key]] for key in CHART_FIELDS},
            steps_not_reached=figures["steps_not_reached"],
            late=_rows(figures["late"], ("deadline", "declared_on")),
            late_count=figures["late_count"],
            late_url=figures["late_url"],
            late_longest_days=figures["late_longest_days"],
            late_median_days=figures["late_median_days"],
            interest_deadline_days=figures["interest_deadline_days"],
            interest_deadline_cites=figures["interest_deadline_cites"],
            overdue_interests=_rows(figures["overdue_interests"], ("deadline",)),
            overdue_interest_count=figures["overdue_interest_count"],
            annual_return_cite=figures["annual_return_cite"],
            annual_return_level=figures["annual_return_level"],
            missing_annual=list(figures["missing_annual"]),
            missing_annual_count=figures["missing_annual_count"],
            awaiting_disposition=_rows(figures["awaiting_disposition"], ("due_on",)),
            awaiting_disposition_more=figures["awaiting_disposition_more"],
            repeat_donors=[
                {**row, "total": Decimal(row["total"])} for row in figures["repeat_donors"]
            ],
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise UnreadableFigures(str(error)) from error


def _parse_date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None
