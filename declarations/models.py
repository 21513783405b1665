"""The register's data: organisations, officers and their roles, declarations.

Field names and choices follow shared/spec/policy-contract.md. Money is Decimal with
two places, and the database refuses negative amounts and values outside the
vocabulary, whatever path the data takes in.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.db.models import OuterRef, Q, Value
from django.db.models.functions import Coalesce

from declarations import choices as c
from declarations import clock
from policies import vocabulary as v
from policies.facts import DEFAULT_TOKEN_LIMIT_GBP, RegisterSettings


def _in_choices(field: str, options: list[tuple[str, str]], model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [value for value, _ in options]}),
        name=f"{model}_{field}_valid",
    )


def _exports_storage() -> Storage:
    """The "exports" storage of settings.STORAGES. A field's storage is read once, when
    the models load: code that saves, opens or deletes an export's file goes through
    `storages["exports"]` itself, so that it follows the settings (tests move it)."""
    return storages["exports"]


def _not_negative(field: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}), name=f"{model}_{field}_gte_0"
    )


def money_field(**kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))], **kwargs
    )


class Organisation(models.Model):
    """One employer, whose code of conduct (`code`) applies to its officers."""

    code = models.CharField(max_length=32, unique=True, choices=c.EMPLOYERS)
    name = models.CharField(max_length=200)
    reference_prefix = models.CharField(
        max_length=8, unique=True, help_text="Starts each declaration reference, e.g. THU."
    )
    # The register's settings (policy-contract.md, "settings"): changed only through the
    # monitoring officer's settings page, each change kept as a RegisterSettingChange.
    token_limit_gbp = money_field(
        default=DEFAULT_TOKEN_LIMIT_GBP,
        help_text=(
            "A gift worth this much or more is not a token, under a code that gives no "
            "figure of its own."
        ),
    )

    # How long an interest or outside work stays in the published register after it
    # ended (register.publishing); the monitoring officer's settings page changes it.
    publication_drop_months = models.PositiveSmallIntegerField(
        default=6,
        help_text="An interest or outside work drops out of the next publication this many "
        "months after it ended.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            _in_choices("code", c.EMPLOYERS, "organisation"),
            models.CheckConstraint(
                condition=Q(token_limit_gbp__gt=0), name="organisation_token_limit_gbp_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def register_settings(self) -> RegisterSettings:
        """The settings its code is evaluated with."""
        return RegisterSettings(token_limit_gbp=self.token_limit_gbp)


class Officer(models.Model):
    """A member of staff (or a board member) who files declarations."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="officer"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="officers"
    )
    seconded_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seconded_officers",
        help_text="The host employer, whose code also applies while seconded.",
    )
    staff_number = models.CharField(max_length=32)
    job_title = models.CharField(max_length=200, blank=True)
    department = models.CharField("department or service", max_length=200, blank=True)
    level = models.CharField(max_length=32, choices=c.LEVELS, default=v.Level.STAFF.value)
    spinal_column_point = models.PositiveSmallIntegerField(null=True, blank=True)
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="direct_reports"
    )
    board_member = models.BooleanField(default=False)
    politically_restricted = models.BooleanField(default=False)
    procurement_or_regulatory_role = models.BooleanField(default=False)
    contracted_hours_per_week = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("37"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    appointed_on = models.DateField(null=True, blank=True)
    # False once the officer has left (people.leavers): they cannot sign in, nobody's
    # route resolves to them, and the register names them as a former officer.
    active = models.BooleanField(default=True)
    left_on = models.DateField(
        "leaving date",
        null=True,
        blank=True,
        help_text="Their last day. On it they stop being able to sign in and their open "
        "requests pass to the next person their route names.",
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "staff_number"], name="officer_staff_number_unique"
            ),
            _in_choices("level", c.LEVELS, "officer"),
            _not_negative("contracted_hours_per_week", "officer"),
            models.CheckConstraint(
                condition=~Q(line_manager=models.F("id")), name="officer_not_own_line_manager"
            ),
            models.CheckConstraint(
                condition=~Q(seconded_to=models.F("organisation")),
                name="officer_not_seconded_to_own_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "level"]),
            # The register's department filter lists the departments of its officers.
            models.Index(fields=["organisation", "department"], name="officer_org_department_idx"),
            # The hourly task's leavers: still active, with a leaving date (people.leavers).
            models.Index(
                fields=["left_on"],
                condition=Q(active=True, left_on__isnull=False),
                name="officer_leaving_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.check_line_management()
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def level_rank(self) -> int:
        return v.Level(self.level).rank

    def clean(self) -> None:
        super().clean()
        self.check_line_management()
        if self.seconded_to_id and self.seconded_to_id == self.organisation_id:
            raise ValidationError(
                {"seconded_to": "An officer cannot be seconded to their own employer."}
            )

    def check_line_management(self) -> None:
        """Refuse a line manager who is, directly or up the chain, managed by this officer.

        The chain above the new manager is read from the database, not from related
        objects cached in memory, which may be stale (declarations.people.hierarchy walks it).
        """
        from declarations.people import hierarchy  # it reads Officer from this module

        if self.pk is None or self.line_manager_id is None:
            return
        if hierarchy.would_make_loop(self.pk, self.line_manager_id, hierarchy.StoredManagers()):
            raise ValidationError(
                {
                    "line_manager": (
                        f"{self.line_manager} cannot be {self.full_name}'s line manager: "
                        "that would make a line-management loop."
                    )
                }
            )


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> RoleAssignmentQuerySet:
        on = on or clock.today()
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class RoleAssignment(models.Model):
    """Who holds an organisation-wide role (monitoring officer, HR...) and when."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(max_length=32, choices=c.OrganisationRole.choices)
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="roles")
    valid_from = models.DateField(default=clock.today)
    valid_to = models.DateField(null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "role", "valid_from"]
        constraints = [
            _in_choices("role", c.OrganisationRole.choices, "roleassignment"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="roleassignment_valid_to_after_valid_from",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} of {self.organisation}: {self.officer.full_name}"


class ReferenceSequence(models.Model):
    """The last reference number issued per organisation and year (locked when issuing)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="referencesequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.last_number}"


class DeclarationQuerySet(models.QuerySet):
    """The register's words for sets of entries, written once.

    An entry is every version sharing one reference. An amendment is a new version that
    starts as a draft; the version it amends still stands until the amendment is
    submitted, and is then superseded. So "the version that stands" is decided here, and
    the register, dashboard, publication, reviews and annual return all mean the same.
    """

    def in_register(self, organisation: Organisation) -> DeclarationQuerySet:
        """An organisation's register: its own officers' entries and those filed by
        officers while seconded in to it.

        The host is the one recorded at submission (`host_organisation`), not the
        officer's secondment today: a secondment that starts later does not show the host
        the officer's earlier entries, and one that ends does not take back what was
        filed while it lasted.
        """
        return self.filter(Q(organisation=organisation) | Q(host_organisation=organisation))

    def of_type(self, *types: str) -> DeclarationQuerySet:
        return self.filter(type__in=list(types))

    def without_sensitive(self) -> DeclarationQuerySet:
        """Everything but the sensitive types (policies.vocabulary.SENSITIVE_TYPES): what
        every register shows but a monitoring officer's own, the published register and
        an export not asked to include them. A condition on `type`, a column of every
        register index's rows, so a page still walks its index and stops at a page."""
        return self.exclude(type__in=sorted(t.value for t in v.SENSITIVE_TYPES))

    def gifts_and_hospitality(self) -> DeclarationQuerySet:
        return self.of_type(v.DeclarationType.GIFT, v.DeclarationType.HOSPITALITY)

    def interests(self) -> DeclarationQuerySet:
        return self.of_type(v.DeclarationType.INTEREST)

    def declared(self) -> DeclarationQuerySet:
        """Everything but drafts: a draft belongs to its author until it is submitted.

        A draft that was withdrawn is counted as declared: its status alone cannot tell it
        from an entry withdrawn after submission (so the register lists it as withdrawn).
        """
        return self.exclude(status=c.Status.DRAFT)

    def current_versions(self) -> DeclarationQuerySet:
        """Each entry's current version, withdrawn and ended ones included: what the
        register lists unless asked for every version.

        A version is replaced once it is superseded, or once a later version of the same
        entry has been declared and not withdrawn (an amendment still in draft, or
        withdrawn, replaces nothing).
        """
        return self.declared().exclude(status=c.Status.SUPERSEDED).exclude(_replaced())

    def standing(self) -> DeclarationQuerySet:
        """The version of each entry that stands now: declared, not replaced (see
        `current_versions`) and not withdrawn. Waiting, rejected and ended entries stand:
        they are the entry's last word; narrow with `recorded_or_approved` for the ones
        accepted."""
        return self.filter(_standing())

    def standing_or_new(self) -> DeclarationQuerySet:
        """What an officer still has to get declared, once per entry: each entry's
        standing version, or the draft of an entry never yet submitted. An amendment in
        draft neither hides nor doubles the version it amends, which still stands."""
        return self.filter(_standing() | Q(status=c.Status.DRAFT, amends__isnull=True))

    def recorded_or_approved(self) -> DeclarationQuerySet:
        """Accepted into the register: recorded (noted) or approved. Use with `standing`
        for the version in force."""
        return self.filter(status__in=[c.Status.RECORDED, c.Status.APPROVED])

    def current_interests(self, on: datetime.date) -> DeclarationQuerySet:
        """Interests that stand on `on` and that the officer would confirm in an annual
        return: recorded, approved or being acknowledged, and not ended by that day."""
        return (
            self.interests()
            .standing()
            .filter(
                status__in=[
                    c.Status.RECORDED,
                    c.Status.APPROVED,
                    c.Status.AWAITING_ACKNOWLEDGEMENT,
                ]
            )
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        )

    def versions_of(self, declaration: Declaration) -> DeclarationQuerySet:
        """Every version of the declaration's entry, oldest first (a new draft has no
        reference yet, so it is its entry's only version)."""
        if not declaration.reference:
            return self.filter(pk=declaration.pk)
        return self.filter(
            reference=declaration.reference, officer_id=declaration.officer_id
        ).order_by("version")


def _replaced() -> models.Exists:
    """A later version of the same entry has been declared and not withdrawn."""
    later = Declaration.objects.filter(
        reference=OuterRef("reference"), version__gt=OuterRef("version")
    ).exclude(status__in=[c.Status.DRAFT, c.Status.WITHDRAWN])
    return models.Exists(later)


def _standing() -> Q:
    """DeclarationQuerySet.standing as one condition, so it can be combined with others."""
    never_or_no_longer = [c.Status.DRAFT, c.Status.SUPERSEDED, c.Status.WITHDRAWN]
    return Q(~Q(status__in=never_or_no_longer), ~_replaced())


# Declared: not a draft. A draft is in no register (DeclarationQuerySet.declared), so the
# register's indexes leave drafts out.
DECLARED = ~Q(status="draft")

# What the register sorts by value on: the gift's value, or -1 for an entry with none, so
# that one index gives "highest first" with those entries last on every database
# (SQLite's CREATE INDEX has no NULLS LAST).
VALUE_SORT_KEY = Coalesce(
    "value_gbp",
    Value(Decimal("-1")),
    output_field=models.DecimalField(max_digits=12, decimal_places=2),
)


class Declaration(models.Model):
    """What every kind of declaration shares, and where it stands in the workflow.

    Each version of a declaration is its own row: an amendment is a new row with the
    same reference, the next version number and a link to the version it amends.
    """

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="declarations")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="declarations",
        help_text="The officer's employer when filed: its register holds the entry.",
    )
    type = models.CharField(max_length=16, choices=c.DECLARATION_TYPES)
    status = models.CharField(max_length=32, choices=c.Status.choices, default=c.Status.DRAFT)
    reference = models.CharField(max_length=32, editable=False)
    version = models.PositiveSmallIntegerField(default=1)
    amends = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amended_by"
    )
    counterparty = models.CharField(
        max_length=300, blank=True, help_text="The donor, organisation or person concerned."
    )
    description = models.TextField(blank=True)
    date = models.DateField(default=clock.today)
    ended_on = models.DateField(null=True, blank=True)
    declared_on = models.DateField(default=clock.today)
    submitted_at = models.DateTimeField(null=True, blank=True)
    draft_answers = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="While a draft: the answers exactly as given, so unanswered stays unanswered.",
    )
    verdict = models.JSONField(null=True, blank=True, editable=False)
    policy_version = models.CharField(max_length=200, blank=True, editable=False)
    # What was true when the entry was submitted, so that a later secondment, promotion
    # or change of line manager never moves history between registers or keepers.
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="hosted_declarations",
        help_text="The employer the officer was seconded to when they submitted: its "
        "register holds the entry too.",
    )
    officer_level = models.CharField(
        max_length=32,
        choices=c.LEVELS,
        blank=True,
        editable=False,
        help_text="The officer's level when they submitted.",
    )
    register_keeper = models.CharField(
        max_length=32,
        choices=c.ROUTE_ROLES,
        blank=True,
        editable=False,
        help_text="Who the code said keeps the entry (a role), when it was submitted.",
    )
    register_keeper_officer = models.ForeignKey(
        "Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="kept_declarations",
        help_text="The person who held the register keeper's role when it was submitted.",
    )
    request_facts = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The policy contract's request exactly as it was judged.",
    )
    rules_fired = models.JSONField(
        default=list, blank=True, editable=False, help_text="Ids of the rules that fired."
    )
    # The verdict's outcome, lateness and deadline and the gift's value, copied into
    # columns at submission (submission.record_as_filed) so that the register filters and
    # sorts through indexes instead of reading JSON or joining the gift table; and the
    # words a search looks through, as they were when the entry was declared.
    outcome = models.CharField(
        max_length=32, choices=c.OUTCOMES, blank=True, editable=False, default=""
    )
    late = models.BooleanField(default=False, editable=False)
    deadline = models.DateField(null=True, blank=True, editable=False)
    value_gbp = money_field(null=True, blank=True, editable=False)
    officer_name = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        default="",
        help_text="The officer's name when they submitted, surname first, for sorting.",
    )
    search_text = models.TextField(blank=True, editable=False, default="")
    # What happened to a gift, offer or activity the code says must be declined or must
    # not go ahead (approvals.disposition records it; its route opens only then).
    disposition_due_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="By when the officer must say what happened to it (set at submission).",
    )
    disposition = models.CharField(
        max_length=32, choices=c.DISPOSITIONS, blank=True, editable=False
    )
    disposition_on = models.DateField(
        null=True, blank=True, editable=False, help_text="When it happened, as the officer said."
    )
    disposition_note = models.CharField(
        max_length=500,
        blank=True,
        editable=False,
        help_text="Which charity, to whom it was returned, or other detail.",
    )
    disposition_recorded_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the officer recorded what happened to it.",
    )
    disposition_reminder_sent_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the officer was last reminded to record what happened to it.",
    )
    deadline_reminder_sent_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the officer was last reminded of the code's deadline.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-declared_on", "-id"]
        constraints = [
            # A draft has no reference yet: it is issued at submission.
            models.UniqueConstraint(
                fields=["reference", "version"],
                condition=~Q(reference=""),
                name="declaration_reference_version_unique",
            ),
            _in_choices("type", c.DECLARATION_TYPES, "declaration"),
            _in_choices("officer_level", [("", ""), *c.LEVELS], "declaration"),
            _in_choices("register_keeper", [("", ""), *c.ROUTE_ROLES], "declaration"),
            _in_choices("status", c.Status.choices, "declaration"),
            _in_choices("disposition", [("", ""), *c.DISPOSITIONS], "declaration"),
            _in_choices("outcome", [("", ""), *c.OUTCOMES], "declaration"),
            models.CheckConstraint(
                condition=Q(disposition="") | Q(disposition_recorded_at__isnull=False),
                name="declaration_disposition_has_time",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="declaration_version_gte_1"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("date")),
                name="declaration_ended_on_after_date",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            # "Your declarations": each status's newest first, paged by keyset.
            models.Index(
                fields=["officer", "status", "-declared_on", "-id"],
                name="declaration_officer_home_idx",
            ),
            models.Index(fields=["organisation", "type", "declared_on"]),
            models.Index(fields=["reference"]),
            models.Index(fields=["organisation", "officer_level"]),
            models.Index(fields=["organisation", "register_keeper"]),
            # The register's default order: the first page without scanning the table.
            models.Index(fields=["date", "id"], name="declaration_date_id_idx"),
            # The register: an organisation's own entries and those it hosts, in each
            # sort's order (queries.py pages by keyset along these). Drafts are in no
            # register, so none of these holds them (the register's filter implies it).
            models.Index(
                fields=["organisation", "date", "id"],
                condition=DECLARED,
                name="declaration_org_date_idx",
            ),
            models.Index(
                fields=["host_organisation", "date", "id"],
                condition=Q(host_organisation__isnull=False) & DECLARED,
                name="declaration_host_date_idx",
            ),
            models.Index(
                fields=["organisation", "outcome", "date", "id"],
                condition=DECLARED,
                name="declaration_outcome_idx",
            ),
            # The type and status filters, in the default order (newest first).
            models.Index(
                fields=["organisation", "type", "date", "id"],
                condition=DECLARED,
                name="declaration_type_date_idx",
            ),
            models.Index(
                fields=["organisation", "status", "date", "id"],
                condition=DECLARED,
                name="declaration_status_date_idx",
            ),
            models.Index(
                fields=["organisation", "date", "id"],
                condition=Q(late=True) & DECLARED,
                name="declaration_late_idx",
            ),
            models.Index(
                fields=["organisation", "deadline"],
                condition=Q(deadline__isnull=False),
                name="declaration_deadline_idx",
            ),
            models.Index(
                fields=["organisation", "reference", "version", "id"],
                condition=DECLARED,
                name="declaration_org_ref_idx",
            ),
            models.Index(
                fields=["organisation", "officer_name", "id"],
                condition=DECLARED,
                name="declaration_org_officer_idx",
            ),
            # Sorting by value: entries with no value (not a gift) last when the highest
            # come first, as VALUE_SORT_KEY orders them.
            models.Index(
                "organisation",
                VALUE_SORT_KEY,
                "id",
                condition=DECLARED,
                name="declaration_org_value_idx",
            ),
            # Whether someone keeps entries as a line manager or director (the
            # navigation asks on every page): their entries in that role, at once.
            models.Index(
                fields=["register_keeper_officer", "register_keeper"],
                name="declaration_keeper_idx",
            ),
            # Keepers chase entries still awaiting what happened to them.
            models.Index(
                fields=["organisation", "disposition_due_on"],
                condition=Q(disposition_due_on__isnull=False, disposition_recorded_at__isnull=True),
                name="declaration_awaiting_disp_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference_with_version

    @property
    def reference_with_version(self) -> str:
        """ "THU-2026-000123 v2"; "Draft" for a new draft, which has no reference until it
        is submitted (submission.record issues it; an amendment keeps its entry's)."""
        if not self.reference:
            return "Draft"
        return self.reference if self.version == 1 else f"{self.reference} v{self.version}"

    @property
    def detail(self) -> models.Model | None:
        """The type's own facts (GiftHospitality, Interest, OutsideWork or Relationship)."""
        name = DETAIL_RELATED_NAMES[self.type]
        return getattr(self, name, None)


def issue_reference(organisation: Organisation, year: int) -> str:
    """Next human-friendly reference, e.g. THU-2026-000123, unique per organisation and year.

    Called once per entry, when it is submitted (submission.record), inside its
    transaction: a draft never takes a number, so a withdrawn draft leaves no gap.
    """
    number = _next_number(organisation, year)
    if number is None:  # the year's first entry: make its sequence (once), then count
        ReferenceSequence.objects.get_or_create(organisation=organisation, year=year)
        number = _next_number(organisation, year)
    return f"{organisation.reference_prefix}-{year}-{number:06d}"


def _next_number(organisation: Organisation, year: int) -> int | None:
    """Add one to the year's sequence and read it back in one statement (UPDATE ...
    RETURNING, on PostgreSQL and SQLite alike): the update locks the row until the
    transaction ends, so two submissions at once can never take the same number."""
    table = ReferenceSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 "
            "WHERE organisation_id = %s AND year = %s RETURNING last_number",
            [organisation.pk, year],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


class GiftHospitality(models.Model):
    """Facts of a gift (also loans, bequests, vouchers, sponsorship) or of hospitality."""

    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, primary_key=True, related_name="gift_hospitality"
    )
    direction = models.CharField(
        max_length=16, choices=c.choices(v.Direction), default=v.Direction.RECEIVED.value
    )
    offered_to = models.CharField(
        max_length=16, choices=c.choices(v.OfferedTo), default=v.OfferedTo.SELF.value
    )
    form = models.CharField(
        max_length=16, choices=c.choices(v.GiftForm), default=v.GiftForm.ITEM.value
    )
    token_item = models.BooleanField(default=False)
    value_gbp = money_field(default=Decimal("0"))
    donor_category = models.CharField(
        max_length=32, choices=c.choices(v.DonorCategory), default=v.DonorCategory.OTHER.value
    )
    status = models.CharField(
        max_length=16, choices=c.choices(v.OfferStatus), default=v.OfferStatus.OFFERED.value
    )
    on_behalf_of_employer = models.BooleanField(default=False)
    received_without_warning = models.BooleanField(default=False)
    refusal_would_offend = models.BooleanField(default=False)
    donor_has_pending_decision = models.BooleanField(default=False)
    event_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day it is (or was) accepted, given or takes place; empty: its date.",
    )
    sponsor = models.CharField(
        max_length=16,
        choices=c.choices(v.Sponsor),
        default=v.Sponsor.OUTSIDE_BODY.value,
        help_text="Sponsorship only.",
    )
    hospitality_kind = models.CharField(
        max_length=32,
        choices=c.choices(v.HospitalityKind),
        blank=True,
        help_text="Hospitality only.",
    )
    corporate = models.BooleanField(default=False)
    represents_employer = models.BooleanField(default=False)
    overseas = models.BooleanField(default=False, help_text="Hospitality only.")

    class Meta:
        verbose_name_plural = "gifts and hospitality"
        constraints = [
            _not_negative("value_gbp", "gifthospitality"),
            _in_choices("direction", c.choices(v.Direction), "gifthospitality"),
            _in_choices("offered_to", c.choices(v.OfferedTo), "gifthospitality"),
            _in_choices("form", c.choices(v.GiftForm), "gifthospitality"),
            _in_choices("donor_category", c.choices(v.DonorCategory), "gifthospitality"),
            _in_choices("status", c.choices(v.OfferStatus), "gifthospitality"),
            _in_choices("sponsor", c.choices(v.Sponsor), "gifthospitality"),
            _in_choices(
                "hospitality_kind", [("", ""), *c.choices(v.HospitalityKind)], "gifthospitality"
            ),
        ]

    def __str__(self) -> str:
        return f"{str(self._meta.verbose_name).capitalize()} of {self.declaration}"


