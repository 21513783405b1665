"""How the register names an officer: "Sam Officer", or "Sam Officer (former officer)"
once they have left (Officer.active false, set by the people journey's leavers).

Every register page, the entry page, the approvals pages (the `officer_name` filter in
register_tags), the dashboard's lists and the exports' "Former officer" column read it
from the officer already joined to the row: no query of its own. The published register
is the public's, and names officers as it always has.
"""

from __future__ import annotations

from declarations.models import Officer

FORMER_OFFICER = "former officer"


def officer_name(officer: Officer | None) -> str:
    """The officer's name, marked as a former officer's once they have left."""
    if officer is None:
        return ""
    return name_with_status(officer.full_name, officer.active)


def name_with_status(name: str, active: bool) -> str:
    """A name read as text (an export's, a dashboard's aggregate), marked once they have left."""
    return name if active else f"{name} ({FORMER_OFFICER})"
