"""The register's data: organisations, officers and their roles, declarations.

Field names and choices follow shared/spec/policy-contract.md. Money is Decimal with
two places, and the database refuses negative amounts and values outside the
vocabulary, whatever path the data takes in.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from policies import vocabulary as v

from . import choices as c


def _in_choices(field: str, options: list[tuple[str, str]], model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [value for value, _ in options]}),
        name=f"{model}_{field}_valid",
    )


def _not_negative(field: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}), name=f"{model}_{field}_gte_0"
    )


def money_field(**kwargs) -> models.DecimalField:
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

    class Meta:
        ordering = ["name"]
        constraints = [_in_choices("code", c.EMPLOYERS, "organisation")]

    def __str__(self) -> str:
        return self.name


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
    active = models.BooleanField(default=True)

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
        indexes = [models.Index(fields=["organisation", "level"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.staff_number})"

    def save(self, *args, **kwargs) -> None:
        self.check_line_management()
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def level_rank(self) -> int:
        return v.Level(self.level).rank

    def management_chain(self) -> list[Officer]:
        """Line managers upwards, nearest first; stops at a loop rather than spinning."""
        chain: list[Officer] = []
        seen = {self.pk}
        manager = self.line_manager
        while manager is not None and manager.pk not in seen:
            chain.append(manager)
            seen.add(manager.pk)
            manager = manager.line_manager
        return chain

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
        objects cached in memory, which may be stale.
        """
        manager_id = self.line_manager_id
        seen: set[int] = set()
        while manager_id is not None:
            if self.pk is not None and manager_id == self.pk:
                raise ValidationError(
                    {
                        "line_manager": (
                            f"{self.line_manager} cannot be {self.full_name}'s line manager: "
                            "that would make a line-management loop."
                        )
                    }
                )
            if manager_id in seen:  # a loop further up that does not involve this officer
                return
            seen.add(manager_id)
            manager_id = (
                Officer.objects.filter(pk=manager_id)
                .values_list("line_manager_id", flat=True)
                .first()
            )


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> RoleAssignmentQuerySet:
        on = on or timezone.localdate()
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
    valid_from = models.DateField(default=timezone.localdate)
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
    date = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    declared_on = models.DateField(default=timezone.localdate)
    submitted_at = models.DateTimeField(null=True, blank=True)
    draft_answers = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="While a draft: the answers exactly as given, so unanswered stays unanswered.",
    )
    verdict = models.JSONField(null=True, blank=True, editable=False)
    policy_version = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-declared_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference", "version"], name="declaration_reference_version_unique"
            ),
            _in_choices("type", c.DECLARATION_TYPES, "declaration"),
            _in_choices("status", c.Status.choices, "declaration"),
            models.CheckConstraint(condition=Q(version__gte=1), name="declaration_version_gte_1"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("date")),
                name="declaration_ended_on_after_date",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["officer", "status"]),
            models.Index(fields=["organisation", "type", "declared_on"]),
            models.Index(fields=["reference"]),
            # The register's default order: the first page without scanning the table.
            models.Index(fields=["date", "id"], name="declaration_date_id_idx"),
        ]

    def __str__(self) -> str:
        return self.reference_with_version

    def save(self, *args, **kwargs) -> None:
        if not self.reference:
            self.reference = issue_reference(self.organisation, self.declared_on.year)
        super().save(*args, **kwargs)

    @property
    def reference_with_version(self) -> str:
        return self.reference if self.version == 1 else f"{self.reference} v{self.version}"

    @property
    def detail(self) -> models.Model | None:
        """The type's own facts (GiftHospitality, Interest, OutsideWork or Relationship)."""
        name = DETAIL_RELATED_NAMES[self.type]
        return getattr(self, name, None)