class Interest(models.Model):
    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, primary_key=True, related_name="interest"
    )
    interest_kind = models.CharField(max_length=32, choices=c.choices(v.InterestKind))
    held_by = models.CharField(
        max_length=32, choices=c.choices(v.HeldBy), default=v.HeldBy.SELF.value
    )
    org_does_business_with_employer = models.BooleanField(default=False)
    pecuniary_interest_in_contract = models.BooleanField(default=False)
    involved_in_related_matter = models.BooleanField(default=False)
    could_conflict = models.BooleanField(default=True)
    change_to_existing = models.BooleanField(default=False)

    class Meta:
        constraints = [
            _in_choices("interest_kind", c.choices(v.InterestKind), "interest"),
            _in_choices("held_by", c.choices(v.HeldBy), "interest"),
        ]

    def __str__(self) -> str:
        return f"{str(self._meta.verbose_name).capitalize()} of {self.declaration}"


class OutsideWork(models.Model):
    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, primary_key=True, related_name="outside_work"
    )
    work_kind = models.CharField(max_length=32, choices=c.choices(v.WorkKind))
    paid = models.BooleanField(default=True)
    hours_per_week = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    during_working_hours = models.BooleanField(default=False)
    uses_employer_resources = models.BooleanField(default=False)
    overlaps_normal_duties = models.BooleanField(default=False)
    conflicts_with_duties = models.BooleanField(default=False)
    during_sick_leave = models.BooleanField(default=False)
    during_leave_or_suspension_for_employer = models.BooleanField(default=False)
    for_service_user = models.BooleanField(default=False)
    private_gain_from_employment_work = models.BooleanField(default=False)
    political_activity = models.CharField(
        max_length=32,
        choices=c.choices(v.PoliticalActivity),
        default=v.PoliticalActivity.NONE.value,
    )

    class Meta:
        verbose_name_plural = "outside work"
        constraints = [
            _not_negative("hours_per_week", "outsidework"),
            _in_choices("work_kind", c.choices(v.WorkKind), "outsidework"),
            _in_choices("political_activity", c.choices(v.PoliticalActivity), "outsidework"),
        ]

    def __str__(self) -> str:
        return f"{str(self._meta.verbose_name).capitalize()} of {self.declaration}"


