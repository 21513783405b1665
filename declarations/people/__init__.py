"""People: the line-management hierarchy, who holds a role, and importing officers.

Other journeys reach people only through these functions.
"""

from declarations.people.hierarchy import nearest_at_level_for
from declarations.people.roles import Resolution, fallback_person, resolve_role

__all__ = ["Resolution", "fallback_person", "nearest_at_level_for", "resolve_role"]