def issue_reference(organisation: Organisation, year: int) -> str:
    """Next human-friendly reference, e.g. THU-2026-000123, unique per organisation and year."""
    with transaction.atomic():
        sequence, _ = ReferenceSequence.objects.get_or_create(organisation=organisation, year=year)
        sequence = ReferenceSequence.objects.select_for_update().get(pk=sequence.pk)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    return f"{organisation.reference_prefix}-{year}-{sequence.last_number:06d}"


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
    hospitality_kind = models.CharField(
        max_length=32,
        choices=c.choices(v.HospitalityKind),
        blank=True,
        help_text="Hospitality only.",
    )
    corporate = models.BooleanField(default=False)
    represents_employer = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "gifts and hospitality"
        constraints = [
            _not_negative("value_gbp", "gifthospitality"),
            _in_choices("direction", c.choices(v.Direction), "gifthospitality"),
            _in_choices("offered_to", c.choices(v.OfferedTo), "gifthospitality"),
            _in_choices("form", c.choices(v.GiftForm), "gifthospitality"),
            _in_choices("donor_category", c.choices(v.DonorCategory), "gifthospitality"),
            _in_choices("status", c.choices(v.OfferStatus), "gifthospitality"),
            _in_choices(
                "hospitality_kind", [("", ""), *c.choices(v.HospitalityKind)], "gifthospitality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name.capitalize()} of {self.declaration}"


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
        return f"{self._meta.verbose_name.capitalize()} of {self.declaration}"


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
        return f"{self._meta.verbose_name.capitalize()} of {self.declaration}"


class Relationship(models.Model):
    declaration = models.OneToOneField(
        Declaration, on_delete=models.CASCADE, primary_key=True, related_name="relationship"
    )
    with_whom = models.CharField(max_length=32, choices=c.choices(v.WithWhom))
    nature = models.CharField(max_length=16, choices=c.choices(v.Nature))
    professional_responsibility = models.BooleanField(default=False)
    existed_before_appointment = models.BooleanField(default=False)
    involved_in_decision = models.BooleanField(default=False)

    class Meta:
        constraints = [
            _in_choices("with_whom", c.choices(v.WithWhom), "relationship"),
            _in_choices("nature", c.choices(v.Nature), "relationship"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name.capitalize()} of {self.declaration}"


DETAIL_MODELS: dict[str, type[models.Model]] = {
    v.DeclarationType.GIFT: GiftHospitality,
    v.DeclarationType.HOSPITALITY: GiftHospitality,
    v.DeclarationType.INTEREST: Interest,
    v.DeclarationType.OUTSIDE_WORK: OutsideWork,
    v.DeclarationType.RELATIONSHIP: Relationship,
}
DETAIL_RELATED_NAMES: dict[str, str] = {
    v.DeclarationType.GIFT: "gift_hospitality",
    v.DeclarationType.HOSPITALITY: "gift_hospitality",
    v.DeclarationType.INTEREST: "interest",
    v.DeclarationType.OUTSIDE_WORK: "outside_work",
    v.DeclarationType.RELATIONSHIP: "relationship",
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
    created_at = models.DateTimeField(default=timezone.now)
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
        indexes = [models.Index(fields=["assignee", "state"])]

    def __str__(self) -> str:
        return f"{self.declaration} step {self.order}: {self.get_role_display()}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Declaration events are append-only: they cannot be changed.")

    def delete(self):
        raise PermissionError("Declaration events are append-only: they cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("Declaration events are append-only: they cannot be changed.")


class DeclarationEvent(models.Model):
    """Append-only history: who did what to a declaration, when and why.

    The ORM refuses to update or delete a row, and on PostgreSQL a trigger refuses
    it at the database too (migration 0002).
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
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=64)
    from_status = models.CharField(max_length=32, choices=c.Status.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=c.Status.choices, blank=True)
    note = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["declaration", "at"])]

    def __str__(self) -> str:
        return f"{self.declaration}: {self.action} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("Declaration events are append-only: they cannot be changed.")
        # Always INSERT: a new object given an existing id must not overwrite that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Declaration events are append-only: they cannot be deleted.")


class Delegation(models.Model):
    """An approver's delegate for a date range (e.g. annual leave)."""

    delegator = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="delegations")
    delegate = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="delegations_received"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

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
    confirmed_at = models.DateTimeField(default=timezone.now)
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
    reviewed_on = models.DateField(default=timezone.localdate)
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
    published_at = models.DateTimeField(default=timezone.now)
    minimum_level = models.CharField(
        max_length=32, choices=c.LEVELS, default=v.Level.HEAD_OF_SERVICE.value
    )
    entries = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-published_at"]
        get_latest_by = "published_at"
        constraints = [_in_choices("minimum_level", c.LEVELS, "publication")]
        indexes = [models.Index(fields=["organisation", "published_at"])]

    def __str__(self) -> str:
        return f"{self.organisation} published {self.published_at:%Y-%m-%d %H:%M}"
