"""People: the line-management hierarchy, who holds a role, importing officers, and
leavers and movers (what happens when an officer leaves or their line manager changes).

Other journeys reach people only through these functions.
"""

from declarations.people.hierarchy import nearest_at_level_for
from declarations.people.leavers import (
    Leaving,
    apply_leaving,
    apply_leaving_dates,
    record_leaving,
)
from declarations.people.movers import within_reach
from declarations.people.roles import (
    CHAIN_LEVELS,
    Resolution,
    RoleBook,
    fallback_person,
    resolve_role,
    resolve_roles,
)

__all__ = [
    "CHAIN_LEVELS",
    "Leaving",
    "Resolution",
    "RoleBook",
    "apply_leaving",
    "apply_leaving_dates",
    "fallback_person",
    "nearest_at_level_for",
    "record_leaving",
    "resolve_role",
    "resolve_roles",
    "within_reach",
]