class Relationship(models.Model):
    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, primary_key=True, related_name="relationship"
    )
    with_whom = models.CharField(max_length=32, choices=c.choices(v.WithWhom))
    nature = models.CharField(max_length=16, choices=c.choices(v.Nature))
    professional_responsibility = models.BooleanField(default=False)
    existed_before_appointment = models.BooleanField(default=False)
    involved_in_decision = models.BooleanField(default=False)
    event_date = models.DateField(
        null=True,
        blank=True,
        help_text="With a contractor: the day the contract or work with them begins.",
    )

    class Meta:
        constraints = [
            _in_choices("with_whom", c.choices(v.WithWhom), "relationship"),
            _in_choices("nature", c.choices(v.Nature), "relationship"),
        ]

    def __str__(self) -> str:
        return f"{str(self._meta.verbose_name).capitalize()} of {self.declaration}"


class Disclosure(models.Model):
    """Something the codes ask an officer to tell (a charge, an improper approach...) that
    is not a gift, hospitality, interest, outside work or relationship. Sensitive: see
    policies.vocabulary.SENSITIVE_TYPES."""

    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, primary_key=True, related_name="disclosure"
    )
    disclosure_kind = models.CharField(max_length=48, choices=c.choices(v.DisclosureKind))
    bail_conditions_affect_work = models.BooleanField(default=True)
    required_by_court = models.BooleanField(default=False)
    for_service_user = models.BooleanField(default=False)

    class Meta:
        constraints = [
            _in_choices("disclosure_kind", c.choices(v.DisclosureKind), "disclosure"),
        ]

    def __str__(self) -> str:
        return f"{str(self._meta.verbose_name).capitalize()} of {self.declaration}"


