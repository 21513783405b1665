"""What the register holds about one officer, as plain data (UK GDPR article 15).

`collect(officer)` gathers every row about them into one JSON-able dict: their staff
record and account, every version of every declaration they made (details, verdict,
events, approval steps, reviews), the decisions and reviews they made on others'
declarations, delegations, annual declarations, roles, the security log's entries of
and about them, sign-in identities and sessions, second factors (never a secret or a
recovery code), register setting changes, exports and subject-access copies asked for,
publications they were listed in and publications they made, their requests to withhold
an entry from publication and the requests they decided, approval steps waiting for
them (or their delegate), what they did on others' declarations, the entries whose
register they keep, django-axes' records of sign-ins with their username and the admin
site's log of changes made as them.

Someone else's data stays out: where they acted on another officer's declaration
(a decision, a review, a withholding decision, a waiting step, an event, keeping its
register) the copy names that declaration by reference and type only, never its officer,
its answers or a note that may be about that officer. A delegation's reason is the
delegator's (their leave, perhaps their health), so the delegate's copy leaves it out.
The admin log gives the kind of record changed, never its name. A published row is
theirs when it carries their name and matches one of their own declarations
(Publication.entries keeps only the name and job title, no officer id), so a colleague's
row about the same counterparty is left out.

Every table is read in a bounded number of queries: the declarations with their
details, events, steps and reviews prefetched, in chunks (no query per declaration);
publications one at a time (their snapshots can be a whole register).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from axes import models as axes_models
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, Q
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from declarations import clock, labels
from declarations.choices import SecurityEventKind, StepState
from declarations.models import (
    DETAIL_MODELS,
    DETAIL_RELATED_NAMES,
    AnnualDeclaration,
    ApprovalStep,
    Declaration,
    DeclarationEvent,
    Delegation,
    Export,
    InterestReview,
    Officer,
    Publication,
    PublicationWithholding,
    RegisterSettingChange,
    RoleAssignment,
    SecurityEvent,
    SignedInSession,
    SignInIdentity,
    SubjectAccessCopy,
)

CHUNK = 200  # rows fetched at a time from each table
PUBLICATION_CHUNK = 5  # publications at a time: each holds a whole register's snapshot
FORMAT_VERSION = 1
ADMIN_ACTIONS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}

# The fields of a declaration the copy gives (search_text is derived from them).
DECLARATION_FIELDS = (
    "reference",
    "version",
    "type",
    "status",
    "counterparty",
    "description",
    "date",
    "ended_on",
    "declared_on",
    "submitted_at",
    "officer_name",
    "officer_level",
    "register_keeper",
    "outcome",
    "late",
    "deadline",
    "value_gbp",
    "policy_version",
    "rules_fired",
    "verdict",
    "request_facts",
    "draft_answers",
    "disposition",
    "disposition_due_on",
    "disposition_on",
    "disposition_note",
    "disposition_recorded_at",
    "disposition_reminder_sent_on",
    "deadline_reminder_sent_on",
    "created_at",
    "updated_at",
)
# An entry's officer's answers sit in these; others' declarations never show them.
SECTIONS = (
    "profile",
    "declarations",
    "decisions_made",
    "delegations",
    "annual_declarations",
    "interest_reviews_made",
    "roles",
    "security_log",
    "security_log_about_you",
    "sign_in_identities",
    "sessions",
    "second_factors",
    "register_setting_changes",
    "exports",
    "subject_access_copies",
    "publications_listing_you",
    "publications_made",
    "withholdings_asked",
    "withholdings_decided",
    "approvals_waiting",
    "events_on_others",
    "register_keeper_of",
    "sign_in_attempts",
    "admin_actions",
)


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates and times as ISO 8601, money as a string."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(key): plain(each) for key, each in value.items()}
    if isinstance(value, list | tuple):
        return [plain(each) for each in value]
    return value


def _name(officer: Officer | None) -> str:
    return officer.full_name if officer is not None else ""


def _user_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def collect(officer: Officer) -> dict[str, Any]:
    """Everything the register holds about `officer`, and nothing about anyone else."""
    officer = Officer.objects.select_related(
        "user", "organisation", "seconded_to", "line_manager__user"
    ).get(pk=officer.pk)
    own = _declarations(officer)
    entry_ids = [version["id"] for entry in own for version in entry["versions"]]
    return {
        "format_version": FORMAT_VERSION,
        "made_at": plain(clock.now()),
        "officer_id": officer.pk,
        "profile": profile(officer),
        "declarations": own,
        "decisions_made": _decisions_made(officer),
        "delegations": _delegations(officer),
        "annual_declarations": _annual_declarations(officer),
        "interest_reviews_made": _reviews_made(officer),
        "roles": _roles(officer),
        "security_log": _security_log(officer),
        "security_log_about_you": _security_log_about(officer, entry_ids),
        "sign_in_identities": _identities(officer),
        "sessions": _sessions(officer),
        "second_factors": _second_factors(officer),
        "register_setting_changes": _setting_changes(officer),
        "exports": _exports(officer),
        "subject_access_copies": _copies(officer),
        "publications_listing_you": _publications_listing(officer, own),
        "publications_made": _publications_made(officer),
        "withholdings_asked": _withholdings_asked(officer),
        "withholdings_decided": _withholdings_decided(officer),
        "approvals_waiting": _approvals_waiting(officer),
        "events_on_others": _events_on_others(officer),
        "register_keeper_of": _register_keeper_of(officer),
        "sign_in_attempts": _sign_in_attempts(officer),
        "admin_actions": _admin_actions(officer),
    }


def profile(officer: Officer) -> dict[str, Any]:
    """The staff record and the account: never the password hash."""
    user = officer.user
    return plain(
        {
            "name": officer.full_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "username": user.get_username(),
            "email": user.email,
            "account_active": user.is_active,
            "account_created_at": user.date_joined,
            "last_signed_in_at": user.last_login,
            "staff_number": officer.staff_number,
            "organisation": officer.organisation.name,
            "seconded_to": officer.seconded_to.name if officer.seconded_to else "",
            "job_title": officer.job_title,
            "department": officer.department,
            "level": officer.level,
            "level_words": labels.level(officer.level),
            "spinal_column_point": officer.spinal_column_point,
            "line_manager": _name(officer.line_manager),
            "board_member": officer.board_member,
            "politically_restricted": officer.politically_restricted,
            "procurement_or_regulatory_role": officer.procurement_or_regulatory_role,
            "contracted_hours_per_week": officer.contracted_hours_per_week,
            "appointed_on": officer.appointed_on,
            "left_on": officer.left_on,
            "active": officer.active,
        }
    )


# --- their declarations ------------------------------------------------------------------------


def _own_declarations(officer: Officer) -> Iterator[Declaration]:
    """Every version of every declaration of theirs, with all it carries, in chunks."""
    detail_names = sorted(set(DETAIL_RELATED_NAMES.values()))
    return (
        Declaration.objects.filter(officer=officer)
        .select_related(
            "organisation",
            "host_organisation",
            "register_keeper_officer__user",
            "amends",
            *detail_names,
        )
        .prefetch_related(
            Prefetch(
                "events",
                queryset=DeclarationEvent.objects.select_related("actor").order_by("at", "id"),
            ),
            Prefetch(
                "approval_steps",
                queryset=ApprovalStep.objects.select_related(
                    "assignee__user", "decided_by__user", "delegated_from__user"
                ).order_by("order"),
            ),
            Prefetch(
                "interest_reviews",
                queryset=InterestReview.objects.select_related("reviewed_by__user").order_by(
                    "reviewed_on", "id"
                ),
            ),
        )
        .order_by("reference", "version", "id")
        .iterator(chunk_size=CHUNK)
    )


def _declarations(officer: Officer) -> list[dict[str, Any]]:
    """Their declarations, one item per entry with its versions oldest first (an
    amendment chain shares a reference; a draft never submitted is an entry alone)."""
    entries: dict[str, dict[str, Any]] = {}
    for declaration in _own_declarations(officer):
        key = declaration.reference or f"draft-{declaration.pk}"
        entry = entries.setdefault(
            key,
            {"reference": declaration.reference, "type": declaration.type, "versions": []},
        )
        entry["versions"].append(_version(declaration))
    return list(entries.values())


def _detail(declaration: Declaration) -> dict[str, Any]:
    """The type's own facts (gift, interest, outside work, relationship, disclosure)."""
    model = DETAIL_MODELS.get(declaration.type)
    detail = declaration.detail
    if model is None or detail is None:
        return {}
    return {
        field.name: plain(getattr(detail, field.attname))
        for field in model._meta.concrete_fields
        if field.name != "declaration"
    }


