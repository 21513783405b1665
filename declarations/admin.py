"""Admin for system administrators: people, roles and delegations are edited here;
declarations, their history, publications, annual declarations, interest reviews and the
history of the register's settings are read-only (they change only through the workflow
and the pages that record them). An organisation's register settings (its token limit)
are shown but changed only on its monitoring officer's settings page, which records
every change (register/settings_views.py).

Leavers and movers go through the services, never a signal: saving an officer with a
leaving date (or "active" unticked) calls people.record_leaving, which applies the
leaving when the day has come (sign-in stops, waiting steps pass on, interests and
outside work end); someone who has left is not made active again, nor their leaving
date changed (OfficerForm refuses both); a new line manager passes on the waiting chain
steps of the officer and of everyone below them; adding, changing, ending or removing a
role assignment passes on the waiting steps of that role (approvals.move_steps_*).

Sensitive entries (policies.vocabulary.SENSITIVE_TYPES: relationships and disclosures)
are not shown at all: neither in the declaration lists nor as an inline's details."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from declarations import approvals, clock, labels, people
from declarations.approvals import delegation
from declarations.models import (
    AnnualDeclaration,
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    Delegation,
    GiftHospitality,
    Interest,
    InterestReview,
    Officer,
    Organisation,
    OutsideWork,
    Publication,
    RegisterSettingChange,
    RoleAssignment,
    SecurityEvent,
    SignInIdentity,
)
from policies.vocabulary import SENSITIVE_TYPES


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "reference_prefix", "token_limit_gbp"]
    # Changed only on the monitoring officer's settings page, so each change is recorded
    # (RegisterSettingChange); a new organisation starts with the contract's default.
    readonly_fields = ["token_limit_gbp", "publication_drop_months"]


def acting(request: HttpRequest) -> User | None:
    """The administrator, as the histories record who did it."""
    return request.user if isinstance(request.user, User) else None


def move_role_steps(request: HttpRequest, pairs: set[tuple[int, str]]) -> None:
    """Pass on the waiting steps of each (organisation, role) whose holders changed."""
    for organisation_id, role in sorted(pairs):
        approvals.move_steps_of_role(organisation_id, role, actor=acting(request))


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "officer"
    extra = 0


class OfficerForm(forms.ModelForm):
    """ "Active" unticked means they have left: a leaving date still to come is applied
    on the day, so the two together are refused.

    Someone who has left (inactive) stays as they left: ticking "active" again would
    leave their user account unable to sign in and a past leaving date the hourly task
    would apply again, and a changed leaving date would not match the day their
    interests and outside work were ended (people.record_leaving moves nothing for
    them). Both are refused, each on its field."""

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        left_on = data.get("left_on")
        stored = (
            Officer.objects.filter(pk=self.instance.pk).values("active", "left_on").first()
            if self.instance.pk
            else None
        )
        if stored is not None and not stored["active"]:
            left = (
                f"They left on {labels.long_date(stored['left_on'])}"
                if stored["left_on"]
                else "They have left"
            )
            if data.get("active"):
                self.add_error(
                    "active",
                    f"{left}: someone who has left cannot be made active again. "
                    "Leave this unticked",
                )
            if "left_on" in data and left_on != stored["left_on"]:
                self.add_error(
                    "left_on",
                    f"{left}: the leaving date of someone who has left cannot be changed",
                )
            return data
        if data.get("active") is False and left_on is not None and left_on > clock.today():
            self.add_error(
                "active",
                "Leave this ticked until they leave: their leaving date is still to come, "
                "and they stop being active on it",
            )
        return data


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    form = OfficerForm
    list_display = [
        "full_name",
        "staff_number",
        "organisation",
        "job_title",
        "level",
        "active",
        "left_on",
    ]
    list_filter = ["organisation", "level", "department", "active", "seconded_to"]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__email",
        "staff_number",
    ]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "line_manager"]
    inlines = [RoleAssignmentInline]

    def save_model(
        self, request: HttpRequest, obj: Officer, form: forms.ModelForm, change: bool
    ) -> None:
        """Save, then leave (people.record_leaving) if a leaving date was set or changed or
        "active" unticked, and pass on chain steps if the line manager changed."""
        stored = (
            Officer.objects.filter(pk=obj.pk).only("line_manager", "left_on", "active").first()
            if change
            else None
        )
        was_active = stored.active if stored is not None else True
        leaves = (obj.left_on is not None and obj.left_on != getattr(stored, "left_on", None)) or (
            was_active and not obj.active
        )
        if leaves:
            # The service makes them inactive, when their leaving date has come.
            obj.active = was_active
        super().save_model(request, obj, form, change)
        if leaves:
            people.record_leaving(
                obj, obj.left_on or clock.today(), actor=acting(request), reason="administrator"
            )
        if stored is not None and obj.line_manager_id != stored.line_manager_id:
            approvals.move_steps_after_line_management([obj], actor=acting(request))

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: Any, change: bool
    ) -> None:
        """Role assignments changed here pass on their roles' waiting steps too."""
        if formset.model is not RoleAssignment or not formset.has_changed():
            super().save_formset(request, form, formset, change)
            return
        held = RoleAssignment.objects.filter(officer=form.instance)
        pairs = set(held.values_list("organisation_id", "role"))
        super().save_formset(request, form, formset, change)
        pairs |= set(held.values_list("organisation_id", "role"))
        move_role_steps(request, pairs)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Who holds an organisation's roles. Each change passes on the waiting steps of the
    role (approvals.move_steps_of_role): a new holder, an ended or removed one."""

    list_display = ["role", "organisation", "officer", "valid_from", "valid_to"]
    list_filter = ["organisation", "role"]
    search_fields = ["officer__user__first_name", "officer__user__last_name"]
    autocomplete_fields = ["officer"]

    def save_model(
        self, request: HttpRequest, obj: RoleAssignment, form: forms.ModelForm, change: bool
    ) -> None:
        pairs = set(
            RoleAssignment.objects.filter(pk=obj.pk).values_list("organisation_id", "role")
            if change
            else []
        )
        super().save_model(request, obj, form, change)
        move_role_steps(request, pairs | {(obj.organisation_id, obj.role)})

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        pair = (obj.organisation_id, obj.role)
        super().delete_model(request, obj)
        move_role_steps(request, {pair})

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        pairs = set(queryset.values_list("organisation_id", "role"))
        super().delete_queryset(request, queryset)
        move_role_steps(request, pairs)


class ReadOnlyAdminMixin:
    """Visible to administrators, never changed by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class GiftHospitalityInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = GiftHospitality


class InterestInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Interest


class OutsideWorkInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = OutsideWork


class ApprovalStepInline(ReadOnlyInline):
    model = ApprovalStep
    fk_name = "declaration"


class DeclarationEventInline(ReadOnlyInline):
    model = DeclarationEvent


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "version", "type", "status", "officer", "organisation", "date"]
    list_filter = ["organisation", "type", "status"]
    search_fields = ["reference", "counterparty", "officer__user__last_name"]
    list_select_related = ["officer__user", "organisation"]
    # Not editable on the model, so listed here to be shown at all.
    readonly_fields = ["reference", "verdict", "policy_version", "created_at", "updated_at"]
    inlines = [
        GiftHospitalityInline,
        InterestInline,
        OutsideWorkInline,
        # No relationship or disclosure inline: they are sensitive (SENSITIVE_TYPES), and
        # their entries are not listed here at all.
        ApprovalStepInline,
        DeclarationEventInline,
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Declaration]:
        """Not sensitive entries (relationships, disclosures): only the officer, the people
        on their route and the monitoring officer see those (SENSITIVE_TYPES)."""
        return super().get_queryset(request).exclude(type__in=SENSITIVE_TYPES)


@admin.register(DeclarationEvent)
class DeclarationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["declaration", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["declaration", "actor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DeclarationEvent]:
        """Not the history of a sensitive entry (as DeclarationAdmin)."""
        return super().get_queryset(request).exclude(declaration__type__in=SENSITIVE_TYPES)


@admin.register(RegisterSettingChange)
class RegisterSettingChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who changed which register setting, from what to what, when and why: written by
    the monitoring officer's settings page, never by hand."""

    list_display = ["at", "organisation", "setting", "old_value", "new_value", "changed_by"]
    list_filter = ["organisation", "setting"]
    list_select_related = ["organisation", "changed_by"]
    search_fields = ["changed_by__username", "reason"]
    date_hierarchy = "at"


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The security log, as monitoring officers read it at /register/security-log/."""

    list_display = ["at", "kind", "username", "organisation", "ip_address", "path"]
    list_filter = ["kind", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["username"]
    date_hierarchy = "at"


@admin.register(SignInIdentity)
class SignInIdentityAdmin(admin.ModelAdmin):
    """Identities at the employers' providers, recorded at a first single sign-on. Never
    added or changed by hand; deleted when a person's provider account is recreated, so
    the new one can link at its next sign-in."""

    list_display = ["officer", "issuer", "subject", "first_signed_in_at", "last_signed_in_at"]
    list_select_related = ["officer__user"]
    search_fields = ["officer__user__username", "subject"]
    readonly_fields = ["officer", "issuer", "subject", "first_signed_in_at", "last_signed_in_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What was published and when: a record the public saw, so never changed."""

    list_display = ["organisation", "published_at", "published_by", "minimum_level", "row_count"]
    list_filter = ["organisation", "minimum_level"]
    list_select_related = ["organisation", "published_by__user"]
    date_hierarchy = "published_at"


@admin.register(AnnualDeclaration)
class AnnualDeclarationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """An officer's yearly confirmation (Thurrock 18.1): made by the officer, kept as made."""

    list_display = ["officer", "year", "kind", "confirmed_at"]
    list_filter = ["year", "kind", "officer__organisation"]
    search_fields = ["officer__user__first_name", "officer__user__last_name"]
    list_select_related = ["officer__user"]


@admin.register(InterestReview)
class InterestReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A yearly review of a declared interest (Thurrock 18.4): kept as recorded."""

    list_display = ["declaration", "reviewed_by", "reviewed_on"]
    list_filter = ["declaration__organisation"]
    search_fields = ["declaration__reference", "reviewed_by__user__last_name"]
    list_select_related = ["declaration", "reviewed_by__user"]
    date_hierarchy = "reviewed_on"


class DelegationForm(forms.ModelForm):
    """The checks the approver's own delegation page makes (approvals.delegation_errors)
    for a new delegation; a change may only move the end date, never into the past."""

    class Meta:
        model = Delegation
        fields = ["delegator", "delegate", "starts_on", "ends_on", "reason"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.instance.pk is None:
            delegator = data.get("delegator")
            if delegator is not None:
                errors = approvals.delegation_errors(
                    delegator, data.get("delegate"), data.get("starts_on"), data.get("ends_on")
                )
                for field, message in errors.items():
                    self.add_error(field, message)
            return data
        ends_on = data.get("ends_on")
        if ends_on is None:
            return data
        if ends_on < self.instance.starts_on:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        elif ends_on < clock.today():
            self.add_error("ends_on", "The end date must be today or in the future")
        elif (
            delegation.overlapping(
                self.instance.delegator, self.instance.starts_on, ends_on, besides=self.instance
            )
            is not None
        ):
            self.add_error("ends_on", "This would overlap another delegation by the same approver")
        return data


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """Administrators may name a delegate for an approver who cannot (e.g. off sick).

    A new delegation goes through approvals.delegate, as the approver's own page does, so
    steps waiting now are handed over with their events. Once made, who stood in for whom
    and from when is history: only the end date of a delegation not yet over may change,
    and only one that has not started may be deleted.
    """

    form = DelegationForm
    list_display = ["delegator", "delegate", "starts_on", "ends_on", "reason", "created_at"]
    list_filter = ["delegator__organisation"]
    search_fields = [
        "delegator__user__first_name",
        "delegator__user__last_name",
        "delegate__user__first_name",
        "delegate__user__last_name",
    ]
    list_select_related = ["delegator__user", "delegate__user"]
    autocomplete_fields = ["delegator", "delegate"]
    date_hierarchy = "starts_on"

    def get_readonly_fields(self, request: HttpRequest, obj: Delegation | None = None) -> list[str]:
        if obj is None:
            return ["created_at"]
        return ["delegator", "delegate", "starts_on", "created_at"]

    def has_change_permission(self, request: HttpRequest, obj: Delegation | None = None) -> bool:
        if obj is not None and obj.ends_on < clock.today():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Delegation | None = None) -> bool:
        if obj is not None and obj.starts_on <= clock.today():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: Delegation, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        made = approvals.delegate(
            obj.delegator, obj.delegate, obj.starts_on, obj.ends_on, obj.reason
        )
        obj.pk, obj.created_at = made.pk, made.created_at
        obj._state.adding = False