DETAIL_MODELS: dict[str, type[models.Model]] = {
    v.DeclarationType.GIFT: GiftHospitality,
    v.DeclarationType.HOSPITALITY: GiftHospitality,
    v.DeclarationType.INTEREST: Interest,
    v.DeclarationType.OUTSIDE_WORK: OutsideWork,
    v.DeclarationType.RELATIONSHIP: Relationship,
    v.DeclarationType.DISCLOSURE: Disclosure,
}
DETAIL_RELATED_NAMES: dict[str, str] = {
    v.DeclarationType.GIFT: "gift_hospitality",
    v.DeclarationType.HOSPITALITY: "gift_hospitality",
    v.DeclarationType.INTEREST: "interest",
    v.DeclarationType.OUTSIDE_WORK: "outside_work",
    v.DeclarationType.RELATIONSHIP: "relationship",
    v.DeclarationType.DISCLOSURE: "disclosure",
}


class ApprovalStep(models.Model):
    """One person's part in a declaration's route: approve, reject or acknowledge."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="approval_steps"
    )
    order = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=32, choices=c.ROUTE_ROLES)
    assignee = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_steps"
    )
    state = models.CharField(
        max_length=16, choices=c.StepState.choices, default=c.StepState.PENDING
    )
    decided_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="decided_steps"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now)
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the step reached its assignee's queue."
    )
    due_on = models.DateField(null=True, blank=True)
    delegated_from = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegated_steps",
        help_text="The approver on leave whose step the assignee holds as their delegate.",
    )
    route_unresolved = models.BooleanField(
        default=False,
        help_text="Nobody could be found for the role: the monitoring officer holds the step.",
    )
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["declaration", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "order"], name="approvalstep_order_unique"
            ),
            _in_choices("role", c.ROUTE_ROLES, "approvalstep"),
            _in_choices("state", c.StepState.choices, "approvalstep"),
            models.CheckConstraint(
                condition=Q(state=c.StepState.PENDING)
                | Q(state=c.StepState.CANCELLED)
                | Q(decided_at__isnull=False),
                name="approvalstep_decision_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "state"]),
            # An approver's queue, oldest first (decisions.queue_for), read by keyset.
            models.Index(
                fields=["assignee", "opened_at", "id"],
                condition=Q(state="pending"),
                name="approvalstep_queue_idx",
            ),
            models.Index(
                fields=["delegated_from"],
                condition=Q(state="pending"),
                name="approvalstep_delegated_idx",
            ),
            # The open steps of a role that has changed hands (approvals.moving).
            models.Index(
                fields=["role"],
                condition=Q(state="pending"),
                name="approvalstep_pending_role_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.declaration} step {self.order}: {self.get_role_display()}"


class AppendOnly(models.Model):
    """A history row: written once, never changed or deleted through the ORM (the
    queryset refuses bulk changes; on PostgreSQL triggers refuse them in the database).
    `history` names the rows in the refusal, e.g. "Declaration events"."""

    history = "These rows"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(f"{self.history} are append-only: they cannot be changed.")
        # Always INSERT: a new object given an existing id must not overwrite that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(f"{self.history} are append-only: they cannot be deleted.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("This history is append-only: its rows cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("This history is append-only: its rows cannot be deleted.")

    def bulk_update(
        self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None
    ) -> NoReturn:
        raise PermissionError("This history is append-only: its rows cannot be changed.")


class DeclarationEvent(AppendOnly):
    """Append-only history: who did what to a declaration, when and why.

    The ORM refuses to update or delete a row, and on PostgreSQL triggers refuse it at
    the database too (UPDATE and DELETE: migration 0002; TRUNCATE: migration 0012).
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declaration_events",
        help_text="Empty when the system acted (for example recording a no-action verdict).",
    )
    at = models.DateTimeField(default=clock.now)
    action = models.CharField(max_length=64, choices=c.EventAction.choices)
    from_status = models.CharField(max_length=32, choices=c.Status.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=c.Status.choices, blank=True)
    note = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()
    history = "Declaration events"

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["declaration", "at"])]
        constraints = [_in_choices("action", c.EventAction.choices, "declarationevent")]

    def __str__(self) -> str:
        return f"{self.declaration}: {self.action} at {self.at:%Y-%m-%d %H:%M}"