def _version(declaration: Declaration) -> dict[str, Any]:
    data: dict[str, Any] = {"id": declaration.pk}
    data.update({name: plain(getattr(declaration, name)) for name in DECLARATION_FIELDS})
    data.update(
        {
            "reference_with_version": declaration.reference_with_version,
            "type_words": labels.declaration_type(declaration.type),
            "status_words": labels.status(declaration.status),
            "amends": declaration.amends.reference_with_version if declaration.amends else "",
            "organisation": declaration.organisation.name,
            "host_organisation": (
                declaration.host_organisation.name if declaration.host_organisation else ""
            ),
            "register_keeper_officer": _name(declaration.register_keeper_officer),
            "detail": _detail(declaration),
            "events": [_event(event) for event in declaration.events.all()],
            "approval_steps": [_step(step) for step in declaration.approval_steps.all()],
            "interest_reviews": [
                {
                    "reviewed_on": plain(review.reviewed_on),
                    "reviewed_by": _name(review.reviewed_by),
                    "note": review.note,
                }
                for review in declaration.interest_reviews.all()
            ],
        }
    )
    return data


def _event(event: DeclarationEvent) -> dict[str, Any]:
    return plain(
        {
            "at": event.at,
            "action": event.action,
            "action_words": labels.action(event.action),
            "by": _user_name(event.actor) or "The register",
            "from_status": event.from_status,
            "to_status": event.to_status,
            "note": event.note,
        }
    )


