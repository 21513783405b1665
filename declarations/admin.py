"""Admin for system administrators: people and roles are edited here; declarations and
their history are read-only (they change only through the workflow)."""

from django.contrib import admin

from .models import (
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    GiftHospitality,
    Interest,
    Officer,
    Organisation,
    OutsideWork,
    Relationship,
    RoleAssignment,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "reference_prefix"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "officer"
    extra = 0


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "staff_number", "organisation", "job_title", "level", "active"]
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


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["role", "organisation", "officer", "valid_from", "valid_to"]
    list_filter = ["organisation", "role"]
    search_fields = ["officer__user__first_name", "officer__user__last_name"]
    autocomplete_fields = ["officer"]


class ReadOnlyAdminMixin:
    """Visible to administrators, never changed by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class GiftHospitalityInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = GiftHospitality


class InterestInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Interest


class OutsideWorkInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = OutsideWork


class RelationshipInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Relationship


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
        RelationshipInline,
        ApprovalStepInline,
        DeclarationEventInline,
    ]


@admin.register(DeclarationEvent)
class DeclarationEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["declaration", "action", "from_status", "to_status", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["declaration", "actor"]