class RegisterSettingChange(AppendOnly):
    """Append-only history of the register's settings: who changed which, from what to
    what, when and why (on PostgreSQL a trigger refuses changes too: migration 0023)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="setting_changes"
    )
    setting = models.CharField(max_length=32, choices=c.RegisterSetting.choices)
    old_value = models.CharField(max_length=64)
    new_value = models.CharField(max_length=64)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=clock.now)
    reason = models.TextField(blank=True)
    # For a setting kept per type of declaration (the retention period): which type.
    declaration_type = models.CharField(
        max_length=16, choices=c.DECLARATION_TYPES, blank=True, default=""
    )

    objects = AppendOnlyQuerySet.as_manager()
    history = "Register setting changes"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at", "-id"], name="settingchange_org_idx")
        ]
        constraints = [
            _in_choices("setting", c.RegisterSetting.choices, "registersettingchange"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.setting} {self.old_value} to {self.new_value}"


class Delegation(models.Model):
    """An approver's delegate for a date range (e.g. annual leave)."""

    delegator = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="delegations")
    delegate = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="delegations_received"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(delegate=models.F("delegator")), name="delegation_not_to_self"
            ),
        ]
        indexes = [models.Index(fields=["delegator", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.delegate} for {self.delegator}, {self.starts_on} to {self.ends_on}"


class AnnualDeclarationKind(models.TextChoices):
    NOTHING_TO_DECLARE = "nothing_to_declare", "Nothing to declare"
    INTERESTS_CONFIRMED = "interests_confirmed", "Current interests reviewed and confirmed"


class AnnualDeclaration(models.Model):
    """An officer's yearly confirmation: nothing to declare, or their interests reviewed
    and confirmed (Thurrock 18.1 asks this of assistant directors and above)."""

    Kind = AnnualDeclarationKind

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="annual_declarations"
    )
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=32, choices=Kind.choices)
    confirmed_at = models.DateTimeField(default=clock.now)
    interests = models.ManyToManyField(Declaration, blank=True, related_name="annual_confirmations")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "year"], name="annualdeclaration_unique"),
            _in_choices("kind", AnnualDeclarationKind.choices, "annualdeclaration"),
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.year}: {self.get_kind_display()}"