def _step(step: ApprovalStep) -> dict[str, Any]:
    return plain(
        {
            "order": step.order,
            "role": step.role,
            "role_words": labels.role(step.role),
            "assignee": _name(step.assignee),
            "state": step.state,
            "state_words": labels.step_state(step.state),
            "decided_by": _name(step.decided_by),
            "decided_at": step.decided_at,
            "reason": step.reason,
            "opened_at": step.opened_at,
            "due_on": step.due_on,
            "delegated_from": _name(step.delegated_from),
        }
    )


# --- what they did to others' declarations: reference and type only ---------------------------


def _others(declaration: Declaration) -> dict[str, str]:
    """Another officer's declaration as this copy may name it: its reference and type."""
    return {
        "declaration": declaration.reference_with_version,
        "declaration_type": labels.declaration_type(declaration.type),
    }


def _decisions_made(officer: Officer) -> list[dict[str, Any]]:
    """Approval steps they decided on others' declarations, with their reasons."""
    steps = (
        ApprovalStep.objects.filter(decided_by=officer)
        .exclude(declaration__officer=officer)
        .select_related("declaration", "delegated_from__user")
        .only(
            "order",
            "role",
            "state",
            "decided_at",
            "reason",
            "declaration__reference",
            "declaration__version",
            "declaration__type",
            "delegated_from__user__first_name",
            "delegated_from__user__last_name",
            "delegated_from__user__username",
        )
        .order_by("decided_at", "id")
    )
    return [
        {
            **_others(step.declaration),
            "role": labels.role(step.role),
            "decision": labels.step_state(step.state),
            "decided_at": plain(step.decided_at),
            "reason": step.reason,
            "as_delegate_of": _name(step.delegated_from),
        }
        for step in steps.iterator(chunk_size=CHUNK)
    ]


def _reviews_made(officer: Officer) -> list[dict[str, Any]]:
    """Interest reviews they made of others' entries (theirs are on their entries)."""
    reviews = (
        InterestReview.objects.filter(reviewed_by=officer)
        .exclude(declaration__officer=officer)
        .select_related("declaration")
        .only(
            "reviewed_on",
            "note",
            "declaration__reference",
            "declaration__version",
            "declaration__type",
        )
        .order_by("reviewed_on", "id")
    )
    return [
        {
            **_others(review.declaration),
            "reviewed_on": plain(review.reviewed_on),
            "note": review.note,
        }
        for review in reviews.iterator(chunk_size=CHUNK)
    ]


