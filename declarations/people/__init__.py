"""People: the line-management hierarchy, who holds a role, and importing officers.

Other journeys reach people only through these functions.
"""

from declarations.people.hierarchy import nearest_at_level_for
from declarations.people.roles import (
    Resolution,
    RoleBook,
    fallback_person,
    resolve_role,
    resolve_roles,
)

__all__ = [
    "Resolution",
    "RoleBook",
    "fallback_person",
    "nearest_at_level_for",
    "resolve_role",
    "resolve_roles",
]