class InterestReview(models.Model):
    """A yearly review of a declared interest (Thurrock 18.4: by the assistant director)."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="interest_reviews"
    )
    reviewed_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="interest_reviews"
    )
    reviewed_on = models.DateField(default=clock.today)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_on"]
        indexes = [models.Index(fields=["declaration", "reviewed_on"])]

    def __str__(self) -> str:
        return f"{self.declaration} reviewed {self.reviewed_on}"


class Publication(models.Model):
    """A snapshot of an organisation's register as published to the public.

    Each publication is kept; the public page shows the latest. Only the fields the
    public may see are in `entries` (name, job title and the entry).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="publications"
    )
    published_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="publications"
    )
    published_at = models.DateTimeField(default=clock.now)
    minimum_level = models.CharField(
        max_length=32, choices=c.LEVELS, default=v.Level.HEAD_OF_SERVICE.value
    )
    entries = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    csv = models.TextField(
        blank=True,
        editable=False,
        help_text="The public CSV download, written once when published.",
    )
    # When entries were last taken out of this snapshot after it was published (kept out
    # for an officer's safety, or deleted under the retention schedule: register
    # publishing.redact_published); its pages then say so.
    entries_withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        constraints = [_in_choices("minimum_level", c.LEVELS, "publication")]
        indexes = [models.Index(fields=["organisation", "published_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} published {self.published_at:%Y-%m-%d %H:%M}"


class PublishedPage(models.Model):
    """One page of a publication, rendered to HTML once when it is published, so that
    the public page serves it as it stands and never reads the register again."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="pages")
    number = models.PositiveIntegerField()
    html = models.TextField()
    first_row = models.PositiveIntegerField(help_text="The row the page starts at, from 1.")
    row_count = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="publishedpage_publication_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication}, page {self.number}"


class DashboardSnapshot(models.Model):
    """The dashboard's figures for one organisation, worked out by a background task
    (register.dashboard) and shown with the time they were worked out: counting a
    council's whole register on every page view would scan it each time."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dashboard_snapshots"
    )
    computed_at = models.DateTimeField(default=clock.now)
    figures = models.JSONField(default=dict)

    class Meta:
        get_latest_by = "computed_at"
        indexes = [
            models.Index(fields=["organisation", "-computed_at"], name="dashboardsnapshot_org_idx")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} dashboard as of {self.computed_at:%Y-%m-%d %H:%M}"


class SignInIdentity(models.Model):
    """An identity at an employer's identity provider (OpenID Connect) that signs in as
    this officer: the provider's issuer and subject, recorded at the first single sign-on
    (when the officer was found by email) and matched on from then on."""

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="identities")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    first_signed_in_at = models.DateTimeField(default=clock.now)
    last_signed_in_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_officer_per_identity")
        ]

    def __str__(self) -> str:
        return f"{self.officer} as {self.subject} at {self.issuer}"