# --- the rest of what they did and were given --------------------------------------------------


def _delegations(officer: Officer) -> list[dict[str, Any]]:
    """Delegations they made or held; the reason only when they made it."""
    delegations = (
        Delegation.objects.filter(Q(delegator=officer) | Q(delegate=officer))
        .select_related("delegator__user", "delegate__user")
        .order_by("starts_on", "id")
    )
    return [
        plain(
            {
                "you_are": "delegator" if d.delegator_id == officer.pk else "delegate",
                "delegator": _name(d.delegator),
                "delegate": _name(d.delegate),
                "starts_on": d.starts_on,
                "ends_on": d.ends_on,
                # The delegator wrote it (their leave, perhaps their health): theirs, so
                # it is in the delegator's copy and not the delegate's.
                "reason": d.reason if d.delegator_id == officer.pk else "",
                "created_at": d.created_at,
            }
        )
        for d in delegations.iterator(chunk_size=CHUNK)
    ]


def _annual_declarations(officer: Officer) -> list[dict[str, Any]]:
    annual = (
        AnnualDeclaration.objects.filter(officer=officer)
        .prefetch_related(
            Prefetch("interests", queryset=Declaration.objects.only("reference", "version"))
        )
        .order_by("year")
    )
    return [
        plain(
            {
                "year": a.year,
                "kind": a.kind,
                "kind_words": a.get_kind_display(),
                "confirmed_at": a.confirmed_at,
                "interests_confirmed": [d.reference_with_version for d in a.interests.all()],
                "note": a.note,
            }
        )
        for a in annual.iterator(chunk_size=CHUNK)
    ]


def _roles(officer: Officer) -> list[dict[str, Any]]:
    roles = (
        RoleAssignment.objects.filter(officer=officer)
        .select_related("organisation")
        .order_by("valid_from", "id")
    )
    return [
        plain(
            {
                "organisation": r.organisation.name,
                "role": r.role,
                "role_words": r.get_role_display(),
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
            }
        )
        for r in roles
    ]


def _security_log(officer: Officer) -> list[dict[str, Any]]:
    """The security log's entries of their own doings (sign-ins, changes, downloads)."""
    events = (
        SecurityEvent.objects.filter(user=officer.user_id)
        .select_related("organisation")
        .order_by("at", "id")
    )
    return [
        plain(
            {
                "at": e.at,
                "kind": e.kind,
                "kind_words": e.get_kind_display(),
                "username": e.username,
                "organisation": e.organisation.name if e.organisation else "",
                "ip_address": e.ip_address,
                "path": e.path,
                "detail": e.detail,
            }
        )
        for e in events.iterator(chunk_size=CHUNK)
    ]


def _about(officer: Officer, entry_ids: list[int]) -> Q:
    """Security events of someone else (or no one) about this officer: failed sign-ins
    naming their username, events whose detail names them (`officer`), and openings
    of their entries by the register's keepers."""
    about = Q(user__isnull=True, username=officer.user.get_username())
    about |= Q(detail__officer=officer.pk)
    for start in range(0, len(entry_ids), 500):
        about |= Q(
            kind=SecurityEventKind.REGISTER_ENTRY_OPENED,
            detail__entry__in=entry_ids[start : start + 500],
        )
    return about


def _security_log_about(officer: Officer, entry_ids: list[int]) -> list[dict[str, Any]]:
    """Events about them that others did: when, what and who (not that person's address)."""
    events = (
        SecurityEvent.objects.filter(_about(officer, entry_ids))
        .exclude(user=officer.user_id)
        .select_related("user")
        .order_by("at", "id")
    )
    return [
        plain(
            {
                "at": e.at,
                "kind": e.kind,
                "kind_words": e.get_kind_display(),
                "by": _user_name(e.user) or "(nobody signed in)",
                "username_given": e.username if e.user_id is None else "",
                "detail": e.detail,
            }
        )
        for e in events.iterator(chunk_size=CHUNK)
    ]


