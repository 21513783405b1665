"""Who may open one sensitive entry (SENSITIVE_TYPES: relationships and disclosures).

The officer who filed it, the people on its route (the approvals journey decides who is)
and the monitoring officer of its organisation, or of the host it was filed while
seconded to; nobody else. The register's exports apply the same rule as a queryset
(queries.whole_register, access.sees_sensitive_entries_of); its pages list the entry
to any other keeper as a masked row (queries.page_listing, entries.MaskedRow).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from declarations import access, approvals
from declarations.models import Declaration


def may_see_sensitive(user: User | AnonymousUser, declaration: Declaration) -> bool:
    """Whether the user may see this entry as far as sensitivity goes: always for an entry
    that is not sensitive; for a sensitive one, only the people named above."""
    if not access.is_sensitive(declaration):
        return True
    officer = access.officer_of(user)
    if officer is None:
        return False
    if declaration.officer_id == officer.pk:
        return True
    keeps = access.monitoring_officer_of(user)
    if {declaration.organisation_id, declaration.host_organisation_id} & keeps:
        return True
    return approvals.is_on_route(officer, declaration)