class SignedInSession(models.Model):
    """A session a user is signed in with, so they can see their sessions and sign out of
    all the others (the session store alone cannot list a user's sessions)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    method = models.CharField(max_length=32, blank=True)  # "password", "second factor", "sso"
    started_at = models.DateTimeField(default=clock.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "started_at"])]

    def __str__(self) -> str:
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"


class SecurityEvent(AppendOnly):
    """Append-only security log (declarations/security_log.py): sign-ins, failures,
    lockouts, password and factor changes, denials, exports and publications.

    Never holds a password, a token or a session key. `organisation` is the employer
    whose monitoring officer sees the event (the user's, or the register exported).
    """

    at = models.DateTimeField(default=clock.now)
    kind = models.CharField(max_length=32, choices=c.SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_events",
    )
    username = models.CharField(max_length=150, blank=True, help_text="As given at sign-in.")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()
    history = "Security events"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-at", "-id"], name="securityevent_org_at"),
            models.Index(
                fields=["organisation", "kind", "-at", "-id"], name="securityevent_org_kind"
            ),
            models.Index(fields=["user", "-at"], name="securityevent_user_at"),
            # The person filter, exact or "begins with" (a pattern index for LIKE 'x%').
            models.Index(
                fields=["organisation", "username", "-at", "-id"],
                name="securityevent_org_username",
                opclasses=["", "varchar_pattern_ops", "", ""],
            ),
            # System administrators' events of no organisation (e.g. failed sign-ins
            # naming no account), which grow fastest under attack.
            models.Index(
                fields=["-at", "-id"],
                condition=models.Q(organisation__isnull=True),
                name="securityevent_no_org_at",
            ),
        ]
        constraints = [_in_choices("kind", c.SecurityEventKind.choices, "securityevent")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


# --- Background work ------------------------------------------------------------------------


class Export(models.Model):
    """A register export a keeper asked for, made by the background worker
    (declarations/register/export_jobs.py).

    The id is a random UUID, so one export's address says nothing about another's; only
    `requested_by` may see its progress or download it, until `expires_at`, after which
    the file is deleted (`file_deleted_at`) and the row stays as a record of the export.
    `query` is the register's filter and sort as asked (the query string's lists), read
    again when the export runs, for the person who asked, as they may see it then.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exports"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # "register" for an organisation's whole register, else the named register's slug.
    register = models.CharField(max_length=100)
    format = models.CharField(max_length=4, choices=c.ExportFormat.choices)
    query = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=200)
    state = models.CharField(
        max_length=8, choices=c.ExportState.choices, default=c.ExportState.QUEUED
    )
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=_exports_storage, upload_to="%Y/%m/%d/", blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField(default=clock.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Last sign of life while it is made: an export that stops moving (its worker killed)
    # is failed by the clean-up, not left "being made" for ever.
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            _in_choices("format", c.ExportFormat.choices, "export"),
            _in_choices("state", c.ExportState.choices, "export"),
        ]
        indexes = [
            models.Index(fields=["requested_by", "-requested_at"], name="export_requested_by_idx"),
            # The files still to delete when they expire.
            models.Index(
                fields=["expires_at"],
                name="export_file_kept_idx",
                condition=Q(file_deleted_at__isnull=True, expires_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"


class RetentionPeriod(models.Model):
    """How many years an organisation keeps one type of entry after it ends, is
    rejected or withdrawn, or (a gift, hospitality or disclosure) is approved or recorded,
    or after the officer leaves, if sooner (declarations/privacy/retention.py).
    No row: the default (privacy.retention.DEFAULT_YEARS). Changed only on the monitoring
    officer's settings page, each change kept as a RegisterSettingChange."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="retention_periods"
    )
    type = models.CharField(max_length=16, choices=c.DECLARATION_TYPES)
    years = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["organisation", "type"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "type"], name="retention_one_per_type"),
            _in_choices("type", c.DECLARATION_TYPES, "retentionperiod"),
            models.CheckConstraint(condition=Q(years__gte=1), name="retentionperiod_years_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.type} kept {self.years} years"


class DeletedEntry(AppendOnly):
    """A tombstone: what is left of an entry deleted under the retention schedule, so
    that references and counts stay explainable ("THU-2026-000123, an interest declared
    on ..., deleted under the retention schedule on ..."). Append-only; it holds no
    personal data (no officer, counterparty or answers)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="deleted_entries"
    )
    reference = models.CharField(max_length=32, blank=True)
    type = models.CharField(max_length=16, choices=c.DECLARATION_TYPES)
    versions = models.PositiveSmallIntegerField(default=1)
    # The ids the deleted rows had: the database function that deletes their history
    # (migration 0024) deletes only entries with a tombstone.
    declaration_ids = models.JSONField(default=list)
    first_declared_on = models.DateField(null=True, blank=True)
    retention_from = models.DateField(
        help_text="When the retention period started: ended, rejected, withdrawn, settled "
        "or the officer's leaving date."
    )
    retention_years = models.PositiveSmallIntegerField()
    deleted_at = models.DateTimeField(default=clock.now)

    objects = AppendOnlyQuerySet.as_manager()
    history = "Deleted entries"

    class Meta:
        ordering = ["-deleted_at", "-id"]
        verbose_name_plural = "deleted entries"
        constraints = [_in_choices("type", c.DECLARATION_TYPES, "deletedentry")]
        indexes = [
            models.Index(
                fields=["organisation", "-deleted_at", "-id"], name="deletedentry_org_idx"
            ),
            models.Index(fields=["reference"], name="deletedentry_reference_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or 'A draft'} deleted {self.deleted_at:%Y-%m-%d}"


class PublicationWithholding(models.Model):
    """An officer's request that an entry be left out of the published register (for
    their safety), and the monitoring officer's decision (register.withholding). Every
    step is also a DeclarationEvent on the entry, so the record cannot be edited away;
    this row is where publishing looks (a granted one withholds every version)."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="withholdings"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=32)
    asked_by = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=clock.now)
    reason = models.TextField()
    state = models.CharField(
        max_length=8, choices=c.WithholdingState.choices, default=c.WithholdingState.ASKED
    )
    decided_by = models.ForeignKey(
        Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            _in_choices("state", c.WithholdingState.choices, "publicationwithholding"),
            models.CheckConstraint(
                condition=Q(state=c.WithholdingState.ASKED) | Q(decided_at__isnull=False),
                name="withholding_decision_has_time",
            ),
        ]
        indexes = [
            # The monitoring officer's list of requests waiting, oldest first.
            models.Index(
                fields=["organisation", "asked_at", "id"],
                condition=Q(state="asked"),
                name="withholding_waiting_idx",
            ),
            # What publishing leaves out: the granted references of an organisation.
            models.Index(
                fields=["organisation", "reference"],
                condition=Q(state="granted"),
                name="withholding_granted_idx",
            ),
            models.Index(fields=["declaration", "-asked_at"], name="withholding_entry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_state_display()}"


class SubjectAccessCopy(models.Model):
    """A copy of everything the register holds about one officer (UK GDPR article 15),
    asked for by the officer ("Your data") or by their monitoring officer, and made by
    the background worker (declarations/privacy/subject_access_jobs.py) as one ZIP.

    Like an Export: a random id, seen and downloaded only by whoever asked, the file
    deleted at `expires_at` and the row kept as a record that the copy was made.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="subject_access_copies"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=200)
    state = models.CharField(
        max_length=8, choices=c.ExportState.choices, default=c.ExportState.QUEUED
    )
    file = models.FileField(storage=_exports_storage, upload_to="%Y/%m/%d/", blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_at = models.DateTimeField(default=clock.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [_in_choices("state", c.ExportState.choices, "subjectaccesscopy")]
        indexes = [
            models.Index(
                fields=["requested_by", "-requested_at"], name="subject_access_requester_idx"
            ),
            models.Index(fields=["officer", "-requested_at"], name="subject_access_officer_idx"),
            models.Index(
                fields=["expires_at"],
                name="subject_access_file_kept_idx",
                condition=Q(file_deleted_at__isnull=True, expires_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"


class WorkerHeartbeat(models.Model):
    """When each background worker was last seen: `/readyz` wants one seen lately."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(default=clock.now)
    seen_at = models.DateTimeField(default=clock.now, db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} seen {self.seen_at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """One run of a scheduled job, claimed by the worker that enqueued it: the unique
    (job, due_at) pair lets any number of workers share one schedule without a job
    running twice."""

    job = models.CharField(max_length=64)
    due_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(default=clock.now)
    worker_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="scheduled_run_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job} due {self.due_at:%Y-%m-%d %H:%M}"