def _identities(officer: Officer) -> list[dict[str, Any]]:
    identities = SignInIdentity.objects.filter(officer=officer).order_by("first_signed_in_at")
    return [
        plain(
            {
                "issuer": i.issuer,
                "subject": i.subject,
                "first_signed_in_at": i.first_signed_in_at,
                "last_signed_in_at": i.last_signed_in_at,
            }
        )
        for i in identities
    ]


def _sessions(officer: Officer) -> list[dict[str, Any]]:
    """Their recorded sessions: never the session key."""
    sessions = SignedInSession.objects.filter(user=officer.user_id).order_by("started_at")
    return [
        plain(
            {
                "started_at": s.started_at,
                "method": s.method,
                "ip_address": s.ip_address,
                "user_agent": s.user_agent,
            }
        )
        for s in sessions.iterator(chunk_size=CHUNK)
    ]


def _second_factors(officer: Officer) -> list[dict[str, Any]]:
    """That they have an authenticator app or recovery codes, and when: never the secret
    key or the codes themselves (how many are left is all)."""
    factors: list[dict[str, Any]] = []
    for app in TOTPDevice.objects.filter(user=officer.user_id).only(
        "name", "confirmed", "created_at", "last_used_at"
    ):
        factors.append(
            plain(
                {
                    "kind": "authenticator app",
                    "name": app.name,
                    "confirmed": app.confirmed,
                    "created_at": app.created_at,
                    "last_used_at": app.last_used_at,
                }
            )
        )
    codes = StaticDevice.objects.filter(user=officer.user_id).annotate(
        left=models.Count("token_set")
    )
    for device in codes.only("name", "confirmed", "created_at", "last_used_at"):
        factors.append(
            plain(
                {
                    "kind": "recovery codes",
                    "name": device.name,
                    "confirmed": device.confirmed,
                    "created_at": device.created_at,
                    "last_used_at": device.last_used_at,
                    "codes_left": device.left,
                }
            )
        )
    return factors


def _setting_changes(officer: Officer) -> list[dict[str, Any]]:
    changes = (
        RegisterSettingChange.objects.filter(changed_by=officer.user_id)
        .select_related("organisation")
        .order_by("at", "id")
    )
    return [
        plain(
            {
                "at": c.at,
                "organisation": c.organisation.name,
                "setting": c.get_setting_display(),
                "old_value": c.old_value,
                "new_value": c.new_value,
                "reason": c.reason,
            }
        )
        for c in changes.iterator(chunk_size=CHUNK)
    ]


def _exports(officer: Officer) -> list[dict[str, Any]]:
    """Register exports they asked for: what and when, not the rows (others' entries)."""
    exports = (
        Export.objects.filter(requested_by=officer.user_id)
        .select_related("organisation")
        .defer("query")
        .order_by("requested_at")
    )
    return [
        plain(
            {
                "requested_at": e.requested_at,
                "organisation": e.organisation.name,
                "title": e.title,
                "filename": e.filename,
                "format": e.format,
                "state": e.state,
                "rows": e.rows_total,
                "finished_at": e.finished_at,
                "expires_at": e.expires_at,
                "file_deleted_at": e.file_deleted_at,
            }
        )
        for e in exports.iterator(chunk_size=CHUNK)
    ]


def _copies(officer: Officer) -> list[dict[str, Any]]:
    """Copies like this one: of them (whoever asked) and those they asked for (of whom
    only if it was them: another officer's copy is that officer's business)."""
    copies = (
        SubjectAccessCopy.objects.filter(Q(officer=officer) | Q(requested_by=officer.user_id))
        .select_related("requested_by")
        .order_by("requested_at")
    )
    return [
        plain(
            {
                "requested_at": c.requested_at,
                "of_you": c.officer_id == officer.pk,
                "asked_for_by": (
                    "you" if c.requested_by_id == officer.user_id else _user_name(c.requested_by)
                ),
                "state": c.state,
                "finished_at": c.finished_at,
                "expires_at": c.expires_at,
                "file_deleted_at": c.file_deleted_at,
            }
        )
        for c in copies.iterator(chunk_size=CHUNK)
    ]


# --- publications --------------------------------------------------------------------------------


def _published_keys(entries: Iterable[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """(counterparty, description, date) of every version of their declarations."""
    return {
        (str(v["counterparty"]), str(v["description"]), str(v["date"]))
        for entry in entries
        for v in entry["versions"]
    }


def is_their_row(row: Any, name: str, keys: set[tuple[str, str, str]]) -> bool:
    """A published row carries only a name and the entry: it is theirs when the name is
    theirs and the entry is one of theirs (a namesake's entries are not)."""
    if not isinstance(row, dict) or row.get("name") != name:
        return False
    key = (str(row.get("counterparty", "")), str(row.get("description", "")), str(row.get("date")))
    return key in keys


def _publications_listing(officer: Officer, own: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Publications that listed them, with their own rows only. A publication lists its
    organisation's own officers, so only those of the organisations they filed with."""
    keys = _published_keys(own)
    if not keys:
        return []
    organisations = {officer.organisation_id}
    organisations |= set(
        Declaration.objects.filter(officer=officer)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    publications = (
        Publication.objects.filter(organisation__in=organisations, row_count__gt=0)
        .select_related("organisation")
        .only("published_at", "minimum_level", "entries", "organisation__name")
        .order_by("published_at", "id")
    )
    found = []
    for publication in publications.iterator(chunk_size=PUBLICATION_CHUNK):
        rows = [
            plain(row) for row in publication.entries if is_their_row(row, officer.full_name, keys)
        ]
        if rows:
            found.append(
                plain(
                    {
                        "published_at": publication.published_at,
                        "organisation": publication.organisation.name,
                        "your_rows": rows,
                    }
                )
            )
    return found


def _publications_made(officer: Officer) -> list[dict[str, Any]]:
    """Publications they made (as monitoring officer): when, of what, how many rows."""
    made = (
        Publication.objects.filter(published_by=officer)
        .select_related("organisation")
        .only("published_at", "minimum_level", "row_count", "organisation__name")
        .order_by("published_at", "id")
    )
    return [
        plain(
            {
                "published_at": p.published_at,
                "organisation": p.organisation.name,
                "minimum_level": p.minimum_level,
                "rows": p.row_count,
            }
        )
        for p in made.iterator(chunk_size=CHUNK)
    ]


# --- withholding, waiting approvals, events and keeping of others' entries -----------------------


def _withholdings_asked(officer: Officer) -> list[dict[str, Any]]:
    """Their requests to keep an entry out of the published register, and the decision
    on each (its reason too: it answers them), not who decided."""
    asked = (
        PublicationWithholding.objects.filter(asked_by=officer)
        .only("reference", "asked_at", "reason", "state", "decided_at", "decision_reason")
        .order_by("asked_at", "id")
    )
    return [
        plain(
            {
                "reference": w.reference,
                "asked_at": w.asked_at,
                "reason": w.reason,
                "state": w.state,
                "state_words": w.get_state_display(),
                "decided_at": w.decided_at,
                "decision_reason": w.decision_reason,
            }
        )
        for w in asked.iterator(chunk_size=CHUNK)
    ]


def _withholdings_decided(officer: Officer) -> list[dict[str, Any]]:
    """Others' requests they decided: the entry by reference and type and their decision;
    neither the asker's reason nor theirs, which would restate the asker's circumstances
    (perhaps a danger to them)."""
    decided = (
        PublicationWithholding.objects.filter(decided_by=officer)
        .exclude(asked_by=officer)
        .select_related("declaration")
        .only(
            "reference",
            "state",
            "decided_at",
            "declaration__reference",
            "declaration__version",
            "declaration__type",
        )
        .order_by("decided_at", "id")
    )
    return [
        plain(
            {
                "declaration": w.reference,
                "declaration_type": labels.declaration_type(w.declaration.type),
                "decision": w.get_state_display(),
                "decided_at": w.decided_at,
            }
        )
        for w in decided.iterator(chunk_size=CHUNK)
    ]


def _approvals_waiting(officer: Officer) -> list[dict[str, Any]]:
    """Steps on others' declarations waiting for them, or for their delegate while they
    are away: the entry by reference and type, never the other officer."""
    steps = (
        ApprovalStep.objects.filter(Q(assignee=officer) | Q(delegated_from=officer))
        .filter(state=StepState.PENDING)
        .exclude(declaration__officer=officer)
        .select_related("declaration")
        .only(
            "role",
            "opened_at",
            "due_on",
            "assignee_id",
            "delegated_from_id",
            "declaration__reference",
            "declaration__version",
            "declaration__type",
        )
        .order_by("opened_at", "id")
    )
    return [
        {
            **_others(step.declaration),
            "role": labels.role(step.role),
            "held_by": "you" if step.assignee_id == officer.pk else "your delegate",
            "opened_at": plain(step.opened_at),
            "due_on": plain(step.due_on),
        }
        for step in steps.iterator(chunk_size=CHUNK)
    ]


def _events_on_others(officer: Officer) -> list[dict[str, Any]]:
    """What they did to others' declarations, as their history records it: never the
    note, which may be about the other officer."""
    events = (
        DeclarationEvent.objects.filter(actor=officer.user_id)
        .exclude(declaration__officer=officer)
        .select_related("declaration")
        .only(
            "at",
            "action",
            "declaration__reference",
            "declaration__version",
            "declaration__type",
        )
        .order_by("at", "id")
    )
    return [
        {
            **_others(event.declaration),
            "action": labels.action(event.action),
            "at": plain(event.at),
        }
        for event in events.iterator(chunk_size=CHUNK)
    ]


def _register_keeper_of(officer: Officer) -> list[dict[str, Any]]:
    """Others' declarations whose register they keep (named on the entry)."""
    kept = (
        Declaration.objects.filter(register_keeper_officer=officer)
        .exclude(officer=officer)
        .only("reference", "version", "type")
        .order_by("reference", "version", "id")
    )
    return [_others(declaration) for declaration in kept.iterator(chunk_size=CHUNK)]


# --- sign-in attempts (django-axes) and the admin site's log ------------------------------------


def _axes_logs() -> list[tuple[str, type[models.Model]]]:
    """django-axes' tables of sign-in attempts this install has (axes 8: AccessAttempt,
    AccessLog, AccessFailureLog). All are read, whatever the settings enable now: rows
    written while a log was on are still held."""
    names = (
        ("failed attempts being counted", "AccessAttempt"),
        ("sign-ins", "AccessLog"),
        ("failed attempts", "AccessFailureLog"),
    )
    return [
        (words, getattr(axes_models, name)) for words, name in names if hasattr(axes_models, name)
    ]


def _sign_in_attempts(officer: Officer) -> list[dict[str, Any]]:
    """django-axes' records of attempts to sign in with their username: when, from which
    address and browser, at which path (never the form data it kept)."""
    username = officer.user.get_username()
    found: list[dict[str, Any]] = []
    for words, model in _axes_logs():
        rows = (
            model._default_manager.filter(username=username)
            .only("attempt_time", "ip_address", "user_agent", "path_info")
            .order_by("attempt_time", "pk")
        )
        found += [
            plain(
                {
                    "record": words,
                    "at": row.attempt_time,  # type: ignore[attr-defined]
                    "ip_address": row.ip_address,  # type: ignore[attr-defined]
                    "user_agent": row.user_agent,  # type: ignore[attr-defined]
                    "path": row.path_info,  # type: ignore[attr-defined]
                }
            )
            for row in rows.iterator(chunk_size=CHUNK)
        ]
    return found


def _admin_actions(officer: Officer) -> list[dict[str, Any]]:
    """The Django admin's log of changes made as them: when, to what kind of record and
    how; never the record's name (object_repr), which may be someone else's."""
    entries = (
        LogEntry.objects.filter(user=officer.user_id)
        .select_related("content_type")
        .only("action_time", "action_flag", "content_type__app_label", "content_type__model")
        .order_by("action_time", "id")
    )
    return [
        plain(
            {
                "at": e.action_time,
                "record_type": _record_type(e.content_type),
                "action": ADMIN_ACTIONS.get(e.action_flag, str(e.action_flag)),
            }
        )
        for e in entries.iterator(chunk_size=CHUNK)
    ]


def _record_type(content_type: Any) -> str:
    """The kind of record as "app.model", never which one (the admin's log types its
    content_type loosely, hence Any)."""
    if not isinstance(content_type, ContentType):
        return ""
    return f"{content_type.app_label}.{content_type.model}"
